package org.speech2lip.eval;

import ai.djl.Device;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speech2lip.UserError;
import org.speech2lip.cli.Main;
import org.speech2lip.data.Prepare;
import org.speech2lip.data.SubjectData;
import org.speech2lip.geometry.Rect;
import org.speech2lip.media.RgbImage;
import org.speech2lip.model.ModelConfig;
import org.speech2lip.synth.GroundTruth;
import org.speech2lip.synth.SynthSpec;
import org.speech2lip.synth.SynthSubject;
import org.speech2lip.train.LipTrainer;
import org.speech2lip.train.TrainedModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** eval on a briefly trained synthetic subject: the report's files and rows, the baselines' choices, the refusals. */
class EvalTest {
    @TempDir
    static Path dir;
    static Path subjectDir, model;

    @BeforeAll
    static void trainBriefly() {
        Path video = dir.resolve("synth.mp4");
        subjectDir = dir.resolve("subject");
        SynthSubject.generate(SynthSpec.DEFAULT.withSize(128, 128).withSeconds(16), video, true);
        Prepare.run(new Prepare.Options(video, subjectDir, false, null, GroundTruth.landmarksPath(video), 2, true));
        ModelConfig.Training t = ModelConfig.FAST.training();
        ModelConfig cfg = ModelConfig.FAST
                .withField(new ModelConfig.Field(3, 32, 1, 4, 4))
                .withBlend(new ModelConfig.Blend(4, 8, 0.5, 32, 1))
                .withSync(new ModelConfig.Sync(16, 4, 16, 20, 0.15, 8, 1))
                .withTraining(new ModelConfig.Training(1e-3, 2, 256, t.stage2Fraction(), 20, 0, t.validationMinutes(), t.checkpointMinutes(), 7));
        model = dir.resolve("model");
        try (LipTrainer trainer = new LipTrainer(cfg, SubjectData.open(subjectDir), model, Device.cpu())) {
            trainer.run((s, l) -> { });
        }
    }

    @Test
    void writesTheReportWithEveryMethod() throws IOException {
        Path report = dir.resolve("report");
        Path other = dir.resolve("other.wav");
        org.speech2lip.media.AudioReader.writeWav16(other, org.speech2lip.synth.SpeechSynth.generate(3, 25, 11).audio(), 16000);
        Path another = dir.resolve("another.wav");
        org.speech2lip.media.AudioReader.writeWav16(another, org.speech2lip.synth.SpeechSynth.generate(2.5, 25, 12).audio(), 16000);
        Path otherSubject = org.speech2lip.train.TinySubject.prepare(dir, 5);
        assertEquals(0, Main.run("eval", model.toString(), "-o", report.toString(), "-q", "--judge-steps", "30",
                "--audio", other.toString(), "--audio", another.toString(), "--audio", dir.resolve("synth.mp4").toString(),
                "--judge-subject", otherSubject.toString()));
        for (String file : new String[] {"metrics.json", "report.md", "mouth_psnr.png", "mouth_opening.png", "side_by_side.mp4", "side_by_side.png"}) {
            assertTrue(Files.size(report.resolve(file)) > 100, file);
        }
        org.speech2lip.media.MediaInfo side = org.speech2lip.media.MediaInfo.probe(report.resolve("side_by_side.mp4"));
        assertEquals(3 * 128, side.width(), "real | model | retrieval");
        assertTrue(side.hasAudio());
        String md = Files.readString(report.resolve("report.md"));
        for (String method : new String[] {"| model |", "| static |", "| retrieval |", "| real |"}) assertTrue(md.contains(method), md);
        String json = Files.readString(report.resolve("metrics.json"));
        assertTrue(json.contains("\"syncConfidence\"") && json.contains("\"syncJudge\""), json);
        assertTrue(md.contains("Driven by other speakers") && md.contains("| `other.wav` |") && md.contains("| `another.wav` |"), md);
        com.fasterxml.jackson.databind.JsonNode parsed = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        assertEquals(3, parsed.get("formatVersion").asInt());
        com.fasterxml.jackson.databind.JsonNode silence = parsed.get("silence");
        assertEquals(SilenceCheck.SECONDS, silence.get("seconds").asDouble(), 1e-9);
        for (String figure : new String[] {"replayCorrelation", "meanOpening", "restFraction"}) {
            assertTrue(Double.isFinite(silence.get(figure).asDouble()), figure + " of the silence check: " + silence);
        }
        assertTrue(Math.abs(silence.get("replayCorrelation").asDouble()) <= 1);
        assertTrue(md.contains("## Silence") && md.contains("replay of their speech"), md);
        com.fasterxml.jackson.databind.JsonNode retrieval = parsed.get("methods").get("retrieval");
        for (String figure : new String[] {"openingCorrelation", "openingCorrelationAtBestLag", "spreadingCorrelation", "openingSpreadRatio", "openingJitter"}) {
            assertTrue(Double.isFinite(retrieval.get(figure).asDouble()), figure + ": " + retrieval);
        }
        assertTrue(Math.abs(retrieval.get("openingBestLag").asInt()) <= MouthMotion.MAX_LAG);
        assertTrue(retrieval.get("openingCorrelationAtBestLag").asDouble() >= retrieval.get("openingCorrelation").asDouble(), "lag 0 is among the lags searched");
        assertTrue(parsed.get("methods").get("real").get("openingJitter").asDouble() > 0);
        assertEquals(3, parsed.get("crossIdentity").size(), "one entry per --audio");
        assertTrue(parsed.get("crossIdentity").get(1).get("speech").asText().endsWith("another.wav"));
        assertTrue(parsed.get("crossIdentity").get(0).get("methods").get("model").get("speakerOpeningCorrelation") == null,
                "a sound file shows no speaker");
        com.fasterxml.jackson.databind.JsonNode seen = parsed.get("crossIdentity").get(2).get("methods").get("retrieval");
        assertTrue(Double.isFinite(seen.get("speakerOpeningCorrelation").asDouble()) && Double.isFinite(seen.get("speakerSpreadingCorrelation").asDouble()), seen.toString());
        assertTrue(Math.abs(seen.get("speakerOpeningBestLag").asInt()) <= MouthMotion.MAX_LAG);
        assertTrue(md.contains("| `synth.mp4` |") && md.contains("opening r "), md);
        assertTrue(parsed.get("syncJudge").asText().contains("every frame of `subject-5` (150)"), parsed.get("syncJudge").asText());
        try (TrainedModel m = TrainedModel.open(model, Device.cpu())) {
            Map<String, HeldOutScores.Frames> scores = HeldOutScores.run(m, null).frames();
            int n = m.subject().frames() - m.subject().trainFrames();
            double[] realOpening = scores.get("real").opening();
            assertTrue(java.util.Arrays.stream(realOpening).noneMatch(Double::isNaN), "a face in every real test frame");
            for (String method : HeldOutScores.METHODS) {
                HeldOutScores.Frames f = scores.get(method);
                assertEquals(n, f.mouthPsnr().length);
                for (int i = 0; i < n; i++) {
                    assertTrue(f.mouthPsnr()[i] > 10 && f.mouthPsnr()[i] < 80, method + " frame " + i + ": " + f.mouthPsnr()[i]);
                    assertTrue(f.framePsnr()[i] > f.mouthPsnr()[i], "the rest of the frame is untouched");
                    assertTrue(f.frameSsim()[i] > f.mouthSsim()[i] && f.frameSsim()[i] <= 1);
                    assertTrue(f.lmd()[i] >= 0 && f.lmd()[i] < 10, method + " lip landmarks within a few pixels of the real ones: " + f.lmd()[i]);
                }
            }
        }
    }

