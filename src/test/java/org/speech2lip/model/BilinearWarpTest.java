package org.speech2lip.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.speech2lip.geometry.ViewWarp;
import org.speech2lip.media.RgbImage;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BilinearWarpTest {
    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** N×C×H×W values of an RGB image, in [0, 1]. */
    private static float[] planes(RgbImage img) {
        int n = img.width * img.height;
        float[] out = new float[3 * n];
        for (int p = 0; p < n; p++) for (int c = 0; c < 3; c++) out[c * n + p] = (img.rgb[3 * p + c] & 0xff) / 255f;
        return out;
    }

    @Test
    void matchesTheCpuReferenceIncludingItsBorderRule() {
        Random rnd = new Random(1);
        int sw = 13, sh = 9, w = 23, h = 17, srcX = 3, srcY = -2;
        RgbImage img = new RgbImage(sw, sh);
        rnd.nextBytes(img.rgb);
        float[] map = new float[2 * w * h];
        for (int p = 0; p < w * h; p++) {
            map[2 * p] = srcX - 1.5f + rnd.nextFloat() * (sw + 3);
            map[2 * p + 1] = srcY - 1.5f + rnd.nextFloat() * (sh + 3);
        }
        // the exact borders are valid, just past them is not, NaN never is
        float[][] special = {{srcX, srcY + 4}, {srcX + sw, srcY + sh}, {srcX - 1e-3f, srcY + 1}, {srcX + 2, srcY + sh + 1e-3f},
            {Float.NaN, srcY + 1}, {srcX + 0.2f, srcY + 0.3f}, {srcX + sw - 0.1f, srcY + 1}};
        for (int i = 0; i < special.length; i++) {
            map[2 * i] = special[i][0];
            map[2 * i + 1] = special[i][1];
        }
        ViewWarp.Warped ref = ViewWarp.sample(img, srcX, srcY, map, w, h);
        BilinearWarp.Sampled out = BilinearWarp.sample(
                manager.create(planes(img), new Shape(1, 3, sh, sw)), srcX, srcY, manager.create(map, new Shape(1, h, w, 2)));
        float[] image = out.image().toFloatArray(), valid = out.valid().toFloatArray();
        assertEquals(new Shape(1, 3, h, w), out.image().getShape());
        int n = w * h, checked = 0;
        double worst = 0;
        for (int p = 0; p < n; p++) {
            assertEquals(ref.valid()[p] ? 1f : 0f, valid[p], "validity of pixel " + p);
            for (int c = 0; c < 3; c++) {
                float v = image[c * n + p];
                int expected = ref.image().rgb[3 * p + c] & 0xff;
                // ViewWarp rounds to bytes: the continuous value must round to its byte, except at a tie
                assertEquals(expected / 255.0, v, 0.5 / 255 + 1e-4, "pixel " + p + " channel " + c);
                worst = Math.max(worst, Math.abs(v - expected / 255.0));
                double frac = v * 255 - Math.floor(v * 255);
                if (Math.abs(frac - 0.5) > 1e-3) {
                    assertEquals(expected, (int) (v * 255 + 0.5), "pixel " + p + " channel " + c);
                    checked++;
                }
            }
        }
        System.out.printf("tensor vs CPU sampling: worst difference %.6f (byte rounding allows %.6f); %d of %d values (all but near-ties) round to its bytes%n",
                worst, 0.5 / 255, checked, 3 * n);
        assertTrue(checked > 0.99 * 3 * n);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Random rnd = new Random(2);
        int c = 2, sh = 5, sw = 6, h = 3, w = 4;
        double[] src = new double[c * sh * sw], map = new double[h * w * 2], weights = new double[c * h * w];
        for (int i = 0; i < src.length; i++) src[i] = rnd.nextDouble();
        for (int i = 0; i < weights.length; i++) weights[i] = rnd.nextGaussian();
        for (int p = 0; p < h * w; p++) {
            // between the outermost pixel centres (no clamping) and away from all centres, where the surface has kinks
            map[2 * p] = 0.5 + rnd.nextInt(sw - 1) + 0.15 + 0.7 * rnd.nextDouble();
            map[2 * p + 1] = 0.5 + rnd.nextInt(sh - 1) + 0.15 + 0.7 * rnd.nextDouble();
        }
        map[0] = Double.NaN;   // invalid: no value, no gradient
        map[3] = sh + 0.5;     // invalid
        map[4] = 0.2;          // valid but clamped to column 0: no gradient in u
        double[] gSrc, gMap;
        try (NDManager sub = manager.newSubManager()) {
            NDArray s = sub.create(src, new Shape(1, c, sh, sw)), m = sub.create(map, new Shape(1, h, w, 2));
            s.setRequiresGradient(true);
            m.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = BilinearWarp.sample(s, m).image().mul(sub.create(weights, new Shape(1, c, h, w))).sum();
                churnDirectMemory();
                gc.backward(loss);
            }
            gSrc = s.getGradient().toDoubleArray();
            gMap = m.getGradient().toDoubleArray();
        }
        double eps = 1e-6;
        for (int i = 0; i < src.length; i++) {
            assertEquals(centralDifference(src, map, weights, c, sh, sw, h, w, i, -1, eps), gSrc[i], 1e-7, "d/d src " + i);
        }
        for (int i = 0; i < map.length; i++) {
            double expected = Double.isNaN(map[i]) ? 0 : centralDifference(src, map, weights, c, sh, sw, h, w, -1, i, eps);
            assertEquals(expected, gMap[i], 1e-7, "d/d map " + i);
        }
        assertEquals(0, gMap[4]);
        assertTrue(Math.abs(gMap[5]) > 1e-3, "v of a clamped pixel still has a gradient");
    }

    /**
     * Collects garbage and refills freed direct memory with NaN, so that a backward pass that still
     * reads Java-owned memory (DJL 0.32 frees the Number operand of mul or div before backward) shows up as garbage.
     */
    static void churnDirectMemory() {
        System.gc();
        try {
            Thread.sleep(20);   // lets the cleaner free the collected buffers
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ByteBuffer> junk = new ArrayList<>();
        for (int i = 0; i < 2000; i++) junk.add(ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder()).putDouble(0, Double.NaN));
    }

    /** (L(x + eps) − L(x − eps)) / 2eps for element srcIndex of src or mapIndex of map, L = Σ weights · sample. */
    private static double centralDifference(double[] src, double[] map, double[] weights, int c, int sh, int sw, int h, int w,
                                            int srcIndex, int mapIndex, double eps) {
        double[] plus = new double[2];
        for (int k = 0; k < 2; k++) {
            double[] s = src.clone(), m = map.clone();
            double d = k == 0 ? eps : -eps;
            if (srcIndex >= 0) s[srcIndex] += d;
            else m[mapIndex] += d;
            try (NDManager sub = manager.newSubManager()) {
                NDArray out = BilinearWarp.sample(sub.create(s, new Shape(1, c, sh, sw)), sub.create(m, new Shape(1, h, w, 2))).image();
                plus[k] = out.mul(sub.create(weights, new Shape(1, c, h, w))).sum().getDouble();
            }
        }
        return (plus[0] - plus[1]) / (2 * eps);
    }
}
