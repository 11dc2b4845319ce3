package org.speech2lip.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import org.speech2lip.ThreadGovernor;
import org.speech2lip.UserError;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PyTorch's intra-op thread count for this process ({@code --threads}): a verb chooses the
 * {@link Setting} once, and each loop that runs networks (the sync expert's steps, the lip steps, a
 * render in one lane) takes a {@link ThreadGovernor} for its phase, which starts where the previous
 * phase ended. On several cores renders and training run {@link #lanes} instead, each setting the
 * count for its own thread. Until a verb chooses, the count stays where the engine put it
 * ({@code ai.djl.pytorch.num_threads}), fixed: the tests and library callers keep their results
 * reproducible.
 */
public final class ComputeThreads {
    /** {@code auto}: measured and adapted while running, at most {@code max}; otherwise {@code max} threads, fixed. */
    public record Setting(int max, boolean adaptive) {
        public static Setting parse(String text) {
            String t = text.trim().toLowerCase(java.util.Locale.ROOT);
            if (t.equals("auto")) return new Setting(Runtime.getRuntime().availableProcessors(), true);
            try {
                int n = Integer.parseInt(t);
                if (n >= 1 && n <= 1024) return new Setting(n, false);
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new UserError("--threads " + text + ": give auto (the default: chosen by measuring while running) or a count of at least 1");
        }
    }

    /** Lanes at most: past four cores, a lane's networks get more threads instead. */
    static final int MAX_LANES = 4;

    private static Setting setting;
    private static int last, before, lanes, laned;
    private static final Map<String, ThreadGovernor> phases = new LinkedHashMap<>();

    private ComputeThreads() {}

    /** Sets how this process's networks choose their thread count; called once by a verb before its work. */
    public static synchronized void use(Setting s) {
        if (setting == null) {
            // the engine loads PyTorch's natives, which JniUtils calls into
            Engine.getEngine("PyTorch");
            before = JniUtils.getNumThreads();
        }
        setting = s;
        lanes = laned = 0;
        // the first phase starts with the cores other work leaves free; its governor checks by measuring
        last = s.adaptive() ? Math.max(1, Math.min(s.max(), s.max() - (int) Math.round(OtherWork.busyCores()))) : s.max();
        phases.clear();
    }

    /**
     * How many lanes a render or a training loop on the CPU runs: a render hands its batches in turn
     * to lanes, a training step splits its batch across them ({@link TrainingLanes}), and each lane
     * runs the networks on {@link #threadsPerLane} threads of its own. Lanes never wait for one
     * another inside an operation, so beside other busy work each keeps what the scheduler gives
     * it, where one pool splitting every operation across the cores waits at each join for its
     * slowest thread. One (the governed pool) until a verb chooses, so tests and library callers
     * keep their results reproducible; one on a GPU.
     */
    public static synchronized int lanes(boolean cpu) {
        lanes = setting == null || !cpu ? 1 : Math.min(setting.max(), MAX_LANES);
        if (lanes > 1) laned = lanes;
        return lanes;
    }

    /** Threads of each lane's networks, once {@link #lanes} chose several: the setting's cores shared among them. */
    public static synchronized int threadsPerLane() {
        return Math.max(1, setting.max() / lanes);
    }

    /** Sets the networks' thread count for work started from the calling thread (a render lane). */
    public static void useOnThisThread(int threads) {
        apply(threads);
    }

    /** The governor for a named phase of work; call its begin/end around each unit on the thread that runs the networks. */
    public static synchronized ThreadGovernor governor(String phase) {
        ThreadGovernor g;
        if (setting == null) {
            int fixed = JniUtils.getNumThreads();
            g = new ThreadGovernor(fixed, fixed, false, n -> {}, System::nanoTime, OtherWork::ownCpuNanos, () -> 0);
        } else {
            g = new ThreadGovernor(setting.max(), Math.min(last, setting.max()), setting.adaptive(), ComputeThreads::apply,
                    System::nanoTime, OtherWork::ownCpuNanos, new OtherWork()::sinceLast);
        }
        phases.put(phase, g);
        return g;
    }

    /**
     * A governor for a phase that runs in {@link #lanes}: it keeps {@code threads} (the lanes' threads
     * together) and only counts units, seconds and CPU share for the run's record.
     */
    public static synchronized ThreadGovernor counting(String phase, int threads) {
        ThreadGovernor g = new ThreadGovernor(threads, threads, false, n -> {}, System::nanoTime, OtherWork::ownCpuNanos, () -> 0);
        phases.put(phase, g);
        return g;
    }

    /**
     * Ends a verb's choice: the count goes back to what it was before {@link #use}, fixed, so that
     * whatever runs next in this process (the next verb of a demo, a test) starts as it would alone.
     */
    public static synchronized void release() {
        if (setting == null) return;
        setting = null;
        lanes = laned = 0;
        phases.clear();
        apply(before);
    }

    /** Ends a phase on its chosen count (not one under trial), where the next phase and any work between start. */
    public static synchronized void done(ThreadGovernor g) {
        if (setting == null) return;
        last = g.chosen();
        apply(last);
    }

    /** The CPU share (see {@link ThreadGovernor#cpuShare()}) of every phase's units so far; NaN before any. */
    public static synchronized double cpuShare() {
        double got = 0, asked = 0;
        for (ThreadGovernor g : phases.values()) {
            got += g.cpuSecondsReceived();
            asked += g.cpuSecondsAsked();
        }
        return ThreadGovernor.share(got, asked);
    }

    /** The setting and, per phase, the units, seconds and CPU share at each count: for run.json; empty until a verb chose. */
    public static synchronized Map<String, Object> record() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (setting == null) return m;
        m.put("setting", setting.adaptive() ? "auto" : Integer.toString(setting.max()));
        m.put("max", setting.max());
        if (laned > 1) {
            m.put("lanes", laned);
            m.put("threadsPerLane", Math.max(1, setting.max() / laned));
        }
        Map<String, Object> used = new LinkedHashMap<>();
        phases.forEach((phase, g) -> {
            List<ThreadGovernor.Usage> u = g.usage();
            if (u.isEmpty()) return;
            Map<String, Object> p = new LinkedHashMap<>();
            for (ThreadGovernor.Usage x : u) {
                Map<String, Object> at = new LinkedHashMap<>();
                at.put("units", x.units());
                at.put("seconds", Math.round(x.seconds() * 100) / 100.0);
                at.put("cpuShare", Math.round(ThreadGovernor.share(x.cpuSeconds(), x.seconds() * x.threads()) * 1000) / 1000.0);
                p.put(x.threads() + (x.threads() == 1 ? " thread" : " threads"), at);
            }
            p.put("switches", g.switches());
            used.put(phase, p);
        });
        m.put("phases", used);
        return m;
    }

    private static void apply(int n) {
        if (JniUtils.getNumThreads() != n) JniUtils.setNumThreads(n);
    }
}
