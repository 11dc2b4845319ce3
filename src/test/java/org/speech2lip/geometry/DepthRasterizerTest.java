package org.speech2lip.geometry;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DepthRasterizerTest {
    private static final int W = 64, H = 48;
    private static final Camera CAM = Camera.centred(60, W, H);
    private static final int[] QUAD = {0, 1, 2, 0, 2, 3};

    /** A quad in the plane z = z0 + gx·x + gy·y whose projection spans image x ∈ [u0, u1], y ∈ [v0, v1]. */
    private static float[] quad(double u0, double v0, double u1, double v1, double z0, double gx, double gy) {
        double[][] uv = {{u0, v0}, {u1, v0}, {u1, v1}, {u0, v1}};
        float[] out = new float[12];
        for (int k = 0; k < 4; k++) {
            // the ray through (u, v) meets the plane where z = z0 + gx·rx·z + gy·ry·z
            double rx = (uv[k][0] - CAM.cx()) / CAM.focal(), ry = (uv[k][1] - CAM.cy()) / CAM.focal();
            double z = z0 / (1 - gx * rx - gy * ry);
            out[3 * k] = (float) (rx * z);
            out[3 * k + 1] = (float) (ry * z);
            out[3 * k + 2] = (float) z;
        }
        return out;
    }

    private static void assertPlane(float[] depth, double u0, double v0, double u1, double v1, double z0, double gx, double gy) {
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double u = x + 0.5, v = y + 0.5;
                float d = depth[y * W + x];
                if (u > u0 && u < u1 && v > v0 && v < v1) {
                    double rx = (u - CAM.cx()) / CAM.focal(), ry = (v - CAM.cy()) / CAM.focal();
                    double z = z0 / (1 - gx * rx - gy * ry);
                    assertEquals(z, d, 1e-4 * z, "pixel " + x + "," + y);
                } else if (u < u0 || u > u1 || v < v0 || v > v1) {
                    assertTrue(Float.isNaN(d), "pixel " + x + "," + y + " should be empty");
                }
            }
        }
    }

    @Test
    void frontoParallelPlaneHasItsDepthAtPixelCentres() {
        float[] depth = DepthRasterizer.depth(CAM, quad(10.2, 5.7, 40.9, 30.1, 25, 0, 0), QUAD, W, H);
        assertPlane(depth, 10.2, 5.7, 40.9, 30.1, 25, 0, 0);
    }

    @Test
    void tiltedPlaneIsPerspectiveCorrect() {
        float[] depth = DepthRasterizer.depth(CAM, quad(3.3, 2.1, 60.4, 45.2, 30, 0.8, -0.5), QUAD, W, H);
        assertPlane(depth, 3.3, 2.1, 60.4, 45.2, 30, 0.8, -0.5);
        // the far side really is farther: the tilt is seen
        assertTrue(depth[20 * W + 55] > depth[20 * W + 8] + 5);
    }

    @Test
    void nearerTriangleWinsWhicheverIsDrawnFirst() {
        float[] far = quad(5.1, 5.1, 50.1, 40.1, 40, 0, 0), near = quad(20.1, 10.1, 60.1, 30.1, 20, 0, 0);
        float[] both = new float[24];
        System.arraycopy(far, 0, both, 0, 12);
        System.arraycopy(near, 0, both, 12, 12);
        int[] nearFirst = {4, 5, 6, 4, 6, 7, 0, 1, 2, 0, 2, 3};
        for (int[] tris : new int[][] {{0, 1, 2, 0, 2, 3, 4, 5, 6, 4, 6, 7}, nearFirst}) {
            float[] d = DepthRasterizer.depth(CAM, both, tris, W, H);
            assertEquals(20, d[20 * W + 30], 1e-4);   // in both: the nearer
            assertEquals(40, d[20 * W + 10], 1e-4);   // only in the far quad
            assertEquals(20, d[20 * W + 55], 1e-4);   // only in the near quad
            assertTrue(Float.isNaN(d[45 * W + 30]));
        }
    }

    @Test
    void regionIsTheCropOfTheFullRaster() {
        float[] v = quad(3.3, 2.1, 60.4, 45.2, 30, 0.8, -0.5);
        float[] full = DepthRasterizer.depth(CAM, v, QUAD, W, H);
        Rect r = new Rect(7, 9, 20, 30);
        float[] part = DepthRasterizer.depth(CAM, v, QUAD, r);
        float[] expected = r.cut(full, W);
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], part[i], 1e-6f * expected[i]);
    }

    @Test
    void rasterGivesPerspectiveCorrectBarycentrics() {
        float[] v = quad(3.3, 2.1, 60.4, 45.2, 30, 0.8, -0.5);
        Raster r = DepthRasterizer.rasterize(CAM, v, QUAD, W, H);
        int[] covered = {0};
        r.forEachVisible((x, y, tri, b0, b1, b2, z) -> {
            // interpolating the camera-space vertices with the barycentrics lands on the pixel's ray at its depth
            int[] ids = {QUAD[3 * tri], QUAD[3 * tri + 1], QUAD[3 * tri + 2]};
            float[] b = {b0, b1, b2};
            double px = 0, py = 0, pz = 0;
            for (int k = 0; k < 3; k++) {
                px += b[k] * v[3 * ids[k]];
                py += b[k] * v[3 * ids[k] + 1];
                pz += b[k] * v[3 * ids[k] + 2];
            }
            assertEquals(z, pz, 1e-4 * z);
            double[] p = CAM.project(px, py, pz);
            assertEquals(x + 0.5, p[0], 1e-3);
            assertEquals(y + 0.5, p[1], 1e-3);
            covered[0]++;
        });
        assertEquals(57 * 43, covered[0]);   // pixel centres 3.5..59.5 × 2.5..44.5
    }
}
