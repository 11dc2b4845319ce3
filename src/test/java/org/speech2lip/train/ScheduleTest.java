package org.speech2lip.train;

import org.junit.jupiter.api.Test;
import org.speech2lip.model.ModelConfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The schedule on a simulated clock: stage 1 and stage 2 at different, known step times. */
class ScheduleTest {
    private static ModelConfig.Training training(int steps, double minutes, double stage2Fraction) {
        ModelConfig.Training t = ModelConfig.FAST.training().withBudget(steps, minutes);
        return new ModelConfig.Training(t.learningRate(), t.batchFrames(), t.lipPixels(), stage2Fraction, t.maxSteps(), t.maxMinutes(),
                t.validationMinutes(), t.checkpointMinutes(), t.seed());
    }

    /** Runs the schedule to its end: stage-1 steps take {@code s1} seconds, stage-2 steps {@code s2}; returns the end. */
    private static TrainState simulate(ModelConfig.Training cfg, TrainState start, double s1, double s2) {
        Schedule schedule = new Schedule(cfg);
        TrainState s = schedule.begin(start);
        while (s.plannedSteps() == 0 || s.step() < s.plannedSteps()) {
            double seconds = s.stage() == 2 ? s2 : s1;
            s = schedule.stepped(s.next(seconds));
            assertTrue(s.step() < 1_000_000, "the schedule never ended");
        }
        return s;
    }

    @Test
    void aStepLimitFixesBothAtOnce() {
        TrainState s = new Schedule(training(400, 0, 0.75)).begin(TrainState.start(1, 0));
        assertEquals(400, s.plannedSteps());
        assertEquals(300, s.stage2Step());
    }

    @Test
    void aBudgetIsSplitByMeasuredStepTimesOfEachStage() {
        // 10 minutes, 90 s of them already spent on the sync expert; stage 1 at 0.2 s a step, stage 2 at 0.5 s
        TrainState end = simulate(training(0, 10, 0.75), TrainState.start(1, 90), 0.2, 0.5);
        assertEquals((450 - 90) / 0.2, end.stage2Step(), 2);
        assertEquals(end.stage2Step() + 150 / 0.5, end.plannedSteps(), 2);
        assertEquals(600, end.elapsedSeconds(), 1);
    }

    /** The machine slows down to half speed a third of the way in (other work on it): the run still ends with its budget. */
    @Test
    void aChangeOfSpeedIsFollowed() {
        ModelConfig.Training cfg = training(0, 10, 0.75);
        Schedule schedule = new Schedule(cfg);
        TrainState s = schedule.begin(TrainState.start(1, 0));
        long clock = 0;
        while (s.plannedSteps() == 0 || s.step() < s.plannedSteps()) {
            double seconds = (s.stage() == 2 ? 0.4 : 0.2) * (clock > 200e9 ? 2 : 1);
            clock += (long) (seconds * 1e9);
            s = schedule.stepped(s.next(seconds));
        }
        assertEquals(600, s.elapsedSeconds(), 12);
    }

    @Test
    void stepsWithMinutesAsAnUpperLimitEndAtTheStepsOnAFastMachine() {
        TrainState end = simulate(training(2000, 60, 0.75), TrainState.start(1, 0), 0.2, 0.3);
        assertEquals(2000, end.plannedSteps());
        assertEquals(1500, end.stage2Step());
    }

    @Test
    void stepsWithMinutesAsAnUpperLimitEndAtTheMinutesOnASlowMachine() {
        // 2000 steps would take 500 s; the limit is 5 minutes
        TrainState end = simulate(training(2000, 5, 0.75), TrainState.start(1, 0), 0.25, 0.25);
        assertEquals(0.75 * 300 / 0.25, end.stage2Step(), 2);
        assertEquals(300 / 0.25, end.plannedSteps(), 2);
        assertEquals(300, end.elapsedSeconds(), 1);
    }

    @Test
    void withoutStage2TheBudgetIsAllStage1() {
        TrainState end = simulate(training(0, 1, 1), TrainState.start(1, 0), 0.1, 99);
        assertEquals(600, end.plannedSteps(), 2);
        assertEquals(60, end.elapsedSeconds(), 0.5);
    }

    @Test
    void aResumeInStage2OnlyFixesTheEnd() {
        TrainState resumed = new TrainState(1, 500, 400, 0, 200);
        TrainState end = simulate(training(0, 10, 0.75), resumed, 0.2, 0.25);
        assertEquals(400, end.stage2Step());
        assertEquals(500 + 400 / 0.25, end.plannedSteps(), 2);
    }
}
