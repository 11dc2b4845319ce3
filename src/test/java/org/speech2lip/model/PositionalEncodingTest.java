package org.speech2lip.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
            // a 1000-frame clip: periods from 2000 frames down to 50
            float[] t = TimeCode.of(m, new int[] {0, 25, 500}, 1000, 20).toFloatArray();
            assertEquals(60, t.length);
            for (int j = 0; j < 10; j++) {
                assertEquals(0, t[2 * j], 1e-6);
                assertEquals(1, t[2 * j + 1], 1e-6);
            }
            // frame 500 is a quarter of the longest period; frame 25 half of the shortest
            assertEquals(1, t[40], 1e-5);
            assertEquals(0, t[41], 1e-5);
            assertEquals(0, t[20 + 18], 1e-5);
            assertEquals(-1, t[20 + 19], 1e-5);
        }
    }

    /** Neighbouring frames get nearly the same code, so the field cannot learn a mouth per frame from it. */
    @Test
    void timeCodeIsTooCoarseToTellNeighbouringFramesApart() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] t = TimeCode.of(m, new int[] {700, 701}, 1779, 20).toFloatArray();
            double d = 0;
            for (int i = 0; i < 20; i++) d += (t[i] - t[20 + i]) * (t[i] - t[20 + i]);
            assertTrue(Math.sqrt(d) < 0.2, "neighbouring frames' codes differ by " + Math.sqrt(d));
        }
    }

    @Test
    void heldOutFramesTakeTheCodeOfTheirMirrorInTheTrainingSplit() {
        assertEquals(5, TimeCode.learned(5, 100));
        assertEquals(98, TimeCode.learned(100, 100));
        assertEquals(89, TimeCode.learned(109, 100));
    }
}
