package org.speech2lip.synth;

import me.tongfei.progressbar.ProgressBar;
import org.speech2lip.data.ProgressBars;
import org.speech2lip.geometry.Camera;
import org.speech2lip.geometry.Pose;
import org.speech2lip.media.Mp4Writer;
import org.speech2lip.media.RgbImage;

import java.nio.file.Path;

/**
 * The built-in synthetic subject: a rendered head saying formant-synthesised syllables, its mouth
 * a known function of the sound, seen by a camera of known focal length while the head gently
 * moves. {@link #generate} writes the clip with its exact ground truth; the instance methods give
 * single frames for tests.
 */
public final class SynthSubject {
    /** Camera-space position of the head-model origin at rest, cm: about 45 cm from the camera. */
    private static final double[] SPEAKER_AT = {0, 0.5, 45};
    /** With a second head the two stand side by side, a little further away so both fit. */
    private static final double[] LEFT_OF_TWO = {-11, 2, 62}, RIGHT_OF_TWO = {11, 2, 62};

    private final SynthSpec spec;
    private final SpeechSynth.Speech speech;
    private final Camera camera;
    private final HeadRenderer renderer;
    private final HeadMotion speaker, other;

    public SynthSubject(SynthSpec spec) {
        this.spec = spec;
        speech = SpeechSynth.generate(spec.seconds(), spec.fps(), spec.seed());
        camera = Camera.centred(spec.focal(), spec.width(), spec.height());
        renderer = new HeadRenderer(spec.width(), spec.height(), spec.skin(), spec.seed());
        speaker = new HeadMotion(spec, spec.seed(), pivotAt(spec.secondFace() ? LEFT_OF_TWO : SPEAKER_AT), spec.exitFrame());
        other = spec.secondFace() ? new HeadMotion(spec, spec.seed() + 7919, pivotAt(RIGHT_OF_TWO), false) : null;
    }

    private static double[] pivotAt(double[] origin) {
        double[] p = HeadRenderer.NECK_PIVOT;
        return new double[] {origin[0] + p[0], origin[1] + p[1], origin[2] + p[2]};
    }

    public SpeechSynth.Speech speech() {
        return speech;
    }

    public Camera camera() {
        return camera;
    }

    /** The speaker in frame k, posed at the middle of the frame's time interval. */
    public HeadRenderer.Head head(int frame) {
        Pose pose = speaker.at((frame + 0.5) / spec.fps());
        return new HeadRenderer.Head(pose, speech.opening()[frame], speech.rounding()[frame]);
    }

    public RgbImage frame(int frame) {
        if (other == null) return renderer.render(camera, head(frame));
        return renderer.render(camera, head(frame), new HeadRenderer.Head(other.at((frame + 0.5) / spec.fps()), 0, 0));
    }

    /** The speaker's 468 projected face vertices in frame k, (u, v) pairs. */
    public float[] landmarks(int frame) {
        return renderer.landmarks(camera, head(frame));
    }

    /**
     * Renders the clip with its speech into {@code outMp4} (H.264 + AAC) and writes the ground truth
     * next to it (see {@link GroundTruth}). The truth files are written first, so a finished mp4
     * always has its truth beside it.
     */
    public static GroundTruth generate(SynthSpec spec, Path outMp4) {
        return generate(spec, outMp4, true);
    }

    /** As {@link #generate(SynthSpec, Path)}, with a progress bar on stderr unless {@code quiet}. */
    public static GroundTruth generate(SynthSpec spec, Path outMp4, boolean quiet) {
        SynthSubject subject = new SynthSubject(spec);
        int n = spec.frames();
        float[] poses = new float[16 * n], landmarks = new float[n * 468 * 2];
        try (Mp4Writer out = new Mp4Writer(outMp4, spec.width(), spec.height(), spec.fps(), subject.speech.audio());
             ProgressBar bar = ProgressBars.create("rendering", n, quiet)) {
            try {
                for (int k = 0; k < n; k++) {
                    out.write(subject.frame(k));
                    bar.step();
                    System.arraycopy(subject.head(k).pose().toMatrix4(), 0, poses, 16 * k, 16);
                    System.arraycopy(subject.landmarks(k), 0, landmarks, k * 468 * 2, 468 * 2);
                }
                GroundTruth truth = new GroundTruth(spec.width(), spec.height(), spec.fps(), spec.focal(),
                        subject.speech.text(), poses, subject.speech.opening(), subject.speech.rounding(), landmarks);
                truth.write(outMp4);
                return truth;
            } catch (RuntimeException e) {
                out.abort();
                throw e;
            }
        }
    }
}
