package org.speech2lip.model;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.speech2lip.ThreadGovernor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A training step split into parts that each run their forward and backward pass, their gradients
 * adding up in the shared weights (PyTorch accumulates them under a lock; with two parts the sum is
 * the same in either order, so the step's result does not depend on how many lanes ran it). With
 * one lane the parts run in turn on the calling thread; with more, at once on threads whose
 * networks run on PyTorch threads of their own ({@link ComputeThreads#lanes}). Beside other busy
 * work each lane keeps what the scheduler gives it, where one pool splitting every operation across
 * the cores waits at each join for its slowest thread. The calling thread is lane 0.
 */
public final class TrainingLanes implements AutoCloseable {
    /** Parts a step is split into, on any machine, so that a step computes the same with any lane count. */
    public static final int PARTS = 2;

    private final ExecutorService pool;
    private final ThreadGovernor governor;

    /**
     * The lanes for a training phase on the CPU ({@code cpu}) or not, as {@link ComputeThreads#lanes}
     * chooses, with the phase's governor: one that only counts when there are several lanes, the
     * measuring one that chooses the thread count when there is one.
     */
    public static TrainingLanes forPhase(String phase, boolean cpu) {
        int count = ComputeThreads.lanes(cpu);
        if (count == 1) return new TrainingLanes(1, 1, ComputeThreads.governor(phase));
        int threads = ComputeThreads.threadsPerLane();
        return new TrainingLanes(count, threads, ComputeThreads.counting(phase, count * threads));
    }

    /** {@code count} lanes (at most {@link #PARTS}) whose networks run on {@code threads} threads each; one lane leaves the thread count alone. */
    public TrainingLanes(int count, int threads) {
        this(count, threads, null);
    }

    private TrainingLanes(int count, int threads, ThreadGovernor governor) {
        this.governor = governor;
        if (count < 1) throw new IllegalArgumentException("lanes: " + count);
        int lanes = Math.min(count, PARTS);
        if (lanes == 1) {
            pool = null;
            return;
        }
        ComputeThreads.useOnThisThread(threads);
        AtomicInteger made = new AtomicInteger();
        pool = Executors.newFixedThreadPool(lanes - 1, r -> {
            Thread t = new Thread(() -> {
                ComputeThreads.useOnThisThread(threads);
                r.run();
            }, "training-lane-" + made.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The phase's governor, to be told of each step ({@link #forPhase}); null for lanes made directly. */
    public ThreadGovernor governor() {
        return governor;
    }

    /** The items [from, to) of {@code n} that part {@code p} takes, as {from, to}. */
    public static int[] part(int n, int p) {
        return new int[] {n * p / PARTS, n * (p + 1) / PARTS};
    }

    /**
     * Runs {@code work} for every part, with gradients recorded on the thread that runs it; a part's
     * failure is thrown here, after all have ended.
     */
    public void run(IntConsumer work) {
        List<Future<?>> others = new ArrayList<>();
        for (int p = 1; p < PARTS && pool != null; p++) {
            int part = p;
            others.add(pool.submit(() -> recording(work, part)));
        }
        RuntimeException failed = null;
        for (int p = 0; p < (pool == null ? PARTS : 1); p++) {
            try {
                recording(work, p);
            } catch (RuntimeException e) {
                if (failed == null) failed = e;
            }
        }
        for (Future<?> f : others) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failed == null) failed = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (failed == null) failed = new IllegalStateException("training interrupted", e);
            }
        }
        if (failed != null) throw failed;
    }

    /** Back-propagates {@code loss} (a scalar) from the calling part into the weights' gradients. */
    public static void backward(NDArray loss) {
        try (NDArray ones = loss.onesLike()) {
            JniUtils.backward((PtNDArray) loss, (PtNDArray) ones, false, false);
        }
    }

    /** Gradient recording is per thread in PyTorch: each part turns it on for its own work. */
    private static void recording(IntConsumer work, int part) {
        boolean was = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
        try {
            work.accept(part);
        } finally {
            JniUtils.setGradMode(was);
        }
    }

    @Override
    public void close() {
        if (pool == null) return;
        pool.shutdownNow();
        try {
            if (!pool.awaitTermination(60, TimeUnit.SECONDS)) throw new IllegalStateException("training lanes still running a minute after training ended");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
