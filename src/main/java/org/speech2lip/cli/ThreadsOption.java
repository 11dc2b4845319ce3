package org.speech2lip.cli;

import org.speech2lip.model.ComputeThreads;
import picocli.CommandLine.Option;

/** {@code --threads}, shared by every verb that runs networks: how many threads PyTorch computes with. */
final class ThreadsOption {
    static final String DESCRIPTION = "Cores the networks compute on: auto (default) takes every core, in lanes that do not wait for one "
            + "another (a render's batches, a training step's two parts), and with one lane keeps the thread count that measures "
            + "fastest on this machine now; a number fixes the cores.";

    @Option(names = "--threads", defaultValue = "auto", paramLabel = "N|auto", description = DESCRIPTION)
    String threads = "auto";

    /** Chooses PyTorch's thread count for this process; returns the choice. */
    ComputeThreads.Setting apply() {
        ComputeThreads.Setting s = ComputeThreads.Setting.parse(threads);
        ComputeThreads.use(s);
        return s;
    }

    /**
     * Threads of the face models (TensorFlow Lite) for {@code --threads}: auto is one. The models are
     * small and frames are decoded on a thread beside them; measured on a 512x512 clip, one thread
     * is as fast as two on 2 idle cores and 4x faster beside two busy processes, where the second
     * thread's pool spins waiting for the first.
     */
    static int faceModelThreads(String text) {
        return text.trim().equalsIgnoreCase("auto") ? 1 : ComputeThreads.Setting.parse(text).max();
    }
}
