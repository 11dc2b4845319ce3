package org.speech2lip.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class's PyTorch work on one intra-op thread. The test machine's two cores are shared
 * with other builds, and there two OpenMP threads waiting on each other make training steps up to
 * ten times slower than one thread.
 */
final class OneTorchThread implements BeforeAllCallback, AfterAllCallback {
    private int threads;

    @Override
    public void beforeAll(ExtensionContext context) {
        Engine.getInstance();
        threads = JniUtils.getNumThreads();
        JniUtils.setNumThreads(1);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        JniUtils.setNumThreads(threads);
    }
}
