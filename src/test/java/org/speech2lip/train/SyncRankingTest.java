package org.speech2lip.train;

import ai.djl.Device;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speech2lip.data.Prepare;
import org.speech2lip.data.SubjectData;
import org.speech2lip.model.ModelConfig;
import org.speech2lip.model.SyncExpert;
import org.speech2lip.synth.GroundTruth;
import org.speech2lip.synth.SynthSpec;
import org.speech2lip.synth.SynthSubject;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After both stages on a synthetic subject (whose mouth is a known function of its speech), the
 * frozen expert behind the sync loss ranks the generator's windows with their own audio above the
 * same windows with shifted audio: the loss pulls the way the paper means.
 */
class SyncRankingTest {
    @TempDir
    static Path dir;

    @Test
    void generatedWindowsMatchTheirOwnAudioBetterThanShiftedAudio() {
        Path video = dir.resolve("synth.mp4"), out = dir.resolve("subject");
        SynthSubject.generate(SynthSpec.DEFAULT.withSize(128, 128).withSeconds(16), video);
        Prepare.run(new Prepare.Options(video, out, false, null, GroundTruth.landmarksPath(video), 2, true));
        SubjectData subject = SubjectData.open(out);
        ModelConfig.Training t = ModelConfig.FAST.training();
        ModelConfig cfg = ModelConfig.FAST
                .withField(new ModelConfig.Field(4, 64, 2, 6, 20))
                .withBlend(new ModelConfig.Blend(4, 8, 0.5, 32, 1))
                .withSync(new ModelConfig.Sync(32, 8, 128, 800, 0.15, 32, 2))
                .withTraining(new ModelConfig.Training(3e-3, 4, 1024, 0.7, 600, 0, t.validationMinutes(), t.checkpointMinutes(), 1));
        try (LipTrainer trainer = new LipTrainer(cfg, subject, dir.resolve("model"), Device.cpu())) {
            trainer.run((s, l) -> { });
            SyncStage.Report expert = trainer.expertReport();
            int[] train = starts(0, subject.trainFrames(), 60), test = starts(subject.trainFrames(), subject.frames(), 30);
            SyncStage.Ranking fitted = trainer.syncRanking(train, 3), held = trainer.syncRanking(test, 3);
            System.out.printf("expert held-out accuracy %.3f; generated windows, training split: cos own %.3f vs shifted %.3f, ranked %.2f;"
                            + " test split: %.3f vs %.3f, ranked %.2f%n", expert.accuracy(), fitted.meanCosAligned(), fitted.meanCosShifted(),
                    fitted.rankAccuracy(), held.meanCosAligned(), held.meanCosShifted(), held.rankAccuracy());
            assertTrue(fitted.meanCosAligned() > fitted.meanCosShifted() + 0.1, fitted.toString());
            assertTrue(fitted.rankAccuracy() >= 0.7, fitted.toString());
            assertTrue(held.meanCosAligned() > held.meanCosShifted(), held.toString());
        }
    }

    /** {@code n} window starts spread over [from, to − 5]. */
    private static int[] starts(int from, int to, int n) {
        int last = to - SyncExpert.FRAMES;
        int[] s = new int[n];
        for (int i = 0; i < n; i++) s[i] = from + (int) ((long) i * (last - from) / (n - 1));
        return s;
    }
}
