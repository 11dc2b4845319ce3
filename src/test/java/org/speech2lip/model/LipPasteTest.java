package org.speech2lip.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.speech2lip.geometry.Camera;
import org.speech2lip.geometry.Pose;
import org.speech2lip.geometry.Rect;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pasting lips: which pixels take lips and where they read them; the composite and its gradient. */
class LipPasteTest {
    private static final Camera CAM = Camera.centred(100, 64, 64);
    private static final Rect LIPS = new Rect(20, 24, 16, 8), PATCH = new Rect(16, 16, 32, 32);

    private static float[] flat(Rect r, float z) {
        float[] d = new float[r.w() * r.h()];
        Arrays.fill(d, z);
        return d;
    }

    /** With the frame in the canonical pose every pixel maps to itself: exactly the lip box's pixels are pasted, at their own centres. */
    @Test
    void inTheCanonicalPoseThePastedPixelsAreTheLipBox() {
        LipPaste.Plan plan = LipPaste.plan(CAM, LIPS, flat(PATCH, 30), Pose.IDENTITY, PATCH);
        assertEquals(16 * 8, plan.count());
        // pixel (20, 24) of the frame is (4, 8) of the patch and the lip box's first pixel
        int first = (24 - 16) * 32 + 20 - 16;
        assertEquals(first, plan.pixels()[0]);
        assertEquals(LipField.centre(0, 16), plan.points()[0], 1e-5);
        assertEquals(LipField.centre(0, 8), plan.points()[1], 1e-5);
        for (float p : plan.points()) assertTrue(p >= -1 && p <= 1);
    }

    /** A head shifted sideways moves the pasted region the other way in canonical terms; pixels off the face are never pasted. */
    @Test
    void followsThePoseAndSkipsPixelsWithoutDepth() {
        // the frame's head sits 0.6 cm to the right at 30 cm: 2 pixels at f = 100
        Pose right = new Pose(Pose.IDENTITY.r(), new double[] {0.6, 0, 0});
        LipPaste.Plan moved = LipPaste.plan(CAM, LIPS, flat(PATCH, 30), right, PATCH);
        assertEquals(16 * 8, moved.count());
        assertEquals((24 - 16) * 32 + 22 - 16, moved.pixels()[0]);
        float[] holed = flat(PATCH, 30);
        for (int i = 0; i < holed.length; i += 2) holed[i] = Float.NaN;
        assertEquals(16 * 8 / 2, LipPaste.plan(CAM, LIPS, holed, Pose.IDENTITY, PATCH).count());
    }

    @Test
    void composesLipsOverTheRealFrameWithGradientToTheLips() {
        LipPaste.Plan plan = LipPaste.plan(CAM, LIPS, flat(PATCH, 30), Pose.IDENTITY, PATCH);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray real = m.full(new Shape(3, 32, 32), 0.3f);
            float[] c = new float[plan.count() * 3];
            for (int i = 0; i < c.length; i++) c[i] = (i % 97) / 97f;
            NDArray colours = m.create(c, new Shape(plan.count(), 3));
            colours.setRequiresGradient(true);
            NDArray weights = m.randomUniform(0, 1, new Shape(3, 32, 32));
            NDList out;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                out = LipPaste.compose(real, colours, plan);
                gc.backward(out.get(0).mul(weights).sum());
            }
            float[] pasted = out.get(0).toFloatArray(), mask = out.get(1).toFloatArray(), w = weights.toFloatArray();
            float[] grad = colours.getGradient().toFloatArray();
            assertEquals(plan.count(), (int) out.get(1).sum().getFloat());
            int plane = 32 * 32;
            for (int i = 0; i < plan.count(); i++) {
                int p = plan.pixels()[i];
                assertEquals(1f, mask[p]);
                for (int ch = 0; ch < 3; ch++) {
                    assertEquals(c[3 * i + ch], pasted[ch * plane + p], 1e-6);
                    assertEquals(w[ch * plane + p], grad[3 * i + ch], 1e-6);
                }
            }
            for (int p = 0; p < plane; p++) {
                if (mask[p] == 0) assertArrayEquals(new float[] {0.3f, 0.3f, 0.3f}, new float[] {pasted[p], pasted[plane + p], pasted[2 * plane + p]}, 1e-6f);
            }
        }
    }
}
