package org.speech2lip.train;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speech2lip.UserError;
import org.speech2lip.data.SubjectData;
import org.speech2lip.model.ComputeThreads;
import org.speech2lip.model.ModelConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LipTrainerTest {
    @TempDir
    static Path dir;
    static SubjectData subject;

    @BeforeAll
    static void prepare() {
        subject = SubjectData.open(TinySubject.prepare(dir, 3));
    }

    /** All parameters of the lips and the depth, flattened in a fixed order. */
    private static float[] parameters(LipTrainer t) {
        List<Float> out = new ArrayList<>();
        for (var block : List.of(t.generator(), t.depth())) {
            for (Pair<String, Parameter> p : block.getParameters()) for (float v : p.getValue().getArray().toFloatArray()) out.add(v);
        }
        float[] a = new float[out.size()];
        for (int i = 0; i < a.length; i++) a[i] = out.get(i);
        return a;
    }

    @Test
    void resumingAfterAnInterruptionEqualsAnUninterruptedRun() {
        resumeEqualsStraight(TinySubject.config(16, 1e-3), "mel");
    }

    @Test
    void resumingWithBothSpeechFeaturesAndTheirDropoutEqualsAnUninterruptedRun() {
        ModelConfig cfg = TinySubject.config(16, 1e-3);
        resumeEqualsStraight(cfg.withAudio(cfg.audio().withFeatures(ModelConfig.SpeechInput.BOTH)), "both");
    }

    private static void resumeEqualsStraight(ModelConfig cfg, String name) {
        int n = cfg.training().maxSteps() / 2;
        float[] straight;
        long adamSteps;
        try (LipTrainer t = TinySubject.trainer(cfg, subject, dir.resolve("straight-" + name))) {
            assertEquals(2 * n, t.run((s, l) -> { }).step());
            straight = parameters(t);
            adamSteps = t.adam().steps();
        }
        Path split = dir.resolve("split-" + name);
        // interrupted half-way, in stage 1 (stage 2 begins at step 12), as Ctrl-C does
        try (LipTrainer t = TinySubject.trainer(cfg, subject, split)) {
            assertEquals(n, t.run((s, l) -> {
                if (s.step() == n) t.requestStop();
            }).step());
        }
        try (LipTrainer t = TinySubject.trainer(cfg, subject, split)) {
            assertTrue(t.resumed());
            assertEquals(n, t.state().step());
            assertEquals(2 * n, t.run((s, l) -> { }).step());
            float[] resumed = parameters(t);
            assertEquals(adamSteps, t.adam().steps());
            assertEquals(straight.length, resumed.length);
            double worst = 0;
            for (int i = 0; i < straight.length; i++) worst = Math.max(worst, Math.abs(straight[i] - resumed[i]));
            System.out.printf("resume (%s): %d parameters, largest difference from the uninterrupted run %.3g%n", name, straight.length, worst);
            assertTrue(worst <= 1e-6, "largest difference " + worst);
        }
    }

    @Test
    void trainingInTwoLanesEqualsOneLane() {
        ModelConfig tiny = TinySubject.config(6, 1e-3);
        // without the sync expert, whose batch norm's running statistics two lanes move in either order
        ModelConfig.Ablation a = tiny.ablation();
        ModelConfig cfg = tiny.withAblation(new ModelConfig.Ablation(a.continuousSampling(), a.implicitModel(), a.blendNet(), a.timestamp(),
                ModelConfig.SyncLoss.OFF));
        float[][] trained = new float[2][];
        for (int lanes = 1; lanes <= 2; lanes++) {
            ComputeThreads.use(new ComputeThreads.Setting(lanes, false));
            try (LipTrainer t = TinySubject.trainer(cfg, subject, dir.resolve("lanes-" + lanes))) {
                assertEquals(6, t.run((s, l) -> { }).step());
                assertEquals(lanes == 2 ? 2 : null, ComputeThreads.record().get("lanes"));
                trained[lanes - 1] = parameters(t);
            } finally {
                ComputeThreads.release();
            }
        }
        assertArrayEquals(trained[0], trained[1], "a step's two parts add the same gradients in one lane or two");
    }

    @Test
    void lipLossFallsAndTheDepthMovesToLowerPhotometricLoss() {
        int steps = 120;
        List<LipTrainer.Losses> losses = new ArrayList<>();
        try (LipTrainer t = TinySubject.trainer(TinySubject.config(steps, 3e-3), subject, dir.resolve("fall"))) {
            float[] depthBefore = t.depth().getParameters().get(0).getValue().getArray().toFloatArray();
            int[] frames = {0, 20, 40, 60, 80, 100, 120};
            double photometricBefore = t.depthLoss(frames);
            long t0 = System.nanoTime();
            t.run((s, l) -> losses.add(l));
            double ms = (System.nanoTime() - t0) / 1e6 / steps;
            float[] depthAfter = t.depth().getParameters().get(0).getValue().getArray().toFloatArray();
            double moved = 0;
            for (int i = 0; i < depthBefore.length; i++) moved = Math.max(moved, Math.abs(depthAfter[i] - depthBefore[i]));
            double lipFirst = mean(losses.subList(0, 10), 0), lipLast = mean(losses.subList(steps - 10, steps), 0);
            double dFirst = mean(losses.subList(0, 10), 1), dLast = mean(losses.subList(steps - 10, steps), 1);
            double photometricAfter = t.depthLoss(frames);
            System.out.printf("%d steps, %.1f ms each: lip loss %.4f -> %.4f, depth loss %.4f -> %.4f (fixed frames %.5f -> %.5f), depth moved up to %.3f cm%n",
                    steps, ms, lipFirst, lipLast, dFirst, dLast, photometricBefore, photometricAfter, moved);
            assertTrue(lipLast < 0.5 * lipFirst, lipFirst + " -> " + lipLast);
            assertTrue(moved > 0.01, "depth moved " + moved);
            // prepare's depth from exact tracks is close already: measured 0.01278 -> 0.01247
            assertTrue(photometricAfter < photometricBefore, photometricBefore + " -> " + photometricAfter);
            assertTrue(Files.isRegularFile(dir.resolve("fall").resolve(Checkpoint.DIR).resolve("state.json")));
        }
    }

    private static double mean(List<LipTrainer.Losses> l, int which) {
        return l.stream().mapToDouble(x -> which == 0 ? x.lip() : x.depth()).average().orElseThrow();
    }

    /**
     * A 6 s budget: the sync expert takes its share first, stage 1's measured step time fixes the
     * stage-2 step, stage 2's the last step, and the run ends by the budget, not cut off.
     */
    @Test
    void aTimeBudgetSetsTheScheduleAndIsHonoured() {
        // simulated time: every read of the trainer's clock moves it on by a tick, so a lip step (one read
        // between its start and its end) takes one tick whatever the machine is doing
        double budget = 2.4, tick = 0.01;
        long[] now = {0};
        try (LipTrainer t = TinySubject.trainer(TinySubject.timed(budget / 60), subject, dir.resolve("timed"))) {
            t.useClock(() -> now[0] += (long) (tick * 1e9));
            List<TrainState> states = new ArrayList<>();
            TrainState end = t.run((s, l) -> states.add(s));
            // the mouth-shape predictor's time counts too, before the expert's
            double expert = t.expertReport().seconds() + t.shapeReport().seconds();
            assertTrue(t.shapeReport().seconds() <= LipTrainer.SHAPE_SHARE * budget + 3 * tick, "shapes took " + t.shapeReport().seconds());
            System.out.printf("time budget %.1f s: expert %.2f s, stage 2 from step %d, planned %d steps, ran %d in %.2f s%n", budget,
                    expert, end.stage2Step(), end.plannedSteps(), end.step(), end.elapsedSeconds());
            assertTrue(t.expertReport().seconds() <= 0.15 * budget + 3 * tick, "expert took " + t.expertReport().seconds());
            int firstEstimate = Schedule.WARM_UP_STEPS + Schedule.MEASURED_STEPS;
            assertEquals(0, states.get(firstEstimate - 2).stage2Step());
            // stage 1 ends at 75 % of the budget: (0.75 budget - expert) / tick steps
            int stage2 = (int) Math.round((0.75 * budget - expert) / tick);
            assertEquals(stage2, states.get(firstEstimate - 1).stage2Step(), 2);
            assertEquals(0, states.get(end.stage2Step()).plannedSteps(), "the length waits for stage 2's own step time");
            assertEquals((budget - expert) / tick, end.plannedSteps(), 2);
            assertEquals(end.plannedSteps(), end.step());
            assertEquals(budget, end.elapsedSeconds(), 2 * tick);
        }
    }

    @Test
    void aStepLimitWithMinutesStopsAtTheStepsWhenTimeIsPlentiful() {
        TrainState end = trainSimulated(100, 10, 10_000_000L, "capped");
        assertEquals(100, end.step());
        assertEquals(75, end.stage2Step());
    }

    @Test
    void aStepLimitWithMinutesStopsAtTheMinutesWhenTimeRunsShort() {
        // 100 ms a step, half a minute: the expert's 40 steps (4 s), then about 260 lip steps, far fewer than 400
        TrainState end = trainSimulated(400, 0.5, 100_000_000L, "short");
        assertTrue(end.step() > 230 && end.step() < 280, "ran " + end.step());
        assertTrue(end.stage2Step() < end.step());
        assertEquals(30, end.elapsedSeconds(), 1);
    }

    /** Trains the tiny config with a step limit and minutes on a clock that moves {@code nanosPerRead} at every read. */
    private TrainState trainSimulated(int steps, double minutes, long nanosPerRead, String name) {
        long[] now = {0};
        ModelConfig cfg = TinySubject.config(steps, 1e-3);
        cfg = cfg.withTraining(cfg.training().withBudget(steps, minutes));
        try (LipTrainer t = TinySubject.trainer(cfg, subject, dir.resolve(name))) {
            t.useClock(() -> now[0] += nanosPerRead);
            return t.run((s, l) -> { });
        }
    }

    /** What Ctrl-C does, through the shutdown hook: the run stops after its current step and checkpoints it. */
    @Test
    void aStopRequestEndsTheRunWithACheckpoint() {
        Path model = dir.resolve("stopped");
        try (LipTrainer t = TinySubject.trainer(TinySubject.config(50, 1e-3), subject, model)) {
            TrainState end = t.run((s, l) -> {
                if (s.step() == 3) t.requestStop();
            });
            assertEquals(3, end.step());
        }
        try (LipTrainer t = TinySubject.trainer(TinySubject.config(50, 1e-3), subject, model)) {
            assertEquals(3, t.state().step());
            assertEquals(3, t.adam().steps());
        }
    }

    @Test
    void stepsLeaveNoArraysBehind() {
        try (LipTrainer t = TinySubject.trainer(TinySubject.config(1, 1e-3), subject, dir.resolve("flat"))) {
            for (int i = 0; i < 3; i++) t.step();
            int before = t.liveArrays();
            for (int i = 0; i < 20; i++) t.step();
            assertEquals(before, t.liveArrays());
        }
    }

    @Test
    void refusesAnotherSubjectsModelDirectory() throws Exception {
        Path model = dir.resolve("other");
        try (LipTrainer t = TinySubject.trainer(TinySubject.config(1, 1e-3), subject, model)) {
            t.run((s, l) -> { });
        }
        Path meta = model.resolve(ModelDirectory.META);
        String sha = subject.meta().source().sha256();
        Files.writeString(meta, Files.readString(meta).replace(sha, "0".repeat(sha.length())));
        UserError e = assertThrows(UserError.class, () -> TinySubject.trainer(TinySubject.config(1, 1e-3), subject, model));
        assertTrue(e.getMessage().contains("another subject"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void refusesAnUnknownPreset() {
        UserError e = assertThrows(UserError.class, () -> ModelConfig.preset("huge"));
        assertTrue(e.getMessage().contains("huge"));
    }
}
