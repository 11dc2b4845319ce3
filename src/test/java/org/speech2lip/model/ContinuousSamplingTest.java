package org.speech2lip.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContinuousSamplingTest {
    @Test
    void weightsSumToOneAndCornersStayWithinHalfAPixel() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray centres = m.randomUniform(-1, 1, new Shape(3, 50, 2));
            ContinuousSampling.Query q = new ContinuousSampling(true, 7).query(centres, 0.1, 0.2);
            assertEquals(new Shape(3, 200, 2), q.points().getShape());
            NDArray sums = q.weights().sum(new int[] {2});
            assertTrue(sums.sub(1).abs().max().getFloat() < 1e-5f);
            assertTrue(q.weights().gte(0).all().getBoolean());
            NDArray offsets = q.points().reshape(3, 50, 4, 2).sub(centres.expandDims(2)).abs();
            assertTrue(offsets.get(":,:,:,0").max().getFloat() <= 0.05f + 1e-6f);
            assertTrue(offsets.get(":,:,:,1").max().getFloat() <= 0.1f + 1e-6f);
            assertTrue(offsets.get(":,:,:,0").max().getFloat() > 0.04f, "rectangles are random, not degenerate");
        }
    }

    @Test
    void areaWeightsInterpolateALinearFieldExactly() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray centres = m.randomUniform(-1, 1, new Shape(2, 30, 2));
            ContinuousSampling.Query q = new ContinuousSampling(true, 3).query(centres, 0.3, 0.3);
            NDArray slope = m.create(new float[] {0.7f, -1.3f}, new Shape(2, 1));
            NDArray atCorners = q.points().matMul(slope).add(0.25f);
            NDArray atCentres = centres.matMul(slope).add(0.25f);
            assertArrayEquals(atCentres.toFloatArray(), q.blend(atCorners).toFloatArray(), 1e-5f);
        }
    }

    @Test
    void aZeroRectangleIsPlainSampling() {
        try (NDManager m = NDManager.newBaseManager()) {
            LipField field = new LipField(ModelConfig.FAST.field(), 8);
            field.initialize(m, DataType.FLOAT32, new Shape(2, 10, 2), new Shape(2, 8));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray centres = m.randomUniform(-1, 1, new Shape(2, 10, 2));
            NDArray condition = m.randomNormal(new Shape(2, 8));
            ContinuousSampling.Query q = ContinuousSampling.rectangles(centres, new float[2 * 10 * 4]);
            assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f, 0.25f}, q.weights().get("1,3").toFloatArray(), 1e-6f);
            NDArray blended = q.blend(field.forward(ps, new NDList(q.points(), condition), false).head());
            NDArray plain = field.forward(ps, new NDList(centres, condition), false).head();
            assertArrayEquals(plain.toFloatArray(), blended.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void switchedOffQueriesTheCentres() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray centres = m.randomUniform(-1, 1, new Shape(1, 4, 2));
            ContinuousSampling.Query q = new ContinuousSampling(false, 1).query(centres, 0.1, 0.1);
            assertSame(centres, q.points());
            assertNull(q.weights());
            NDArray values = m.randomUniform(0, 1, new Shape(1, 4, 3));
            assertSame(values, q.blend(values));
        }
    }

    @Test
    void sameSeedSameRectangles() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray centres = m.zeros(new Shape(1, 20, 2));
            float[] a = new ContinuousSampling(true, 42).query(centres, 0.1, 0.1).points().toFloatArray();
            float[] b = new ContinuousSampling(true, 42).query(centres, 0.1, 0.1).points().toFloatArray();
            float[] c = new ContinuousSampling(true, 43).query(centres, 0.1, 0.1).points().toFloatArray();
            assertArrayEquals(a, b);
            assertFalse(java.util.Arrays.equals(a, c));
        }
    }
}
