package org.speech2lip.train;

import java.util.SplittableRandom;

/**
 * Where a training run stands, as a checkpoint records it. Every random choice of step s (frames,
 * pixels, sampling rectangles) comes from {@link #random()}, a generator derived from the seed and
 * the step alone, so a run resumed at step s draws exactly the batches an uninterrupted run would.
 *
 * @param seed           the run's seed, kept so a resumed run keeps its data order
 * @param step           steps done
 * @param plannedSteps   the schedule's length once fixed (0: not yet, a time budget is still being measured)
 * @param elapsedSeconds training time spent so far, over all sessions
 */
public record TrainState(long seed, int step, int plannedSteps, double elapsedSeconds) {

    public static TrainState start(long seed) {
        return new TrainState(seed, 0, 0, 0);
    }

    /** The generator of this step's random choices. */
    public SplittableRandom random() {
        return new SplittableRandom(seed * 1_000_003L + step);
    }

    /** The state after one more step that took {@code seconds}. */
    public TrainState next(double seconds) {
        return new TrainState(seed, step + 1, plannedSteps, elapsedSeconds + seconds);
    }

    public TrainState planned(int steps) {
        return new TrainState(seed, step, steps, elapsedSeconds);
    }
}
