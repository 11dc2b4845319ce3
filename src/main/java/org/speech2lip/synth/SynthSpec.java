package org.speech2lip.synth;

import org.speech2lip.UserError;

/**
 * Everything that defines a synthetic subject clip. The defaults give a 20 s, 256×256, 25 fps
 * clip of one gently moving head about 45 cm from a camera whose focal length is 1.2 × the width,
 * so the face spans about 45 % of the frame and perspective is strong enough to recover the focal.
 *
 * @param seed           drives the speech, the head motion and the small texture variations
 * @param yawDegrees     head motion amplitudes: the pose stays within ± these angles
 * @param translationCm  amplitude of the head's translation in x and y (z moves by 1.5 × this)
 * @param secondFace     also render a second, silent head beside the speaker
 * @param exitFrame      the head moves out of the frame for most of the clip and comes back
 */
public record SynthSpec(int width, int height, double fps, double seconds, long seed, double focal,
                        double yawDegrees, double pitchDegrees, double rollDegrees, double translationCm,
                        SkinTone skin, boolean secondFace, boolean exitFrame) {

    /** Albedo of the skin (sRGB, 0..1); the lips and cheeks are derived from it. */
    public enum SkinTone {
        LIGHT(0.87, 0.70, 0.60), MEDIUM(0.76, 0.56, 0.42), DARK(0.47, 0.32, 0.23);

        public final double r, g, b;

        SkinTone(double r, double g, double b) {
            this.r = r;
            this.g = g;
            this.b = b;
        }
    }

    public static final SynthSpec DEFAULT = sized(256, 256);
    public static final SynthSpec HD512 = sized(512, 512);
    public static final SynthSpec TWO_FACES = DEFAULT.withSecondFace(true);
    public static final SynthSpec FACE_LEAVES = DEFAULT.withExitFrame(true);

    public SynthSpec {
        if (width < 64 || height < 64 || width % 2 != 0 || height % 2 != 0) {
            throw new UserError("Synthetic video size " + width + "x" + height + " is not supported: use even sizes of at least 64x64");
        }
        if (!(fps > 0) || !(seconds > 0)) {
            throw new UserError("Synthetic clip needs a positive fps and length (got " + fps + " fps, " + seconds + " s): give both");
        }
        if (!(focal > 0)) throw new UserError("Synthetic camera focal length must be positive (got " + focal + "): give e.g. 1.2 x the width");
        if (yawDegrees < 0 || pitchDegrees < 0 || rollDegrees < 0 || translationCm < 0
                || yawDegrees > 30 || pitchDegrees > 30 || rollDegrees > 30 || translationCm > 10) {
            throw new UserError("Synthetic head motion amplitudes must lie in 0..30 degrees and 0..10 cm: lower them");
        }
    }

    private static SynthSpec sized(int w, int h) {
        return new SynthSpec(w, h, 25, 20, 1, 1.2 * w, 8, 5, 3, 1.0, SkinTone.MEDIUM, false, false);
    }

    public int frames() {
        return (int) Math.round(seconds * fps);
    }

    public SynthSpec withSize(int w, int h) {
        return new SynthSpec(w, h, fps, seconds, seed, focal * w / width, yawDegrees, pitchDegrees, rollDegrees,
                translationCm, skin, secondFace, exitFrame);
    }

    public SynthSpec withSeconds(double s) {
        return new SynthSpec(width, height, fps, s, seed, focal, yawDegrees, pitchDegrees, rollDegrees, translationCm,
                skin, secondFace, exitFrame);
    }

    public SynthSpec withSeed(long s) {
        return new SynthSpec(width, height, fps, seconds, s, focal, yawDegrees, pitchDegrees, rollDegrees, translationCm,
                skin, secondFace, exitFrame);
    }

    public SynthSpec withSkin(SkinTone tone) {
        return new SynthSpec(width, height, fps, seconds, seed, focal, yawDegrees, pitchDegrees, rollDegrees,
                translationCm, tone, secondFace, exitFrame);
    }

    public SynthSpec withSecondFace(boolean on) {
        return new SynthSpec(width, height, fps, seconds, seed, focal, yawDegrees, pitchDegrees, rollDegrees,
                translationCm, skin, on, exitFrame);
    }

    public SynthSpec withExitFrame(boolean on) {
        return new SynthSpec(width, height, fps, seconds, seed, focal, yawDegrees, pitchDegrees, rollDegrees,
                translationCm, skin, secondFace, on);
    }
}
