package org.speech2lip.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.speech2lip.geometry.Camera;
import org.speech2lip.geometry.FaceGeometry;
import org.speech2lip.geometry.Pose;
import org.speech2lip.geometry.Rect;
import org.speech2lip.geometry.ViewWarp;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GamemTest {
    private static final Pose CANONICAL = Pose.fromYawPitchRollDegrees(2, -1, 0, new double[] {0.5, 0, 30});
    private static final Pose[] OBSERVED = {
        Pose.fromYawPitchRollDegrees(10, 5, 3, new double[] {-1, 1, 31.5}),
        Pose.fromYawPitchRollDegrees(-7, -4, -2, new double[] {1.5, -0.5, 28})};
    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** The poses as float32 4×4 matrices, stacked, as poses.npy stores them. */
    private static NDArray matrices(NDManager m, Pose... poses) {
        float[] out = new float[16 * poses.length];
        for (int k = 0; k < poses.length; k++) System.arraycopy(poses[k].toMatrix4(), 0, out, 16 * k, 16);
        return m.create(out, new Shape(poses.length, 4, 4));
    }

    /** The pose the float32 matrix holds, so the CPU reference and the tensors start from the same numbers. */
    private static Pose rounded(Pose p) {
        return Pose.fromMatrix4(p.toMatrix4(), 0);
    }

    /** A smooth random depth around 30 cm with a few holes (NaN) and a few points behind the camera. */
    private static float[] depth(Random rnd, int w, int h) {
        float[] d = new float[w * h];
        double a = rnd.nextDouble(), b = rnd.nextDouble();
        for (int p = 0; p < d.length; p++) d[p] = (float) (30 - 3 * Math.cos(0.2 * (p % w) + a) * Math.cos(0.25 * (p / w) + b));
        for (int i = 0; i < 4; i++) d[rnd.nextInt(d.length)] = Float.NaN;
        for (int i = 0; i < 2; i++) d[rnd.nextInt(d.length)] = -20;
        return d;
    }

    private static void assertMapsEqual(float[] expected, float[] actual, int offset) {
        for (int i = 0; i < expected.length; i++) {
            float a = actual[offset + i];
            if (Float.isNaN(expected[i])) assertTrue(Float.isNaN(a), "element " + i + " should be NaN, is " + a);
            else assertEquals(expected[i], a, 1e-3, "element " + i);
        }
    }

    @Test
    void posesComposeLikePose() {
        float[] rel = Gamem.relative(matrices(manager, CANONICAL).get(0), matrices(manager, OBSERVED)).toFloatArray();
        float[] inv = Gamem.inverse(matrices(manager, OBSERVED)).toFloatArray();
        for (int k = 0; k < OBSERVED.length; k++) {
            float[] r = Pose.relative(CANONICAL, OBSERVED[k]).toMatrix4(), i = OBSERVED[k].inverse().toMatrix4();
            for (int e = 0; e < 16; e++) {
                assertEquals(r[e], rel[16 * k + e], 1e-4, "T_co element " + e);
                assertEquals(i[e], inv[16 * k + e], 1e-4, "inverse element " + e);
            }
        }
    }

    @Test
    void mapsEqualTheCpuReference() {
        Random rnd = new Random(3);
        int w = 24, h = 20, ww = 10, wh = 8;
        Camera cam = new Camera(40, 12.3, 9.6);
        Pose[] tCo = new Pose[OBSERVED.length];
        for (int k = 0; k < tCo.length; k++) tCo[k] = rounded(Pose.relative(CANONICAL, OBSERVED[k]));
        NDArray tensorPoses = matrices(manager, tCo);

        float[] canonicalDepth = depth(rnd, w, h);
        Rect region = new Rect(3, 2, 15, 12);
        float[] o2c = Gamem.o2cMap(cam, manager.create(canonicalDepth, new Shape(h, w)), region, tensorPoses).toFloatArray();
        assertEquals(tCo.length * region.w() * region.h() * 2, o2c.length);

        int[] origins = {2, 3, 9, 7};
        float[] windowDepth = new float[tCo.length * ww * wh];
        for (int k = 0; k < tCo.length; k++) System.arraycopy(depth(rnd, ww, wh), 0, windowDepth, k * ww * wh, ww * wh);
        float[] c2o = Gamem.c2oMap(cam, manager.create(windowDepth, new Shape(tCo.length, wh, ww)),
                manager.create(origins, new Shape(tCo.length, 2)), tensorPoses).toFloatArray();

        for (int k = 0; k < tCo.length; k++) {
            float[] ref = ViewWarp.o2cMap(cam, canonicalDepth, w, h, tCo[k], region);
            assertMapsEqual(ref, o2c, k * ref.length);
            Rect window = new Rect(origins[2 * k], origins[2 * k + 1], ww, wh);
            float[] own = new float[ww * wh];
            System.arraycopy(windowDepth, k * ww * wh, own, 0, own.length);
            float[] refC2o = ViewWarp.c2oMap(cam, own, tCo[k], window);
            assertMapsEqual(refC2o, c2o, k * refC2o.length);
        }
    }

    @Test
    void depthGradientsMatchFiniteDifferences() {
        Random rnd = new Random(5);
        int w = 24, h = 20;
        Camera cam = new Camera(40, 12.3, 9.6);
        Rect region = new Rect(8, 6, 5, 4);
        double[] depth = new double[w * h], src = new double[2 * w * h], weights = new double[2 * region.w() * region.h()];
        for (int p = 0; p < depth.length; p++) depth[p] = 30 + 2 * Math.sin(0.3 * (p % w)) * Math.cos(0.2 * (p / w));
        for (int i = 0; i < src.length; i++) src[i] = rnd.nextDouble();
        for (int i = 0; i < weights.length; i++) weights[i] = rnd.nextGaussian();
        NDArray tCo = matrices(manager, rounded(Pose.relative(CANONICAL, OBSERVED[0])));
        double[] gradient;
        try (NDManager m = manager.newSubManager()) {
            NDArray d = m.create(depth, new Shape(h, w));
            d.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = warpLoss(m, d, src, weights, cam, region, tCo, w, h);
                BilinearWarpTest.churnDirectMemory();
                gc.backward(loss);
            }
            gradient = d.getGradient().toDoubleArray();
        }
        double eps = 1e-6, largest = 0;
        for (int p = 0; p < depth.length; p++) {
            double expected = 0;
            if (region.contains(p % w + 0.5, p / w + 0.5)) {
                double[] plus = depth.clone(), minus = depth.clone();
                plus[p] += eps;
                minus[p] -= eps;
                try (NDManager m = manager.newSubManager()) {
                    expected = (warpLoss(m, m.create(plus, new Shape(h, w)), src, weights, cam, region, tCo, w, h).getDouble()
                            - warpLoss(m, m.create(minus, new Shape(h, w)), src, weights, cam, region, tCo, w, h).getDouble()) / (2 * eps);
                }
            }
            largest = Math.max(largest, Math.abs(expected));
            assertEquals(expected, gradient[p], 1e-6, "d/d depth at pixel " + p);
        }
        assertTrue(largest > 1e-2, "the depth moves the warp: largest gradient " + largest);
    }

    /** Σ weights · O2C(src) over region: a scalar that depends on the depth through the sample positions only. */
    private static NDArray warpLoss(NDManager m, NDArray depth, double[] src, double[] weights, Camera cam, Rect region,
                                    NDArray tCo, int w, int h) {
        NDArray image = m.create(src, new Shape(1, 2, h, w));
        BilinearWarp.Sampled out = Gamem.o2c(image, cam, depth, region, tCo);
        return out.image().mul(m.create(weights, new Shape(1, 2, region.h(), region.w()))).sum();
    }

    @Test
    void canonicalToObservedUndoesObservedToCanonical() {
        SphereScene scene = new SphereScene(4);
        Pose canonical = new Pose(Pose.rotation(0, 0, 0), new double[] {0, 0, 40});
        Pose observed = Pose.fromYawPitchRollDegrees(12, -8, 4, new double[] {1, -0.5, 41});
        int s = SphereScene.SIZE;
        try (NDManager m = manager.newSubManager()) {
            NDArray image = m.create(scene.image(observed), new Shape(1, 3, s, s));
            NDArray observedDepth = m.create(scene.depth(observed), new Shape(1, s, s));
            NDArray tCo = Gamem.relative(matrices(m, canonical).get(0), matrices(m, observed));
            // the canonical depth is filled off the ball, as prepare's is, so the whole canonical view is warped
            NDArray canonicalDepth = m.create(FaceGeometry.fillOutside(scene.depth(canonical), s, s), new Shape(s, s));
            BilinearWarp.Sampled canon = Gamem.o2c(image, SphereScene.CAM, canonicalDepth, Rect.of(s, s), tCo);
            BilinearWarp.Sampled back = Gamem.c2o(canon.image(), Rect.of(s, s), SphereScene.CAM, observedDepth,
                    m.zeros(new Shape(1, 2)), tCo);
            float[] mask = scene.frontMask(observed);
            float[] original = image.toFloatArray(), restored = back.image().toFloatArray(), valid = back.valid().toFloatArray();
            double sum = 0;
            int n = 0, face = 0;
            for (int p = 0; p < s * s; p++) {
                if (mask[p] == 0) continue;
                face++;
                if (valid[p] == 0) continue;
                for (int c = 0; c < 3; c++) sum += Math.abs(original[c * s * s + p] - restored[c * s * s + p]);
                n += 3;
            }
            System.out.printf("O2C then C2O: mean abs error %.5f over %d front pixels%n", sum / n, face);
            assertTrue(face > 600, "front of the ball: " + face + " pixels");
            assertEquals(3 * face, n, "every front pixel survives the round trip");
            assertTrue(sum / n < 0.01, "mean abs error " + sum / n);
        }
    }
}
