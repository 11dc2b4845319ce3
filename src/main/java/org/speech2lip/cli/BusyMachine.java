package org.speech2lip.cli;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/** The one line that says a run was starved of CPU by other work, why that matters and what to do. */
final class BusyMachine {
    /** Below this share of the CPU time it asked for, a run is called starved. */
    static final double STARVED = 0.75;

    private BusyMachine() {}

    /**
     * The warning for a training run that got {@code cpuShare} of the CPU time its threads asked for,
     * or null when it got enough (or nothing was measured). A time budget then made fewer steps than
     * an idle machine would, so the model is weaker; a step budget only took longer.
     */
    static String warning(double cpuShare, boolean timeBudget) {
        if (!(cpuShare < STARVED)) return null;
        String got = String.format(Locale.ROOT, "the machine was busy: training got %.0f%% of the CPU time its threads asked for%s",
                100 * cpuShare, load());
        return timeBudget
                ? got + ", so the time budget made roughly that share of the steps an idle machine makes and the model is weaker; "
                        + "stop the other work and train again into the same directory to add steps, or give --steps N to fix the model instead of the time"
                : got + ", so training took longer than on an idle machine (the model is the same); stop the other work to go faster";
    }

    private static String load() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        int cores = Runtime.getRuntime().availableProcessors();
        return load < 0 ? "" : String.format(Locale.ROOT, " (load average %.1f on %d cores)", load, cores);
    }
}
