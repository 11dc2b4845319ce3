package org.speech2lip;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

/**
 * Chooses, by measuring, how many threads a native compute pool (PyTorch's) runs a loop's work
 * with. On an idle machine every core helps; beside other busy processes a pool that splits each
 * operation across all cores waits at every join for its slowest thread, which the scheduler has
 * parked behind the other work, and a run slows to a fraction of its share of the CPU. No fixed
 * count is right for both, so the loop reports how long each unit of work (a training step, a
 * render batch) took, and the governor keeps the count whose recent units were fastest:
 * <ul>
 *   <li>after a few units it tries a neighbouring count on the ladder (max, max/2, ..., 1),
 *       alternating short blocks of it with blocks of the current one, so that whatever else
 *       changes meanwhile (the JIT warming up, other work starting) weighs on both alike, and
 *       moves to it when it is clearly faster; a count far slower or faster after its first block
 *       is decided at once, since on a busy machine every unit at the wrong count is costly;</li>
 *   <li>a choice that held is tried again later and later (the interval doubles up to
 *       {@link #MAX_INTERVAL_S} seconds of work), so probing costs little once the machine is steady;</li>
 *   <li>when the current count's unit time drifts by more than {@link #DRIFT} (other work started
 *       or stopped), it tries the others at once;</li>
 *   <li>more threads are tried only while other processes leave cores free (told by a second
 *       gauge, the cores' worth of CPU other work used since the last sample): beside busy work
 *       every such trial is lost time. When cores come free again (the other work ended: one
 *       thread beside one busy process has a core of its own, so its speed does not show it) the
 *       trial comes at once.</li>
 * </ul>
 * Time is read from an injected clock, so the behaviour is testable without waiting.
 */
public final class ThreadGovernor {
    /** Units shorter than this are pooled into one sample: single steps are noisy (GC, data loading). */
    static final double MIN_SAMPLE_S = 0.3;
    /** Samples discarded when a governor starts: the first ones pay for native set-up and the JIT. */
    static final int WARM_UP = 5;
    /** Recent samples whose median stands for the current count. */
    static final int WINDOW = 7;
    /** Samples, after the warm-up, before the first trial. */
    static final int FIRST_TRIAL_AFTER = 3;
    /**
     * A trial alternates blocks of {@code BLOCK} samples with the count under trial and with the
     * current count, {@code BLOCKS} of each; the first sample of a block pays for the switch (a pool's
     * threads waking or starting) and is not counted.
     */
    static final int BLOCK = 3, BLOCKS = 2;
    /** How much faster a count under trial must be to be taken. */
    static final double MARGIN = 0.1;
    /** A count under trial whose first block is this much slower (faster) than the current count is dropped (taken) at once. */
    static final double CLEAR = 1.5;
    /** How far the current count's median may move before the others are tried again at once. */
    static final double DRIFT = 0.3;
    /** Cores that must be free beyond the current count before more threads are tried. */
    static final double ROOM = 0.5;
    /** Weight of the newest sample in the smoothed gauge of other work's cores. */
    static final double OTHERS_SMOOTHING = 0.3;
    /** Seconds of work before a choice is tried again, at first and at most. */
    static final double FIRST_INTERVAL_S = 30, MAX_INTERVAL_S = 120;

    /** Units done, wall seconds spent and CPU seconds received with one thread count. */
    public record Usage(int threads, long units, double seconds, double cpuSeconds) {}

    private final int[] ladder;
    private final boolean adaptive;
    private final IntConsumer apply;
    private final LongSupplier clock, cpuClock;
    private final DoubleSupplier otherBusyCores;
    private final long[] units;
    private final double[] seconds, cpuSeconds;
    private final double[] recent = new double[WINDOW];
    private final List<Double> trial = new ArrayList<>(), against = new ArrayList<>();
    private int current, probing = -1, running, trialSamples, recentCount, warmUp = WARM_UP, lastDirection = -1, switches;
    private double decided = Double.NaN, interval = FIRST_INTERVAL_S, work, nextProbe, pooledSeconds, others;
    private int pooledUnits;
    private boolean wasRoom = true;
    private long started = -1, cpuStarted;

