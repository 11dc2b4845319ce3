package org.speech2lip.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingLanesTest {
    @Test
    void thePartsCoverABatchOnceInOrder() {
        for (int n : new int[] {1, 2, 3, 4, 7, 32}) {
            int next = 0;
            for (int p = 0; p < TrainingLanes.PARTS; p++) {
                int[] range = TrainingLanes.part(n, p);
                assertEquals(next, range[0], "part " + p + " of " + n + " starts where the previous ended");
                next = range[1];
            }
            assertEquals(n, next);
        }
    }

    /** The gradient of the mean of (w·x)² over a batch, its parts run in {@code lanes} lanes. */
    private static float[] gradient(int lanes, float[] x, Set<String> threads) {
        try (NDManager m = NDManager.newBaseManager(); TrainingLanes l = new TrainingLanes(lanes, 1)) {
            NDArray w = m.create(new float[] {0.5f, -1.5f, 2f});
            w.setRequiresGradient(true);
            int n = x.length / 3;
            l.run(p -> {
                threads.add(Thread.currentThread().getName());
                int[] r = TrainingLanes.part(n, p);
                try (NDManager part = m.newSubManager()) {
                    float[] mine = Arrays.copyOfRange(x, 3 * r[0], 3 * r[1]);
                    NDArray loss = part.create(mine, new Shape(r[1] - r[0], 3)).matMul(w).square().sum().div(part.create((float) n));
                    TrainingLanes.backward(loss);
                }
            });
            return w.getGradient().toFloatArray();
        }
    }

    @Test
    void twoLanesAddTheSameGradientAsOne() {
        float[] x = new float[3 * 9];
        for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(1.7 * i);
        Set<String> one = ConcurrentHashMap.newKeySet(), two = ConcurrentHashMap.newKeySet();
        float[] alone = gradient(1, x, one), laned = gradient(2, x, two);
        assertEquals(1, one.size(), "one lane runs both parts on the calling thread");
        assertEquals(2, two.size(), "two lanes run the parts on two threads");
        assertArrayEquals(alone, laned, "two parts' gradients add up the same in either order");
        // and both equal the whole batch's gradient: 2/n Σ (w·x) x
        float[] whole = new float[3];
        float[] w = {0.5f, -1.5f, 2f};
        int n = x.length / 3;
        for (int i = 0; i < n; i++) {
            double dot = 0;
            for (int j = 0; j < 3; j++) dot += w[j] * x[3 * i + j];
            for (int j = 0; j < 3; j++) whole[j] += (float) (2 * dot * x[3 * i + j] / n);
        }
        assertArrayEquals(whole, alone, 1e-4f);
    }

    @Test
    void aFailingPartIsThrownAfterTheOtherEnded() {
        boolean[] ended = new boolean[1];
        try (TrainingLanes l = new TrainingLanes(2, 1)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> l.run(p -> {
                if (p == 1) throw new IllegalStateException("part 1 failed");
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
                ended[0] = true;
            }));
            assertEquals("part 1 failed", e.getMessage());
            assertTrue(ended[0], "part 0 ran to its end");
        }
    }

    @Test
    void recordingIsTurnedOffAgainAfterTheParts() {
        try (TrainingLanes l = new TrainingLanes(2, 1)) {
            l.run(p -> { });
        }
        assertFalse(JniUtils.isGradMode());
    }
}
