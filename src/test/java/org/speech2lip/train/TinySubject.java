package org.speech2lip.train;

import ai.djl.Device;
import org.speech2lip.data.Prepare;
import org.speech2lip.data.SubjectData;
import org.speech2lip.model.ModelConfig;
import org.speech2lip.synth.GroundTruth;
import org.speech2lip.synth.SynthSpec;
import org.speech2lip.synth.SynthSubject;

import java.nio.file.Path;

/** A 6 s 128×128 synthetic subject prepared with its exact tracks, and a tiny config to train on it. */
public final class TinySubject {
    private TinySubject() {}

    public static Path prepare(Path dir, long seed) {
        Path video = dir.resolve("synth-" + seed + ".mp4"), subject = dir.resolve("subject-" + seed);
        SynthSubject.generate(SynthSpec.DEFAULT.withSize(128, 128).withSeconds(6).withSeed(seed), video);
        Prepare.run(new Prepare.Options(video, subject, false, null, GroundTruth.landmarksPath(video), 1, true));
        return subject;
    }

    /**
     * FAST with a 3 × 32 field, 2 frames and 256 lip pixels a step, a 4-channel Blend-Net on 32-pixel
     * patches, a 4-channel sync expert of 40 steps on 16-pixel-wide lips, a 32-unit mouth-shape
     * predictor of 200 steps; {@code steps} steps.
     */
    public static ModelConfig config(int steps, double learningRate) {
        ModelConfig.Training t = ModelConfig.FAST.training();
        return ModelConfig.FAST
                .withField(new ModelConfig.Field(3, 32, 1, 4, 4))
                .withBlend(new ModelConfig.Blend(4, 8, 0.5, 32, 1))
                .withSync(new ModelConfig.Sync(16, 4, 16, 40, 0.15, 8, 1))
                .withMouth(new ModelConfig.Mouth(6, 32, 0.5, 0.5, 0.01, 200, 32, 0.1, true, true))
                .withTraining(new ModelConfig.Training(learningRate, 2, 256, t.stage2Fraction(), steps, 0,
                        t.validationMinutes(), t.checkpointMinutes(), 7));
    }

    /** The tiny config with a time budget instead of a step count. */
    static ModelConfig timed(double minutes) {
        ModelConfig cfg = config(1, 1e-3);
        ModelConfig.Training t = cfg.training();
        return cfg.withTraining(t.withBudget(0, minutes));
    }

    public static LipTrainer trainer(ModelConfig cfg, SubjectData subject, Path modelDir) {
        return new LipTrainer(cfg, subject, modelDir, Device.cpu());
    }
}
