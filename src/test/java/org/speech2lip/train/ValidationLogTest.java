package org.speech2lip.train;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speech2lip.data.SubjectData;
import org.speech2lip.model.ModelConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Validation during training: the scores improve with training, and the log survives a resume. */
class ValidationLogTest {
    @TempDir
    static Path dir;
    static SubjectData subject;

    @BeforeAll
    static void prepare() {
        subject = SubjectData.open(TinySubject.prepare(dir, 4));
    }

    /** The tiny config validating every {@code minutes} of training time. */
    private static ModelConfig config(int steps, double minutes) {
        ModelConfig cfg = TinySubject.config(steps, 3e-3);
        ModelConfig.Training t = cfg.training();
        return cfg.withTraining(new ModelConfig.Training(t.learningRate(), t.batchFrames(), t.lipPixels(), t.stage2Fraction(),
                steps, 0, minutes, t.checkpointMinutes(), t.seed()));
    }

    @Test
    void trainingImprovesTheTestScores() throws Exception {
        Path model = dir.resolve("improve");
        try (LipTrainer t = TinySubject.trainer(config(50, 60), subject, model)) {
            Validation.Result before = t.validate();
            List<Validation.Result> told = new ArrayList<>();
            t.run(new LipTrainer.Listener() {
                @Override
                public void stepped(TrainState state, LipTrainer.Losses losses) {}

                @Override
                public void validated(Validation.Result result) {
                    told.add(result);
                }
            });
            Validation.Result after = t.validate();
            System.out.printf("test split: PSNR %.2f -> %.2f dB, SSIM %.4f -> %.4f after 50 steps%n",
                    before.psnr(), after.psnr(), before.ssim(), after.ssim());
            assertTrue(Double.isFinite(before.psnr()) && Double.isFinite(before.ssim()));
            assertTrue(Double.isFinite(after.psnr()) && Double.isFinite(after.ssim()));
            assertTrue(after.psnr() > before.psnr() + 1, before.psnr() + " -> " + after.psnr());
            assertTrue(after.ssim() > before.ssim(), before.ssim() + " -> " + after.ssim());
            // a long interval: only the final validation
            assertEquals(1, told.size());
            // the lip strip: 8 test frames, real lips above generated ones
            java.awt.image.BufferedImage strip = javax.imageio.ImageIO.read(model.resolve(ValidationLog.LIPS).toFile());
            int tile = Math.max(96, subject.lipBox().w());
            assertEquals(8 * tile, strip.getWidth());
            assertEquals(2 * (tile * subject.lipBox().h() / subject.lipBox().w()), strip.getHeight());
            assertEquals(50, told.get(0).step());
            assertEquals(after.psnr(), told.get(0).psnr(), 1e-9);
        }
        assertEquals(1, new ValidationLog(model).rows().size());
    }

    @Test
    void oneRowPerValidationKeptAcrossAResume() throws Exception {
        Path model = dir.resolve("resume");
        // a tiny interval validates after every step
        double everyStep = 1e-9;
        try (LipTrainer t = TinySubject.trainer(config(3, everyStep), subject, model)) {
            t.run((s, l) -> { });
        }
        List<String> first = Files.readAllLines(model.resolve(ValidationLog.CSV));
        assertEquals(ValidationLog.HEADER, first.get(0));
        assertEquals(4, first.size());
        try (LipTrainer t = TinySubject.trainer(config(5, everyStep), subject, model)) {
            t.run((s, l) -> { });
        }
        List<String> lines = Files.readAllLines(model.resolve(ValidationLog.CSV));
        assertEquals(6, lines.size());
        assertEquals(first, lines.subList(0, 4));
        List<ValidationLog.Row> rows = new ValidationLog(model).rows();
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(i + 1, rows.get(i).step());
            assertTrue(Double.isFinite(rows.get(i).psnr()) && Double.isFinite(rows.get(i).lipLoss()));
        }
        Path png = model.resolve(ValidationLog.PNG);
        assertTrue(Files.size(png) > 1000);
        byte[] head = Files.readAllBytes(png);
        assertEquals('P', head[1]);
        assertEquals('N', head[2]);
    }
}
