package org.speech2lip.train;

import ai.djl.Device;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import org.speech2lip.data.SubjectData;
import org.speech2lip.model.ModelConfig;

import java.nio.file.Path;
import java.util.List;

/** Training speed of a preset: a short run into a scratch model directory, timed after a warm-up. */
public final class TrainBench {
    /** Steps run before timing starts (native set-up, JIT), as the trainer's own schedule measurement. */
    public static final int WARM_UP_STEPS = LipTrainer.WARM_UP_STEPS;

    /** {@code steps} timed steps of a preset with {@code parameters} learnable values. */
    public record Result(String preset, int steps, double seconds, long parameters) {
        public double stepsPerSecond() {
            return steps / seconds;
        }

        public double msPerStep() {
            return 1000 * seconds / steps;
        }
    }

    private TrainBench() {}

    /** Trains {@code cfg} on {@code subject} in {@code scratchDir} for the warm-up and then {@code steps} timed steps. */
    public static Result run(ModelConfig cfg, SubjectData subject, Path scratchDir, Device device, int steps) {
        ModelConfig.Training t = cfg.training();
        ModelConfig timed = cfg.withTraining(new ModelConfig.Training(t.learningRate(), t.batchFrames(), t.lipPixels(),
                t.stage2Fraction(), WARM_UP_STEPS + steps, 0, t.validationMinutes(), t.checkpointMinutes(), t.seed()));
        long[] from = new long[1], to = new long[1];
        try (LipTrainer trainer = new LipTrainer(timed, subject, scratchDir, device)) {
            trainer.run((s, l) -> {
                if (s.step() == WARM_UP_STEPS) from[0] = System.nanoTime();
                if (s.step() == WARM_UP_STEPS + steps) to[0] = System.nanoTime();
            });
            long parameters = 0;
            for (var block : List.of(trainer.generator(), trainer.depth())) {
                for (Pair<String, Parameter> p : block.getParameters()) parameters += p.getValue().getArray().size();
            }
            return new Result(cfg.name(), steps, (to[0] - from[0]) / 1e9, parameters);
        }
    }
}
