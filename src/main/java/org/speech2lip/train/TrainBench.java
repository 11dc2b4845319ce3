package org.speech2lip.train;

import ai.djl.Device;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import org.speech2lip.data.SubjectData;
import org.speech2lip.model.ModelConfig;

import java.nio.file.Path;

/**
 * Training speed of a preset on a subject: the sync expert's warm-up and {@link #EXPERT_STEPS_PER_STEP}
 * times {@code steps} timed steps (a short step-limited run caps the expert at the run's step count), then the warm-up and {@code steps} timed
 * steps of stage 1 and, when the preset has a stage 2, the same again of stage 2 (sync loss on,
 * Blend-Net frozen).
 */
public final class TrainBench {
    public static final int WARM_UP_STEPS = Schedule.WARM_UP_STEPS;
    /** Sync-expert steps timed per lip step timed. */
    public static final int EXPERT_STEPS_PER_STEP = 2;

    /**
     * {@code steps} timed steps of each stage of a preset with {@code parameters} learnable values
     * (the sync expert's not counted); {@code stage2Seconds} is 0 when the preset has no stage 2.
     */
    public record Result(String preset, int steps, double stage1Seconds, double stage2Seconds, int expertSteps, double expertSeconds,
                         long parameters) {
        public double expertStepsPerSecond() {
            return expertSteps / expertSeconds;
        }

        public double stage1StepsPerSecond() {
            return steps / stage1Seconds;
        }

        public double stage2StepsPerSecond() {
            return stage2Seconds == 0 ? 0 : steps / stage2Seconds;
        }
    }

    private TrainBench() {}

    /** Trains {@code cfg} on {@code subject} in {@code scratchDir} for the timed steps of both stages. */
    public static Result run(ModelConfig cfg, SubjectData subject, Path scratchDir, Device device, int steps) {
        int stage = WARM_UP_STEPS + steps;
        boolean twoStages = cfg.training().stage2Fraction() < 1;
        ModelConfig.Training t = cfg.training().withBudget(twoStages ? 2 * stage : stage, 0);
        ModelConfig.Sync s = cfg.sync();
        int expertSteps = EXPERT_STEPS_PER_STEP * steps;
        ModelConfig timed = cfg
                .withTraining(new ModelConfig.Training(t.learningRate(), t.batchFrames(), t.lipPixels(), twoStages ? 0.5 : 1,
                        t.maxSteps(), 0, t.validationMinutes(), t.checkpointMinutes(), t.seed()))
                .withSync(new ModelConfig.Sync(s.imageSize(), s.baseChannels(), s.embedDims(), WARM_UP_STEPS + expertSteps, s.expertShare(), s.expertBatch(),
                        s.lossWindows()));
        long[] at = new long[6];
        try (LipTrainer trainer = new LipTrainer(timed, subject, scratchDir, device)) {
            trainer.run(new LipTrainer.Listener() {
                @Override
                public void stepped(TrainState state, LipTrainer.Losses losses) {
                    int k = state.step();
                    if (k == WARM_UP_STEPS) at[0] = System.nanoTime();
                    if (k == stage) at[1] = System.nanoTime();
                    if (k == stage + WARM_UP_STEPS) at[2] = System.nanoTime();
                    if (k == 2 * stage) at[3] = System.nanoTime();
                }

                @Override
                public void expertStepped(int step, int maxSteps) {
                    if (step == WARM_UP_STEPS) at[4] = System.nanoTime();
                    if (step == WARM_UP_STEPS + expertSteps) at[5] = System.nanoTime();
                }
            });
            long parameters = 0;
            for (Pair<String, Parameter> p : trainer.parameters()) parameters += p.getValue().getArray().size();
            return new Result(cfg.name(), steps, (at[1] - at[0]) / 1e9, twoStages ? (at[3] - at[2]) / 1e9 : 0,
                    expertSteps, (at[5] - at[4]) / 1e9, parameters);
        }
    }
}
