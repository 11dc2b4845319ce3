package org.speech2lip;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Ctrl-C during native work. The JVM exits as soon as its shutdown hooks return, and exiting runs
 * libtorch's own teardown under any operation still computing in another thread, which crashes the
 * process (a SIGSEGV banner beside the one-line message). While one of these is open, its hook asks
 * the work to stop at its next {@link #check} and waits, a bounded time, until the work has left
 * native code and {@link #close}d it.
 */
public final class GracefulStop implements AutoCloseable {
    /** Thrown from {@link #check} once a stop is asked for: unwinds the work without a message of its own. */
    public static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopped by a signal", null, false, false);
        }
    }

    private final CountDownLatch left = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean requested;

    private GracefulStop(long waitSeconds) {
        hook = new Thread(() -> stopAndWait(waitSeconds), "graceful-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** What the hook does: asks for the stop, then waits for {@link #close} or the time. */
    boolean stopAndWait(long waitSeconds) {
        requested = true;
        try {
            return left.await(waitSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Opens a stop point whose hook waits at most {@code waitSeconds} for the work to check it. */
    public static GracefulStop open(long waitSeconds) {
        return new GracefulStop(waitSeconds);
    }

    /** Whether a stop is asked for: for work that ends its own way (a checkpoint first). */
    public boolean requested() {
        return requested;
    }

    /** Throws {@link Stopped} once a stop is asked for; call it between native steps. */
    public void check() {
        if (requested) throw new Stopped();
    }

    /** {@code step}, checking for a stop first: for a loop's per-step callback. */
    public IntConsumer checking(IntConsumer step) {
        return s -> {
            check();
            step.accept(s);
        };
    }

    /** The work has left native code (finished or stopped): the hook may let the JVM go. */
    @Override
    public void close() {
        left.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it returns now that the latch is open
        }
    }
}
