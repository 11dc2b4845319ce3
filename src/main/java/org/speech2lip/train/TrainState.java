package org.speech2lip.train;

import java.util.SplittableRandom;

/**
 * Where a training run stands, as a checkpoint records it. Every random choice of step s (frames,
 * pixels, sampling rectangles, black holes, sync windows) comes from {@link #random()}, a generator
 * derived from the seed and the step alone, so a run resumed at step s draws exactly the batches an
 * uninterrupted run would.
 *
 * @param seed           the run's seed, kept so a resumed run keeps its data order
 * @param step           steps done
 * @param stage2Step     the step at which stage 2 (sync loss, frozen Blend-Net) begins (0: not yet fixed)
 * @param plannedSteps   the schedule's length once fixed (0: not yet, a time budget is still being measured)
 * @param elapsedSeconds training time spent so far, over all sessions, the sync expert's included
 */
public record TrainState(long seed, int step, int stage2Step, int plannedSteps, double elapsedSeconds) {

    public static TrainState start(long seed, double elapsedSeconds) {
        return new TrainState(seed, 0, 0, 0, elapsedSeconds);
    }

    /** The generator of this step's random choices. */
    public SplittableRandom random() {
        return new SplittableRandom(seed * 1_000_003L + step);
    }

    /** 2 once the step about to run is at or past the stage-2 step, else 1. */
    public int stage() {
        return stage2Step > 0 && step >= stage2Step ? 2 : 1;
    }

    /** The state after one more step that took {@code seconds}. */
    public TrainState next(double seconds) {
        return new TrainState(seed, step + 1, stage2Step, plannedSteps, elapsedSeconds + seconds);
    }

    /** The state with {@code seconds} more training time that took no step (the sync expert's). */
    public TrainState spent(double seconds) {
        return new TrainState(seed, step, stage2Step, plannedSteps, elapsedSeconds + seconds);
    }

    public TrainState planned(int steps) {
        return new TrainState(seed, step, stage2Step, steps, elapsedSeconds);
    }

    public TrainState stage2At(int s) {
        return new TrainState(seed, step, s, plannedSteps, elapsedSeconds);
    }
}
