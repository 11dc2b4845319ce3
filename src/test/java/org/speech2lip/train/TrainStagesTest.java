package org.speech2lip.train;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speech2lip.data.SubjectData;
import org.speech2lip.model.ModelConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The two stages on the tiny subject: what each trains, and every ablation of paper Table 5 and §5.2. */
class TrainStagesTest {
    @TempDir
    static Path dir;
    static SubjectData subject;

    @BeforeAll
    static void prepare() {
        subject = SubjectData.open(TinySubject.prepare(dir, 8));
    }

    /** Every value of a block, batch-norm statistics included. */
    private static float[] values(Block b) {
        List<float[]> parts = new ArrayList<>();
        int n = 0;
        for (Pair<String, Parameter> p : b.getParameters()) {
            float[] v = p.getValue().getArray().toFloatArray();
            parts.add(v);
            n += v.length;
        }
        float[] out = new float[n];
        int at = 0;
        for (float[] v : parts) {
            System.arraycopy(v, 0, out, at, v.length);
            at += v.length;
        }
        return out;
    }

    @Test
    void stage2AddsTheSyncLossAndFreezesTheBlendNet() {
        int steps = 16, stage2 = 12;
        Path model = dir.resolve("stages");
        try (LipTrainer t = TinySubject.trainer(TinySubject.config(steps, 1e-3), subject, model)) {
            List<float[]> blend = new ArrayList<>(), lips = new ArrayList<>();
            List<LipTrainer.Losses> losses = new ArrayList<>();
            TrainState end = t.run((s, l) -> {
                losses.add(l);
                if (s.step() >= stage2 - 1) {
                    blend.add(values(t.blend()));
                    lips.add(values(t.generator()));
                }
            });
            assertEquals(stage2, end.stage2Step());
            // the steps before stage 2 train the Blend-Net, those after leave it (and its statistics) alone
            assertFalse(Arrays.equals(blend.get(0), blend.get(1)), "the last stage-1 step moved the Blend-Net");
            for (int i = 2; i < blend.size(); i++) assertArrayEquals(blend.get(1), blend.get(i), "stage-2 step " + i);
            assertFalse(Arrays.equals(lips.get(1), lips.get(lips.size() - 1)), "the lips still learn in stage 2");
            for (int i = 0; i < steps; i++) {
                LipTrainer.Losses l = losses.get(i);
                assertTrue(l.window() > 0 && l.structural() > 0, "every step has a window loss: " + l);
                assertEquals(i >= stage2, l.sync() > 0, "sync loss only in stage 2, step " + i + ": " + l);
            }
            assertNotNull(t.expertReport());
            assertTrue(Files.isRegularFile(model.resolve(SyncStage.EXPERT)) && Files.isRegularFile(model.resolve(SyncStage.REPORT)));
        }
    }

    /** Each switch trains, checkpoints and resumes; the networks it removes are not there. */
    @Test
    void everyAblationTrainsAndResumes() {
        ModelConfig base = TinySubject.config(3, 1e-3);
        List<ModelConfig.Ablation> ablations = List.of(
                new ModelConfig.Ablation(false, true, true, true, ModelConfig.SyncLoss.CONTRASTIVE),
                new ModelConfig.Ablation(false, false, true, true, ModelConfig.SyncLoss.CONTRASTIVE),
                new ModelConfig.Ablation(true, true, false, true, ModelConfig.SyncLoss.CONTRASTIVE),
                new ModelConfig.Ablation(true, true, true, false, ModelConfig.SyncLoss.CONTRASTIVE),
                new ModelConfig.Ablation(true, true, true, true, ModelConfig.SyncLoss.POSITIVES),
                new ModelConfig.Ablation(true, true, true, true, ModelConfig.SyncLoss.OFF));
        int i = 0;
        for (ModelConfig.Ablation a : ablations) {
            Path model = dir.resolve("ablation-" + i++);
            ModelConfig cfg = base.withAblation(a);
            try (LipTrainer t = TinySubject.trainer(cfg, subject, model)) {
                assertEquals(3, t.run((s, l) -> { }).step(), a.toString());
                assertEquals(a.blendNet(), t.blend() != null, a.toString());
                assertEquals(a.syncLoss() != ModelConfig.SyncLoss.OFF, t.expertReport() != null, a.toString());
            }
            ModelConfig longer = cfg.withTraining(cfg.training().withBudget(5, 0));
            try (LipTrainer t = TinySubject.trainer(longer, subject, model)) {
                assertTrue(t.resumed(), a.toString());
                assertEquals(5, t.run((s, l) -> { }).step(), a.toString());
            }
            if (a.syncLoss() == ModelConfig.SyncLoss.OFF) assertFalse(Files.exists(model.resolve(SyncStage.EXPERT)));
        }
    }
}