    /**
     * A governor over thread counts 1..{@code maxThreads}, starting at {@code start}; with
     * {@code adaptive} false it keeps {@code start} and only counts. {@code apply} sets a count
     * (called on the thread that runs the work), {@code clock} gives nanoseconds, {@code cpuClock}
     * the process's CPU time in nanoseconds, and {@code otherBusyCores} the cores' worth of CPU other
     * processes used since it was last asked.
     */
    public ThreadGovernor(int maxThreads, int start, boolean adaptive, IntConsumer apply, LongSupplier clock, LongSupplier cpuClock,
                          DoubleSupplier otherBusyCores) {
        if (maxThreads < 1 || start < 1 || start > maxThreads) throw new IllegalArgumentException("threads " + start + " of " + maxThreads);
        List<Integer> counts = new ArrayList<>();
        for (int n = maxThreads; n > 1; n /= 2) counts.add(0, n);
        counts.add(0, 1);
        if (!counts.contains(start)) counts.add(start);
        ladder = counts.stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
        this.adaptive = adaptive && ladder.length > 1;
        this.apply = apply;
        this.clock = clock;
        this.cpuClock = cpuClock;
        this.otherBusyCores = otherBusyCores;
        units = new long[ladder.length];
        seconds = new double[ladder.length];
        cpuSeconds = new double[ladder.length];
        current = Arrays.binarySearch(ladder, start);
        run(current);
    }

    /** The thread count the next unit runs with. */
    public int threads() {
        return ladder[running];
    }

    /** The count chosen so far: the one {@link #threads()} returns except during a trial of another. */
    public int chosen() {
        return ladder[current];
    }

    /** How many times the governor moved to another count. */
    public int switches() {
        return switches;
    }

    /** Marks the start of a unit of work. */
    public void begin() {
        started = clock.getAsLong();
        cpuStarted = cpuClock.getAsLong();
    }

    /** Marks the end of {@code n} units of work begun at the last {@link #begin()}; may change the count. */
    public void end(int n) {
        if (started < 0) throw new IllegalStateException("end() without begin()");
        double s = (clock.getAsLong() - started) / 1e9;
        started = -1;
        int level = running;
        units[level] += n;
        seconds[level] += s;
        cpuSeconds[level] += (cpuClock.getAsLong() - cpuStarted) / 1e9;
        work += s;
        if (!adaptive || n < 1) return;
        pooledSeconds += s;
        pooledUnits += n;
        if (pooledSeconds < MIN_SAMPLE_S) return;
        double perUnit = pooledSeconds / pooledUnits;
        pooledSeconds = 0;
        pooledUnits = 0;
        others = warmUp == WARM_UP ? otherBusyCores.getAsDouble()
                : (1 - OTHERS_SMOOTHING) * others + OTHERS_SMOOTHING * otherBusyCores.getAsDouble();
        if (warmUp > 0) {
            warmUp--;
            return;
        }
        if (probing >= 0) {
            if (trialSamples++ % BLOCK != 0) (level == probing ? trial : against).add(perUnit);
            double before = median(recent, Math.min(recentCount, WINDOW));
            // a count far slower or faster than the current one needs no confirming against it
            boolean clear = trialSamples == BLOCK && (median(trial) > CLEAR * before || median(trial) * CLEAR < before);
            if (clear) conclude(median(trial), before);
            else if (trialSamples == 2 * BLOCKS * BLOCK) conclude(median(trial), median(against));
            else if (trialSamples % BLOCK == 0) run(level == probing ? current : probing);
            return;
        }
        recent[recentCount++ % WINDOW] = perUnit;
        if (Double.isNaN(decided) && recentCount >= FIRST_TRIAL_AFTER) {
            // the first choice is made early: on a busy machine every sample at the wrong count is costly
            decided = median(recent, recentCount);
            startTrial(neighbour(-lastDirection));
            return;
        }
        if (recentCount < WINDOW) return;
        double now = median(recent, WINDOW);
        boolean drifted = now > decided * (1 + DRIFT) || now < decided / (1 + DRIFT);
        boolean room = room(), freed = room && !wasRoom;
        wasRoom = room;
        if (drifted || freed) interval = FIRST_INTERVAL_S;
        if (freed) startTrial(current + 1);
        else if (drifted || work >= nextProbe) startTrial(neighbour(-lastDirection));
    }

