package org.speech2lip.render;

import org.speech2lip.ThreadGovernor;
import org.speech2lip.media.RgbImage;
import org.speech2lip.model.ComputeThreads;
import org.speech2lip.train.TrainedModel;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where a render's batches get their mouths: with one lane, on the calling thread, its thread
 * count chosen by a {@link ThreadGovernor}; with several, each batch goes to the next free lane, a
 * thread with its own compositor and lip buffers whose networks run on threads of their own
 * ({@link ComputeThreads#lanes}). Batches come back in the order they were given, so frames
 * are encoded in order while later batches are still being composed.
 */
final class Lanes implements AutoCloseable {
    /** A batch's scenes and the images they draw into (handed back for reuse once encoded). */
    record Batch(List<Scene> scenes, RgbImage[] images) {}

    private record Pending(Batch batch, Future<?> done) {}

    private final FieldLips lips;
    private final StageClock clock;
    private final int count;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final ExecutorService pool;
    private final ThreadGovernor governor;
    private final MouthCompositor mouths;
    /** Each lane thread's own compositor and lips: their scratch buffers are not shared. */
    private final ThreadLocal<Lane> lane;

    private record Lane(MouthCompositor mouths, FieldLips lips) {}

    Lanes(TrainedModel model, FieldLips lips, int count, StageClock clock) {
        this.lips = lips;
        this.clock = clock;
        this.count = count;
        if (count == 1) {
            pool = null;
            lane = null;
            governor = ComputeThreads.governor("render");
            mouths = new MouthCompositor(model);
        } else {
            governor = null;
            mouths = null;
            int threads = ComputeThreads.threadsPerLane();
            lane = ThreadLocal.withInitial(() -> {
                ComputeThreads.useOnThisThread(threads);
                return new Lane(new MouthCompositor(model), lips.lane());
            });
            AtomicInteger made = new AtomicInteger();
            pool = Executors.newFixedThreadPool(count, r -> {
                Thread t = new Thread(r, "render-lane-" + made.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
    }

    /** Composes the batch's mouths, at once with one lane, else in the background. */
    void submit(List<Scene> scenes, RgbImage[] images) {
        Batch batch = new Batch(scenes, images);
        if (pool == null) {
            governor.begin();
            mouths.compose(scenes, lips, clock);
            governor.end(scenes.size());
            pending.add(new Pending(batch, CompletableFuture.completedFuture(null)));
        } else {
            pending.add(new Pending(batch, pool.submit(() -> {
                Lane own = lane.get();
                own.mouths().compose(scenes, own.lips(), clock);
            })));
        }
    }

    /** Whether the oldest batch should be taken before another is given: every lane has work and one more waits. */
    boolean full() {
        return pending.size() > (pool == null ? 0 : count);
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    /** The oldest batch, its mouths composed; a lane's failure is thrown here. */
    Batch next() {
        Pending p = pending.poll();
        try {
            p.done().get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) throw r;
            if (cause instanceof Error err) throw err;
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("render interrupted", e);
        }
        return p.batch();
    }

    /** Stops the lanes and waits for them: the networks they use are freed right after. */
    @Override
    public void close() {
        if (governor != null) ComputeThreads.done(governor);
        if (pool == null) return;
        pool.shutdownNow();
        try {
            if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("render lanes still running a minute after the render ended");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
