package org.speech2lip.train;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speech2lip.data.Prepare;
import org.speech2lip.data.SubjectData;
import org.speech2lip.model.ModelConfig;
import org.speech2lip.synth.GroundTruth;
import org.speech2lip.synth.SynthSpec;
import org.speech2lip.synth.SynthSubject;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The trainer overfits the lip crops of an 8 s synthetic subject: after a bounded number of steps
 * its renderings of training frames beat the mean lip image by a clear margin, so the audio and
 * time codes, not just the box coordinate, drive the output.
 */
class LipOverfitTest {
    private static final int STEPS = 1000;
    /** Measured: see the printed line; the mean lip image scores about 26.4 dB. */
    private static final double MIN_PSNR = 30, MIN_GAIN_OVER_MEAN = 3.5;
    /** Every 10th training frame. */
    private static final int[] FRAMES = {0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150, 160, 170};

    @TempDir
    static Path dir;
    static SubjectData subject;

    @BeforeAll
    static void prepare() {
        Path video = dir.resolve("synth.mp4"), out = dir.resolve("subject");
        SynthSubject.generate(SynthSpec.DEFAULT.withSeconds(8), video);
        Prepare.run(new Prepare.Options(video, out, false, null, GroundTruth.landmarksPath(video), 1, true));
        subject = SubjectData.open(out);
    }

    @Test
    void overfitsTheLipCropsWellBeyondTheMeanImage() {
        ModelConfig.Training t = ModelConfig.FAST.training();
        // the lip field alone, driven by speech directly: no mouth shape, no Blend-Net, no sync stage
        ModelConfig cfg = ModelConfig.FAST
                .withMouth(ModelConfig.Mouth.OFF)
                .withAblation(new ModelConfig.Ablation(true, true, false, true, ModelConfig.SyncLoss.OFF))
                .withField(new ModelConfig.Field(4, 64, 2, 6, 20))
                .withTraining(new ModelConfig.Training(3e-3, 4, 1024, t.stage2Fraction(), STEPS, 0,
                        t.validationMinutes(), t.checkpointMinutes(), 1));
        try (LipTrainer trainer = TinySubject.trainer(cfg, subject, dir.resolve("model"))) {
            long t0 = System.nanoTime();
            trainer.run((s, l) -> { });
            double ms = (System.nanoTime() - t0) / 1e6 / STEPS;
            double psnr = trainer.lipPsnr(FRAMES), mean = meanImagePsnr();
            System.out.printf("lip overfit: %d steps (%.1f ms each) → PSNR %.2f dB; mean lip image %.2f dB%n", STEPS, ms, psnr, mean);
            assertTrue(psnr >= MIN_PSNR, "PSNR " + psnr);
            assertTrue(psnr >= mean + MIN_GAIN_OVER_MEAN, "PSNR " + psnr + " vs mean image " + mean);
        }
    }

    /** PSNR of the training frames' mean lip image against the evaluated frames, over valid pixels. */
    private static double meanImagePsnr() {
        int train = subject.trainFrames(), n = subject.lipCrop(0).rgb.length;
        double[] mean = new double[n];
        for (int k = 0; k < train; k++) {
            byte[] lips = subject.lipCrop(k).rgb;
            for (int i = 0; i < n; i++) mean[i] += (lips[i] & 0xff) / 255.0 / train;
        }
        double sum = 0;
        long count = 0;
        for (int k : FRAMES) {
            byte[] lips = subject.lipCrop(k).rgb, valid = subject.lipValid(k);
            for (int i = 0; i < n; i++) {
                if (valid[i / 3] == 0) continue;
                double d = (lips[i] & 0xff) / 255.0 - mean[i];
                sum += d * d;
                count++;
            }
        }
        return 10 * Math.log10(count / sum);
    }
}