    /** True when other work leaves enough cores free for the next count up to have them. */
    private boolean room() {
        // the cores: ours at the next count plus the others' must fit the machine (max), with ROOM to spare
        return current < ladder.length - 1 && others + ladder[current + 1] <= ladder[ladder.length - 1] + ROOM;
    }

    /** Units and seconds per thread count, for the run's record. */
    public List<Usage> usage() {
        List<Usage> u = new ArrayList<>();
        for (int i = 0; i < ladder.length; i++) if (units[i] > 0) u.add(new Usage(ladder[i], units[i], seconds[i], cpuSeconds[i]));
        return u;
    }

    /**
     * The CPU time the units received over the CPU time their threads asked for (wall time × count):
     * about 1 when the machine had the cores to give, well below it when other work took them. NaN
     * before any unit.
     */
    public double cpuShare() {
        return share(cpuSecondsReceived(), cpuSecondsAsked());
    }

    /** CPU seconds the units received, all counts together. */
    public double cpuSecondsReceived() {
        return Arrays.stream(cpuSeconds).sum();
    }

    /** CPU seconds the units asked for: each count's wall seconds times the count. */
    public double cpuSecondsAsked() {
        double asked = 0;
        for (int i = 0; i < ladder.length; i++) asked += seconds[i] * ladder[i];
        return asked;
    }

    /** The share {@code got / asked}, at most 1; NaN when nothing was asked. */
    public static double share(double got, double asked) {
        return asked > 0 ? Math.min(1, got / asked) : Double.NaN;
    }

    private void startTrial(int level) {
        if (level > current && !room()) {
            // no free cores to gain from: try fewer threads instead, or nothing until the next interval
            level = current > 0 ? current - 1 : -1;
            if (level < 0) {
                nextProbe = work + interval;
                return;
            }
        }
        if (level < 0) return;
        probing = level;
        trialSamples = 0;
        trial.clear();
        against.clear();
        run(level);
    }

    private void run(int level) {
        running = level;
        apply.accept(ladder[level]);
    }

    /** Another count next to the current one, preferably in {@code direction} (+1 more threads, -1 fewer); -1 when none. */
    private int neighbour(int direction) {
        int preferred = current + direction, other = current - direction;
        if (preferred >= 0 && preferred < ladder.length) return preferred;
        if (other >= 0 && other < ladder.length) return other;
        return -1;
    }

    /** Ends a trial whose count ran units in {@code candidate} seconds each, against {@code here} for the current count. */
    private void conclude(double candidate, double here) {
        int tried = probing, direction = Integer.signum(tried - current);
        lastDirection = direction;
        probing = -1;
        if (candidate < here * (1 - MARGIN)) {
            current = tried;
            switches++;
            decided = candidate;
            recentCount = 0;
            for (double t : trial) recent[recentCount++] = t;
            interval = FIRST_INTERVAL_S;
            // keep climbing the same way while it pays
            int further = current + direction;
            if (further >= 0 && further < ladder.length) {
                startTrial(further);
                return;
            }
        } else {
            decided = here;
            interval = Math.min(2 * interval, MAX_INTERVAL_S);
        }
        run(current);
        nextProbe = work + interval;
    }

    private static double median(List<Double> values) {
        return median(values.stream().mapToDouble(Double::doubleValue).toArray(), values.size());
    }

    private static double median(double[] values, int n) {
        double[] v = Arrays.copyOf(values, n);
        Arrays.sort(v);
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
