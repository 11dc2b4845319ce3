package org.speech2lip.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.speech2lip.geometry.FaceGeometry;
import org.speech2lip.geometry.Pose;
import org.speech2lip.geometry.Rect;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CanonicalDepthTest {
    private static final int S = SphereScene.SIZE;
    private static final Pose CANONICAL = new Pose(Pose.rotation(0, 0, 0), new double[] {0, 0, 40});
    private static final Pose[] OBSERVED = {
        Pose.fromYawPitchRollDegrees(12, 0, 0, new double[] {1, 0, 40}),
        Pose.fromYawPitchRollDegrees(-12, 2, 0, new double[] {-1, 0, 40.5}),
        Pose.fromYawPitchRollDegrees(0, 10, 3, new double[] {0, 1, 39.5}),
        Pose.fromYawPitchRollDegrees(3, -10, -3, new double[] {0, -1, 40})};
    private static final SphereScene SCENE = new SphereScene(5);
    private static final int STEPS = 60;
    private static final float SMOOTHNESS = 0.1f;
    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** The scene's observed frames, their T_co, the canonical image and the loss mask. */
    private record Batch(NDArray observed, NDArray tCo, NDArray canonical, NDArray mask) {
        private static final float[] IMAGES = new float[OBSERVED.length * 3 * S * S], POSES = new float[OBSERVED.length * 16];
        private static final float[] CANONICAL_IMAGE = SCENE.image(CANONICAL), MASK = SCENE.frontMask(CANONICAL);

        static {
            for (int k = 0; k < OBSERVED.length; k++) {
                System.arraycopy(SCENE.image(OBSERVED[k]), 0, IMAGES, k * 3 * S * S, 3 * S * S);
                System.arraycopy(Pose.relative(CANONICAL, OBSERVED[k]).toMatrix4(), 0, POSES, 16 * k, 16);
            }
        }

        /** The batch in one step's manager, as a trainer would load it. */
        static Batch of(NDManager m) {
            return new Batch(m.create(IMAGES, new Shape(OBSERVED.length, 3, S, S)), m.create(POSES, new Shape(OBSERVED.length, 4, 4)),
                    m.create(CANONICAL_IMAGE, new Shape(3, S, S)), m.create(MASK, new Shape(S, S)));
        }

        NDArray loss(NDManager m, NDArray depth, NDArray poses) {
            return CanonicalDepth.photometricLoss(m, SphereScene.CAM, depth, Rect.of(S, S), canonical, mask, observed, poses);
        }
    }

    private static float[] trueDepth() {
        return FaceGeometry.fillOutside(SCENE.depth(CANONICAL), S, S);
    }

    @Test
    void lossIsLeastAtTheTrueDepthWithTco() {
        try (NDManager m = manager.newSubManager()) {
            Batch b = Batch.of(m);
            NDArray truth = m.create(trueDepth(), new Shape(S, S));
            double atTruth = b.loss(m, truth, b.tCo()).getFloat();
            double scaled = b.loss(m, truth.mul(1.08), b.tCo()).getFloat();
            double inverted = b.loss(m, truth, Gamem.inverse(b.tCo())).getFloat();
            System.out.printf("photometric loss: true depth %.4f, depth +8%% %.4f, true depth with T_co⁻¹ %.4f%n", atTruth, scaled, inverted);
            assertTrue(atTruth < 0.01, "loss at the true depth " + atTruth);
            assertTrue(scaled > 2 * atTruth && inverted > 2 * atTruth);
        }
    }

    @Test
    void smoothnessIgnoresSlopesAndPunishesBumps() {
        try (NDManager m = manager.newSubManager()) {
            NDArray ramp = m.arange(0f, 8f, 1f).reshape(1, 8).mul(0.5).add(m.arange(0f, 6f, 1f).reshape(6, 1)).add(30);
            assertEquals(0, CanonicalDepth.smoothness(m, ramp).getFloat(), 1e-6);
            NDArray spike = ramp.duplicate();
            spike.set(new NDIndex(3, 4), 40);
            assertTrue(CanonicalDepth.smoothness(m, spike).getFloat() > 1);
        }
    }

    /** Starts 8 % too far, or tilted by 20° about a vertical axis (depth + tan 20° · X, X the camera-space x). */
    @ParameterizedTest
    @ValueSource(strings = {"scale", "tilt"})
    void photometricLossPullsAPerturbedDepthToTheTruth(String perturbation) {
        float[] truth = trueDepth(), mask = SCENE.frontMask(CANONICAL);
        float[] start = new float[S * S];
        for (int p = 0; p < start.length; p++) {
            double x = (p % S + 0.5 - SphereScene.CAM.cx()) * truth[p] / SphereScene.CAM.focal();
            start[p] = (float) (perturbation.equals("scale") ? truth[p] * 1.08 : truth[p] + Math.tan(Math.toRadians(20)) * x);
        }
        CanonicalDepth block = new CanonicalDepth(start, S);
        block.initialize(manager, DataType.FLOAT32);
        ParameterStore ps = new ParameterStore(manager, false);
        NDArray depth = block.getDirectParameters().get("depth").getArray();
        Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.1f)).build();
        double before = meanError(depth.toFloatArray(), truth, mask);
        for (int i = 0; i < STEPS; i++) {
            try (NDManager step = manager.newSubManager()) {
                Batch b = Batch.of(step);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray d = block.forward(ps, new NDList(), true).singletonOrThrow();
                    // the weight is an array of the step, not a Number: DJL 0.32 frees a Number operand before backward reads it
                    NDArray smoothness = CanonicalDepth.smoothness(step, d).mul(step.create(SMOOTHNESS));
                    gc.backward(b.loss(step, d, b.tCo()).add(smoothness));
                }
                adam.update("depth", depth, depth.getGradient());
            }
        }
        double after = meanError(depth.toFloatArray(), truth, mask);
        System.out.printf("%s: mean |depth error| on the ball's front %.3f cm -> %.3f cm after %d Adam steps%n",
                perturbation, before, after, STEPS);
        assertTrue(after < 0.5 * before, before + " -> " + after);
    }

    @Test
    void savesAndLoadsItsDepth() throws Exception {
        float[] truth = trueDepth();
        CanonicalDepth block = new CanonicalDepth(truth, S);
        block.initialize(manager, DataType.FLOAT32);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        block.saveParameters(new DataOutputStream(bytes));
        CanonicalDepth loaded = new CanonicalDepth(new float[S * S], S);
        loaded.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertArrayEquals(truth, loaded.getDirectParameters().get("depth").getArray().toFloatArray());
    }

    private static double meanError(float[] depth, float[] truth, float[] mask) {
        double sum = 0;
        int n = 0;
        for (int p = 0; p < depth.length; p++) {
            if (mask[p] == 0) continue;
            sum += Math.abs(depth[p] - truth[p]);
            n++;
        }
        return sum / n;
    }
}