    @Test
    void theModelsOwnSubjectCannotTrainTheJudge() {
        assertEquals(2, Main.run("eval", model.toString(), "-o", dir.resolve("refused").toString(), "-q", "--judge-steps", "1",
                "--judge-subject", subjectDir.toString()));
        assertEquals(2, Main.run("eval", model.toString(), "-o", dir.resolve("refused").toString(), "-q", "--judge-steps", "1",
                "--audio", dir.resolve("no-such.wav").toString()));
        assertTrue(!Files.exists(dir.resolve("refused").resolve("metrics.json")));
    }

    @Test
    void retrievalPicksTheTrainingFrameWithTheNearestSound() {
        SubjectData subject = SubjectData.open(subjectDir);
        int[] self = Retrieval.nearestTrainingFrames(subject, 100, 110);
        for (int k = 100; k < 110; k++) {
            assertTrue(java.util.Arrays.equals(subject.mel(k), subject.mel(self[k - 100])), "a training frame's nearest sound is its own (or an identical one)");
        }
        int[] held = Retrieval.nearestTrainingFrames(subject, subject.trainFrames(), subject.frames());
        for (int j : held) assertTrue(j >= 0 && j < subject.trainFrames());
    }

    @Test
    void wholeFrameSsimEqualsTheDirectComputation() {
        RgbImage a = Images.smooth(64, 48), b = a.copy();
        Random rnd = new Random(3);
        for (int y = 20; y < 30; y++) for (int x = 25; x < 40; x++) b.set(x, y, rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256));
        double direct = Ssim.ssim(a, b, Rect.of(64, 48));
        assertEquals(direct, HeldOutScores.wholeFrameSsim(b, a, new Rect(25, 20, 15, 10)), 1e-9);
        assertTrue(direct < 1);
    }

    @Test
    void refusesAModelWhoseSubjectIsGone() throws IOException {
        Path moved = dir.resolve("moved-model");
        try (var files = Files.walk(model)) {
            for (Path p : files.toList()) Files.copy(p, moved.resolve(model.relativize(p).toString()));
        }
        Files.writeString(moved.resolve("model.json"), Files.readString(model.resolve("model.json")).replace(subjectDir.toAbsolutePath().toString(), "/nowhere/subject"));
        assertNotEquals(0, Main.run("eval", moved.toString(), "-o", dir.resolve("r2").toString(), "-q", "--judge-steps", "30"));
        UserError e = assertThrows(UserError.class, () -> TrainedModel.open(moved, Device.cpu()));
        assertTrue(e.getMessage().contains("is gone"), e.getMessage());
    }
}
