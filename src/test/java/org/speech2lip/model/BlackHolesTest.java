package org.speech2lip.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlackHolesTest {
    private static final int B = 400, H = 64, W = 80, PLANE = H * W;

    /** B copies of an elliptical lip region, 40 × 24 px, in the middle of the window. */
    private static float[] lipRegions() {
        float[] r = new float[B * PLANE];
        for (int b = 0; b < B; b++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    double u = (x + 0.5 - W / 2.0) / 20, v = (y + 0.5 - H / 2.0) / 12;
                    if (u * u + v * v <= 1) r[b * PLANE + y * W + x] = 1;
                }
            }
        }
        return r;
    }

    @Test
    void aboutHalfTheSamplesGetHolesOfVariedSizeInsideTheRegion() {
        float[] region = lipRegions();
        float[] holes = new BlackHoles(BlackHoles.PAPER_PROBABILITY, 7).holes(region, B, H, W);
        int withHoles = 0, smallest = Integer.MAX_VALUE, largest = 0;
        long inside = 0, total = 0;
        for (int b = 0; b < B; b++) {
            int area = 0;
            for (int p = 0; p < PLANE; p++) {
                float h = holes[b * PLANE + p];
                assertTrue(h == 0 || h == 1);
                if (h == 1) {
                    area++;
                    int x = p % W, y = p / W;
                    assertTrue(x >= 20 - 15 && x < 60 + 15 && y >= 20 - 15 && y < 44 + 15, "hole pixel far from the region");
                    if (region[b * PLANE + p] == 1) inside++;
                }
            }
            total += area;
            if (area > 0) {
                withHoles++;
                smallest = Math.min(smallest, area);
                largest = Math.max(largest, area);
            }
        }
        System.out.printf("black holes: %d of %d samples, areas %d..%d px, %.0f %% inside the lip region%n",
                withHoles, B, smallest, largest, 100.0 * inside / total);
        assertEquals(0.5, withHoles / (double) B, 0.08);
        assertTrue(smallest <= 12, "smallest hole area " + smallest);
        assertTrue(largest >= 250, "largest hole area " + largest);
        // holes are centred in the region and may spill a little past its edge, as disocclusions do
        assertTrue(inside > 0.7 * total, "holes belong in the warped region: " + inside + " of " + total + " px inside");
    }

    @Test
    void sameSeedSameHolesOtherSeedOtherHoles() {
        float[] region = lipRegions();
        float[] a = new BlackHoles(0.5, 3).holes(region, B, H, W);
        assertArrayEquals(a, new BlackHoles(0.5, 3).holes(region, B, H, W));
        assertFalse(java.util.Arrays.equals(a, new BlackHoles(0.5, 4).holes(region, B, H, W)));
    }

    @Test
    void probabilityZeroOneAndEmptyRegions() {
        float[] region = lipRegions();
        assertEquals(0, sum(new BlackHoles(0, 1).holes(region, B, H, W)));
        float[] all = new BlackHoles(1, 1).holes(region, B, H, W);
        for (int b = 0; b < B; b++) {
            float s = 0;
            for (int p = 0; p < PLANE; p++) s += all[b * PLANE + p];
            assertTrue(s > 0, "sample " + b + " has no hole at p = 1");
        }
        assertEquals(0, sum(new BlackHoles(1, 1).holes(new float[B * PLANE], B, H, W)), "no region, no holes");
    }

    private static double sum(float[] a) {
        double s = 0;
        for (float v : a) s += v;
        return s;
    }

    @Test
    void punchZeroesHolePixelsMarksThemAndKeepsTheRest() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray mask = m.create(lipRegions(), new Shape(B, 1, H, W)).get("0:32");
            NDArray pasted = m.randomUniform(0.1f, 1, new Shape(32, 3, H, W));
            NDArray holes = new BlackHoles(1, 9).holes(mask);
            NDList out = new BlackHoles(1, 9).punch(pasted, mask);
            NDArray inHole = holes.eq(1).broadcast(pasted.getShape());
            assertTrue(holes.sum().getFloat() > 0);
            assertEquals(0f, out.get(0).get(inHole).abs().max().getFloat(), "hole pixels are black");
            assertArrayEquals(pasted.get(inHole.logicalNot()).toFloatArray(), out.get(0).get(inHole.logicalNot()).toFloatArray());
            assertEquals(holes.sum().getFloat(), out.get(1).get(holes.eq(1)).sum().getFloat(), "holes are marked in the mask");
            assertArrayEquals(mask.get(holes.eq(0)).toFloatArray(), out.get(1).get(holes.eq(0)).toFloatArray());
        }
    }
}
