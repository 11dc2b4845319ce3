package org.speech2lip.synth;

import org.speech2lip.geometry.Pose;

import java.util.SplittableRandom;

/**
 * A head's pose over time: yaw, pitch, roll and translation each a slow sum of three sines
 * (0.04-0.35 Hz) whose weights add up to one, so every channel stays within its amplitude.
 * The head turns about the neck, not about the nose, as a real head does.
 */
final class HeadMotion {
    private final double[] amplitude;   // yaw, pitch, roll (degrees), x, y, z (cm)
    private final double[][] freq = new double[6][3], phase = new double[6][3];
    private final double[] base;
    private final double exitAfter, returnBy, seconds;
    private static final double[] WEIGHTS = {0.5, 0.3, 0.2};

    /**
     * @param base where the neck pivot sits in camera space at rest, cm
     * @param exit whether the head leaves the frame (to the right) for most of the clip
     */
    HeadMotion(SynthSpec spec, long seed, double[] base, boolean exit) {
        amplitude = new double[] {spec.yawDegrees(), spec.pitchDegrees(), spec.rollDegrees(),
            spec.translationCm(), spec.translationCm(), 1.5 * spec.translationCm()};
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int c = 0; c < 6; c++) {
            for (int k = 0; k < 3; k++) {
                freq[c][k] = 0.04 + 0.31 * rnd.nextDouble();
                phase[c][k] = 2 * Math.PI * rnd.nextDouble();
            }
        }
        this.base = base.clone();
        seconds = spec.seconds();
        exitAfter = exit ? 0.15 : Double.NaN;
        returnBy = 0.85;
    }

    /** The head-model → camera pose at time t (seconds). */
    Pose at(double t) {
        double[] v = new double[6];
        for (int c = 0; c < 6; c++) {
            for (int k = 0; k < 3; k++) v[c] += WEIGHTS[k] * Math.sin(2 * Math.PI * freq[c][k] * t + phase[c][k]);
            v[c] *= amplitude[c];
        }
        double away = 0;
        if (!Double.isNaN(exitAfter)) {
            double f = t / seconds;
            away = Ramp.smoothstep(exitAfter, exitAfter + 0.1, f) * (1 - Ramp.smoothstep(returnBy - 0.1, returnBy, f));
        }
        Pose r = Pose.fromYawPitchRollDegrees(v[0], v[1], v[2], new double[3]);
        double[] pivot = HeadRenderer.NECK_PIVOT, rp = r.apply(pivot);
        // out of frame: a full head width and more beyond the right edge at any distance used here
        double[] at = {base[0] + v[3] + 60 * away, base[1] + v[4], base[2] + v[5]};
        return new Pose(r.r(), new double[] {at[0] - rp[0], at[1] - rp[1], at[2] - rp[2]});
    }
}
