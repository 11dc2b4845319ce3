package org.speech2lip.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.speech2lip.geometry.LipShape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShapeWarpTest {
    /** A mean mouth of 40 landmarks on an ellipse; one coefficient drops the lower half by 0.2 box units per unit. */
    private static ShapeWarp dropsTheLowerLip() {
        return ellipse(1);
    }

    /** The same with {@code components} coefficients, the first dropping the lower lip and the others spreading the corners. */
    static ShapeWarp ellipse(int components) {
        float[] anchors = new float[LipShape.DIMS], motions = new float[components * LipShape.DIMS];
        for (int i = 0; i < LipShape.POINTS; i++) {
            double angle = 2 * Math.PI * i / LipShape.POINTS;
            anchors[2 * i] = (float) (0.5 * Math.cos(angle));
            anchors[2 * i + 1] = (float) (0.2 * Math.sin(angle));
            if (anchors[2 * i + 1] > 0) motions[2 * i + 1] = 0.2f;
            for (int c = 1; c < components; c++) motions[c * LipShape.DIMS + 2 * i] = 0.05f * anchors[2 * i];
        }
        // a 100-pixel-wide mouth in a box of 200 × 100 pixels, reach 10 pixels
        return new ShapeWarp(anchors, motions, components, new float[] {100 / 10f, 50 / 10f});
    }

    @Test
    void theMeanShapeLeavesEveryPointWhereItIs() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] points = {0.1f, 0.3f, -0.9f, 0.9f, 0.4f, -0.2f};
            NDArray rest = dropsTheLowerLip().rest(m.create(points, new Shape(1, 3, 2)), m.zeros(new Shape(1, 1)));
            assertArrayEquals(points, rest.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void aDroppedLowerLipIsReadBackNearItsRestPlaceAndTheFarChinStays() {
        try (NDManager m = NDManager.newBaseManager()) {
            ShapeWarp warp = dropsTheLowerLip();
            // the lowest landmark (angle π/2) at rest sits at (0, 0.2); one unit of the coefficient moves it to (0, 0.4)
            float[] points = {0, 0.4f, 0, -0.2f, 0, 0.99f, 0.95f, 0.95f};
            float[] rest = warp.rest(m.create(points, new Shape(1, 4, 2)), m.create(new float[] {1}, new Shape(1, 1))).toFloatArray();
            assertEquals(0, rest[0], 1e-5);
            // most of the way: the unmoved upper lip's landmarks, two reaches away, also pull a little
            assertTrue(Math.abs(rest[1] - 0.2f) < 0.05f, "the moved lower lip reads back at " + rest[1] + ", at rest 0.2");
            assertEquals(-0.2f, rest[3], 0.005f, "the upper lip, three reaches from the moved one, barely moves");
            // 0.59 box units (30 pixels, three reaches) below the moved lip: the jaw follows a little, not all the way
            assertTrue(rest[5] > 0.99f - 0.2f && rest[5] < 0.99f - 0.02f, "the chin below moves by " + (0.99f - rest[5]));
            assertEquals(0.95f, rest[7], 1e-3f, "a corner of the box far from every landmark stays");
        }
    }

    @Test
    void framesOfABatchAreWarpedByTheirOwnShapes() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] points = {0, 0.4f, 0, 0.4f};
            float[] rest = dropsTheLowerLip().rest(m.create(points, new Shape(2, 1, 2)), m.create(new float[] {1, 0}, new Shape(2, 1))).toFloatArray();
            assertTrue(rest[1] < 0.25f, "frame 0, lip dropped: " + rest[1]);
            assertEquals(0.4f, rest[3], 0.05f, "frame 1, mean shape: the point is below the lip and stays near where it is");
        }
    }
}
