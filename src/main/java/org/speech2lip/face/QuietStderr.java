package org.speech2lip.face;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Runs native work with the process's standard error sent to /dev/null: TensorFlow Lite prints
 * "INFO: Created TensorFlow Lite XNNPACK delegate for CPU." on every prepare, straight to file
 * descriptor 2, and its logger's level cannot be set from Java. Only the descriptor is swapped, for
 * the few milliseconds the work takes; a progress bar redrawn in that time is drawn again next time.
 */
final class QuietStderr {
    private QuietStderr() {}

    /** The C library calls it needs (JNA, which DJL already brings). */
    private interface LibC extends Library {
        int dup(int fd);

        int dup2(int from, int to);

        int open(String path, int flags);

        int close(int fd);
    }

    private static final int STDERR = 2, O_WRONLY = 1;
    private static final LibC C = Platform.isLinux() || Platform.isMac() ? load() : null;

    private static LibC load() {
        try {
            return Native.load("c", LibC.class);
        } catch (UnsatisfiedLinkError e) {
            return null;
        }
    }

    /** Runs {@code work} with native standard error silenced; as is where that cannot be done. */
    static void run(Runnable work) {
        int saved = C == null ? -1 : C.dup(STDERR), sink = saved < 0 ? -1 : C.open("/dev/null", O_WRONLY);
        if (sink < 0) {
            if (saved >= 0) C.close(saved);
            work.run();
            return;
        }
        System.err.flush();
        C.dup2(sink, STDERR);
        try {
            work.run();
        } finally {
            C.dup2(saved, STDERR);
            C.close(sink);
            C.close(saved);
        }
    }
}
