package org.speech2lip.train;

import org.speech2lip.model.ModelConfig;

/**
 * Fixes a run's length and its stage-2 step. A step limit fixes both at once. A time budget is met
 * by measuring: stage 1's step time, after a warm-up, sets the stage-2 step so that stage 1 ends at
 * {@code stage2Fraction} of the budget; stage 2's own (slower) step time, measured once it begins,
 * sets the last step so that the run ends with the budget. Each estimate is refined again and again,
 * from the step time since the previous one, a quarter of the remaining way on each time: the first
 * steps run slower, and a machine shared with other work changes speed. The budget is training time
 * (steps and the sync expert; validation and checkpoints are not counted). A budget with a step
 * limit too ends at whichever comes first, and stage 2 then begins no later than
 * {@code stage2Fraction} of the steps.
 */
final class Schedule {
    /** Steps run before timing starts: the first ones are slow (native set-up, JIT). */
    static final int WARM_UP_STEPS = 10;
    /** Steps timed, after the warm-up, before an estimate is made. */
    static final int MEASURED_STEPS = 20;

    private enum Fixing { STAGE_2_STEP, LAST_STEP, NOTHING }

    private final ModelConfig.Training cfg;
    private Fixing fixing = Fixing.NOTHING;
    private int measureFrom, planAt;
    private double measureStart;

    Schedule(ModelConfig.Training cfg) {
        this.cfg = cfg;
    }

    /** The state with whatever a step limit fixes at once; with a budget still open, measuring begins. */
    TrainState begin(TrainState s) {
        if (cfg.maxMinutes() == 0) {
            int stage2 = (int) Math.round(cfg.stage2Fraction() * cfg.maxSteps());
            return s.planned(cfg.maxSteps()).stage2At(Math.max(1, stage2));
        }
        if (s.stage2Step() == 0) measure(Fixing.STAGE_2_STEP, s.step() + WARM_UP_STEPS);
        else if (s.plannedSteps() == 0) measure(Fixing.LAST_STEP, Math.max(s.step(), s.stage2Step()) + WARM_UP_STEPS);
        return s;
    }

    /** Called after every step: returns the state with any estimate made, from its training time so far. */
    TrainState stepped(TrainState s) {
        // a step limit beside a budget ends the run even while the last step is still being estimated
        if (cfg.maxSteps() > 0 && s.step() >= cfg.maxSteps() && (s.plannedSteps() == 0 || s.plannedSteps() > s.step())) {
            fixing = Fixing.NOTHING;
            return s.planned(s.step());
        }
        if (fixing == Fixing.NOTHING) return s;
        double now = s.elapsedSeconds();
        if (s.step() == measureFrom) measureStart = now;
        if (s.step() != planAt) return s;
        double secondsPerStep = (now - measureStart) / (s.step() - measureFrom);
        double budget = cfg.maxMinutes() * 60;
        int end;
        if (fixing == Fixing.STAGE_2_STEP) {
            int cap = cfg.maxSteps() > 0 ? Math.max(1, (int) Math.round(cfg.stage2Fraction() * cfg.maxSteps())) : Integer.MAX_VALUE;
            end = Math.max(s.step() + 1, Math.min(cap, fit(s, cfg.stage2Fraction() * budget, secondsPerStep)));
            s = s.stage2At(end);
            // with no stage 2 the run ends where it would begin
            if (cfg.stage2Fraction() >= 1) s = s.planned(end);
        } else {
            end = Math.max(s.step(), fit(s, budget, secondsPerStep));
            s = s.planned(end);
        }
        int refineAt = s.step() + Math.max(MEASURED_STEPS, (end - s.step()) / 4);
        if (refineAt < end) {
            measureFrom = s.step();
            measureStart = now;
            planAt = refineAt;
        } else if (fixing == Fixing.STAGE_2_STEP && cfg.stage2Fraction() < 1) {
            measure(Fixing.LAST_STEP, s.stage2Step() + WARM_UP_STEPS);
        } else {
            fixing = Fixing.NOTHING;
        }
        return s;
    }

    private void measure(Fixing what, int from) {
        fixing = what;
        measureFrom = from;
        planAt = from + MEASURED_STEPS;
    }

    /** The step at which {@code targetSeconds} of training is reached at {@code secondsPerStep}, capped by the step limit. */
    private int fit(TrainState s, double targetSeconds, double secondsPerStep) {
        long steps = s.step() + (long) Math.max(0, (targetSeconds - s.elapsedSeconds()) / secondsPerStep);
        if (cfg.maxSteps() > 0) steps = Math.min(steps, cfg.maxSteps());
        return (int) Math.min(steps, Integer.MAX_VALUE);
    }
}
