package org.speech2lip.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyncLossTest {
    private static final int B = 8, H = 24, W = 32;

    private static SyncExpert expert(NDManager m) {
        Engine.getInstance().setRandomSeed(3);
        SyncExpert e = new SyncExpert(new SyncExpert.Config(H, W, 4, 16));
        e.initialize(m, DataType.FLOAT32, e.inputShapes(B));
        return e;
    }

    private static NDArray generated(NDManager m) {
        return m.randomUniform(0, 1, new Shape(B, 3 * SyncExpert.FRAMES, H, W));
    }

    private static NDArray mel(NDManager m) {
        return m.randomUniform(-4, 4, new Shape(B, 1, SyncExpert.MEL_STEPS, SyncExpert.MEL_BINS));
    }

    /** Backpropagates one term from a fresh copy of the windows; returns how many received gradient. */
    private static int windowsWithGradient(BiFunction<NDArray, NDArray, NDArray> term, NDArray windows, NDArray audio) {
        NDArray g = windows.getManager().create(windows.toFloatArray(), windows.getShape());
        g.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(term.apply(g, audio));
        }
        int n = 0;
        for (float v : g.getGradient().abs().sum(new int[] {1, 2, 3}).toFloatArray()) if (v > 0) n++;
        return n;
    }

    @Test
    void bothTermsSendGradientIntoTheGeneratedWindows() {
        try (NDManager m = NDManager.newBaseManager()) {
            SyncExpert e = expert(m);
            SyncLoss loss = new SyncLoss(e, SyncLoss.Mode.CONTRASTIVE);
            NDArray g = generated(m), shifted = mel(m);
            assertEquals(B, windowsWithGradient(loss::positive, g, mel(m)), "1 - cos reaches every window");

            NDList out = e.forward(new ParameterStore(m, false), new NDList(g, shifted), false);
            int above = 0;
            for (float c : SyncExpert.cosine(out.get(0), out.get(1)).toFloatArray()) if (c > 0) above++;
            assertTrue(above > 0, "the test needs unsynced pairs with a positive cosine");
            // max(0, cos) reaches exactly the windows whose unsynced cosine is still above 0
            assertEquals(above, windowsWithGradient(loss::negative, g, shifted));
        }
    }

    @Test
    void theExpertStaysFrozen() {
        try (NDManager m = NDManager.newBaseManager()) {
            SyncExpert e = expert(m);
            float[][] before = e.getParameters().values().stream().map(p -> p.getArray().toFloatArray()).toArray(float[][]::new);
            SyncLoss loss = new SyncLoss(e, SyncLoss.Mode.CONTRASTIVE);
            NDArray g = generated(m);
            g.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(loss.loss(g, mel(m), mel(m)));
            }
            assertTrue(g.getGradient().abs().sum().getFloat() > 0);
            int i = 0;
            for (Pair<String, Parameter> p : e.getParameters()) {
                assertFalse(p.getValue().requiresGradient(), p.getKey() + " is trainable");
                assertFalse(p.getValue().getArray().hasGradient(), p.getKey() + " collects gradient");
                assertArrayEquals(before[i++], p.getValue().getArray().toFloatArray(), 0f, p.getKey() + " changed (batch-norm statistics?)");
            }
        }
    }

    @Test
    void modesPickTheTerms() {
        try (NDManager m = NDManager.newBaseManager()) {
            SyncExpert e = expert(m);
            NDArray g = generated(m), audio = mel(m), shifted = mel(m);
            SyncLoss contrastive = new SyncLoss(e, SyncLoss.Mode.CONTRASTIVE);
            float pos = contrastive.positive(g, audio).getFloat(), neg = contrastive.negative(g, shifted).getFloat();
            assertTrue(pos > 0 && pos < 2 && neg >= 0 && neg <= 1);
            assertEquals(pos + neg, contrastive.loss(g, audio, shifted).getFloat(), 1e-5);
            assertEquals(pos, new SyncLoss(e, SyncLoss.Mode.POSITIVES).loss(g, audio, shifted).getFloat(), 1e-6);
            assertEquals(0f, new SyncLoss(e, SyncLoss.Mode.OFF).loss(g, audio, shifted).getFloat());
        }
    }

    /** DJL can free a scalar operand before backward reads it; the loss must not depend on when the GC runs. */
    @Test
    void gradientsDoNotDependOnGarbageCollection() {
        try (NDManager m = NDManager.newBaseManager()) {
            SyncLoss loss = new SyncLoss(expert(m), SyncLoss.Mode.CONTRASTIVE);
            NDArray g = generated(m), audio = mel(m), shifted = mel(m);
            float[] calm = gradient(loss, g, audio, shifted, false), churned = gradient(loss, g, audio, shifted, true);
            for (float v : churned) assertTrue(Float.isFinite(v), "finite gradient");
            assertArrayEquals(calm, churned);
        }
    }

    private static float[] gradient(SyncLoss loss, NDArray windows, NDArray audio, NDArray shifted, boolean churn) {
        NDArray g = windows.getManager().create(windows.toFloatArray(), windows.getShape());
        g.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray l = loss.loss(g, audio, shifted);
            if (churn) BilinearWarpTest.churnDirectMemory();
            gc.backward(l);
        }
        return g.getGradient().toFloatArray();
    }
}
