package org.speech2lip.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SsimLossTest {
    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static float[] random(Random rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = rnd.nextFloat();
        return v;
    }

    /** x plus Gaussian noise of the given strength, clipped to [0, 1]. */
    private static float[] noisy(float[] x, double sigma, Random rnd) {
        float[] v = new float[x.length];
        for (int i = 0; i < x.length; i++) v[i] = (float) Math.min(1, Math.max(0, x[i] + sigma * rnd.nextGaussian()));
        return v;
    }

    /** A smooth image (blobs) so that SSIM has structure to lose; random pixels have little. */
    private static float[] smooth(int c, int h, int w) {
        float[] v = new float[c * h * w];
        for (int k = 0; k < c; k++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) v[(k * h + i) * w + j] = (float) (0.5 + 0.4 * Math.sin(0.3 * i + k) * Math.cos(0.25 * j - k));
            }
        }
        return v;
    }

    /**
     * Plain double SSIM: for every valid window position, Gaussian-weighted means, population
     * variances and covariance over the 11×11 neighbourhood, averaged over batch, channels and positions.
     */
    private static double reference(float[] x, float[] y, int b, int c, int h, int w) {
        int r = 5;
        double[][] g = new double[2 * r + 1][2 * r + 1];
        double total = 0;
        for (int i = -r; i <= r; i++) for (int j = -r; j <= r; j++) total += g[i + r][j + r] = Math.exp(-(i * i + j * j) / (2 * 1.5 * 1.5));
        double c1 = 1e-4, c2 = 9e-4, sum = 0;
        int count = 0;
        for (int plane = 0; plane < b * c; plane++) {
            int base = plane * h * w;
            for (int i = r; i < h - r; i++) {
                for (int j = r; j < w - r; j++) {
                    double mx = 0, my = 0, mxx = 0, myy = 0, mxy = 0;
                    for (int di = -r; di <= r; di++) {
                        for (int dj = -r; dj <= r; dj++) {
                            double k = g[di + r][dj + r] / total, a = x[base + (i + di) * w + j + dj], e = y[base + (i + di) * w + j + dj];
                            mx += k * a;
                            my += k * e;
                            mxx += k * a * a;
                            myy += k * e * e;
                            mxy += k * a * e;
                        }
                    }
                    double vx = mxx - mx * mx, vy = myy - my * my, cov = mxy - mx * my;
                    sum += (2 * mx * my + c1) * (2 * cov + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2));
                    count++;
                }
            }
        }
        return sum / count;
    }

    private static float ssim(float[] x, float[] y, Shape shape) {
        try (NDManager m = manager.newSubManager()) {
            return SsimLoss.ssim(m.create(x, shape), m.create(y, shape)).getFloat();
        }
    }

    @Test
    void identicalImagesScoreOne() {
        Shape shape = new Shape(2, 3, 16, 13);
        float[] x = random(new Random(1), (int) shape.size());
        assertEquals(1.0, ssim(x, x, shape), 1e-5);
        try (NDManager m = manager.newSubManager()) {
            NDArray a = m.create(x, shape);
            assertEquals(0.0, SsimLoss.loss(a, a).getFloat(), 1e-5);
            assertEquals(new Shape(), SsimLoss.ssim(a, a).getShape());
        }
    }

    @Test
    void matchesThePlainReference() {
        Random rnd = new Random(2);
        int b = 1, c = 3, h = 20, w = 24;
        Shape shape = new Shape(b, c, h, w);
        float[] x = random(rnd, (int) shape.size()), far = random(rnd, x.length), y = noisy(x, 0.1, rnd);
        float[] z = smooth(c, h, w), zn = noisy(z, 0.05, rnd);
        double unrelated = reference(x, far, b, c, h, w);
        assertTrue(Math.abs(unrelated) < 0.2, "independent noise images are nearly dissimilar: " + unrelated);
        assertEquals(unrelated, ssim(x, far, shape), 1e-4);
        assertEquals(reference(x, y, b, c, h, w), ssim(x, y, shape), 1e-4);
        assertEquals(reference(z, zn, b, c, h, w), ssim(z, zn, shape), 1e-4);
        float[] two = new float[2 * x.length], twoY = new float[2 * x.length];
        System.arraycopy(x, 0, two, 0, x.length);
        System.arraycopy(z, 0, two, x.length, x.length);
        System.arraycopy(y, 0, twoY, 0, x.length);
        System.arraycopy(zn, 0, twoY, x.length, x.length);
        assertEquals(reference(two, twoY, 2, c, h, w), ssim(two, twoY, new Shape(2, c, h, w)), 1e-4, "a batch of two");
    }

    @Test
    void fallsAsNoiseGrows() {
        int c = 3, h = 24, w = 24;
        Shape shape = new Shape(1, c, h, w);
        float[] x = smooth(c, h, w);
        float mild = ssim(x, noisy(x, 0.05, new Random(5)), shape), strong = ssim(x, noisy(x, 0.2, new Random(6)), shape);
        assertTrue(mild < 1 && strong < mild, "ssim " + mild + " at noise 0.05, " + strong + " at 0.2");
        assertTrue(mild - strong > 0.1, "a clear drop: " + mild + " → " + strong);
        System.out.printf("SSIM of a smooth image with noise 0.05: %.4f, with noise 0.2: %.4f%n", mild, strong);
    }

    @Test
    void rejectsImagesSmallerThanTheWindow() {
        try (NDManager m = manager.newSubManager()) {
            NDArray small = m.zeros(new Shape(1, 3, 10, 20)), ok = m.zeros(new Shape(1, 3, 11, 20));
            assertThrows(IllegalArgumentException.class, () -> SsimLoss.ssim(small, small));
            assertThrows(IllegalArgumentException.class, () -> SsimLoss.ssim(ok, m.zeros(new Shape(1, 3, 11, 21))));
            assertEquals(1.0, SsimLoss.ssim(ok, ok).getFloat(), 1e-5);
        }
    }

    private static final Shape GRAD_SHAPE = new Shape(1, 3, 14, 15);

    /** d loss / d x by backward, with the GC run between forward and backward when asked. */
    private static float[] gradient(float[] x, float[] y, boolean churn) {
        try (NDManager m = manager.newSubManager()) {
            NDArray a = m.create(x, GRAD_SHAPE), b = m.create(y, GRAD_SHAPE);
            a.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = SsimLoss.loss(a, b);
                if (churn) {
                    for (int i = 0; i < 3; i++) BilinearWarpTest.churnDirectMemory();
                }
                gc.backward(loss);
            }
            return a.getGradient().toFloatArray();
        }
    }

    private static float loss(float[] x, float[] y) {
        try (NDManager m = manager.newSubManager()) {
            return SsimLoss.loss(m.create(x, GRAD_SHAPE), m.create(y, GRAD_SHAPE)).getFloat();
        }
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        Random rnd = new Random(7);
        int h = (int) GRAD_SHAPE.get(2), w = (int) GRAD_SHAPE.get(3);
        float[] y = smooth(3, h, w), x = noisy(y, 0.15, rnd);
        float[] grad = gradient(x, y, false);
        double largest = 0;
        for (float v : grad) largest = Math.max(largest, Math.abs(v));
        assertTrue(largest > 1e-4, "a gradient that is not all zero: " + largest);
        float eps = 1e-2f;
        int[][] pixels = {{0, 7, 7}, {1, 5, 9}, {2, 8, 6}, {0, 4, 10}, {2, 6, 5}};
        double worst = 0;
        for (int[] p : pixels) {
            int i = (p[0] * h + p[1]) * w + p[2];
            float[] plus = x.clone(), minus = x.clone();
            plus[i] += eps;
            minus[i] -= eps;
            double fd = (loss(plus, y) - loss(minus, y)) / (2.0 * eps);
            assertTrue(Math.abs(fd) > 1e-4, "a pixel with a measurable slope: " + fd);
            assertEquals(fd, grad[i], 0.05 * Math.abs(fd), "d loss / d x at " + p[0] + "," + p[1] + "," + p[2]);
            worst = Math.max(worst, Math.abs(grad[i] - fd) / Math.abs(fd));
        }
        System.out.printf("SSIM loss gradient vs central differences: worst relative difference %.4f over %d pixels (largest |gradient| %.2e)%n",
                worst, pixels.length, largest);
    }

    /** DJL 0.32 frees a Number operand before backward; the gradient must not depend on when the GC runs. */
    @Test
    void gradientDoesNotDependOnGarbageCollection() {
        Random rnd = new Random(8);
        float[] y = smooth(3, (int) GRAD_SHAPE.get(2), (int) GRAD_SHAPE.get(3)), x = noisy(y, 0.1, rnd);
        float[] calm = gradient(x, y, false), churned = gradient(x, y, true);
        for (float v : churned) assertTrue(Float.isFinite(v), "finite gradient");
        assertArrayEquals(calm, churned);
    }
}
