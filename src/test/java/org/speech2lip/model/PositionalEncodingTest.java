package org.speech2lip.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PositionalEncodingTest {
    private static final float R = (float) Math.sqrt(0.5);

    @Test
    void valuesAtKnownPoints() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray p = m.create(new float[] {0.5f, -0.25f, 0, 1}, new Shape(2, 1, 2));
            NDArray e = PositionalEncoding.encode(p, 2);
            assertEquals(new Shape(2, 1, PositionalEncoding.dims(2, 2)), e.getShape());
            assertArrayEquals(new float[] {
                    // p, sin(πp), cos(πp), sin(2πp), cos(2πp)
                    0.5f, -0.25f, 1, -R, 0, R, 0, -1, -1, 0,
                    0, 1, 0, 0, 1, -1, 0, 0, 1, 1}, e.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void noFrequenciesIsTheInput() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray p = m.create(new float[] {0.3f, 0.7f}, new Shape(1, 2));
            assertArrayEquals(p.toFloatArray(), PositionalEncoding.encode(p, 0).toFloatArray());
        }
    }

    @Test
    void timeCodeOfFrames() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] t = TimeCode.of(m, new int[] {0, 50}, 100, 20).toFloatArray();
            assertEquals(40, t.length);
            for (int j = 0; j < 10; j++) {
                assertEquals(0, t[2 * j], 1e-6);
                assertEquals(1, t[2 * j + 1], 1e-6);
            }
            // s = 0.5: sin/cos(π/2), sin/cos(π), then multiples of 2π
            assertArrayEquals(new float[] {1, 0, 0, -1, 0, 1}, java.util.Arrays.copyOfRange(t, 20, 26), 1e-5f);
        }
    }
}
