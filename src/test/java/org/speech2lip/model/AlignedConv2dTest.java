package org.speech2lip.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Convolutions must not read what freed tensors left behind: each case runs after filling freed
 * memory with a large finite value and again with NaN, and is compared with the same layer in
 * float64, which PyTorch computes without oneDNN.
 */
class AlignedConv2dTest {
    private static final float[] LEFTOVERS = {1000f, Float.NaN};

    /** Fills, then frees, arrays of many sizes, so the next allocations reuse memory holding {@code value}. */
    static void leaveInFreedMemory(NDManager manager, float value) {
        try (NDManager scratch = manager.newSubManager()) {
            for (long n = 1024; n <= 3_000_000; n *= 2) scratch.full(new Shape(n), value).add(1f);
        }
    }

    /** Largest difference from the float64 reference, relative to its largest magnitude (NaN if any value is). */
    static double error(NDArray value, NDArray reference) {
        double scale = reference.abs().max().getDouble();
        return value.toType(DataType.FLOAT64, false).sub(reference).abs().max().getDouble() / Math.max(scale, 1e-12);
    }

    /** Output, input gradient and weight gradient errors of one layer, worst over trials and leftovers. */
    private static double worstError(NDManager m, Conv2d layer, Shape input, int trials) {
        double worst = 0;
        for (float leftover : LEFTOVERS) {
            for (int t = 0; t < trials; t++) {
                leaveInFreedMemory(m, leftover);
                try (NDManager step = m.newSubManager()) {
                    NDArray x = step.randomUniform(0, 1, input);
                    NDArray[] y = gradients(step, layer, x), y64 = reference(layer, x);
                    for (int i = 0; i < y.length; i++) {
                        double e = error(y[i], y64[i]);
                        worst = Double.isNaN(e) || Double.isNaN(worst) ? Double.NaN : Math.max(worst, e);
                    }
                }
            }
        }
        return worst;
    }

    /** Output, input gradient and weight gradient of a training-mode pass with loss = Σ output². */
    private static NDArray[] gradients(NDManager step, Conv2d layer, NDArray x) {
        x.setRequiresGradient(true);
        StepGuard.clear(layer.getParameters()); // gradients add up over passes
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray y = layer.forward(new ParameterStore(step, false), new NDList(x), true).singletonOrThrow();
            gc.backward(y.mul(y).sum());
            NDArray w = layer.getParameters().get("weight").getArray();
            return new NDArray[] {y.duplicate(), x.getGradient().duplicate(), w.getGradient().duplicate()};
        }
    }

    /** The same as {@link #gradients} in float64, which PyTorch computes with its own kernels. */
    private static NDArray[] reference(Conv2d layer, NDArray x) {
        NDArray x64 = x.toType(DataType.FLOAT64, true), w64 = layer.getParameters().get("weight").getArray().toType(DataType.FLOAT64, true);
        x64.setRequiresGradient(true);
        w64.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray y = Conv2d.conv2d(x64, w64, null, layer.getStride(), layer.getPadding(), layer.getDilation(), 1).singletonOrThrow();
            gc.backward(y.mul(y).sum());
            return new NDArray[] {y.duplicate(), x64.getGradient().duplicate(), w64.getGradient().duplicate()};
        }
    }

    private static Conv2d.Builder builder(int filters, long kernel, long stride) {
        return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride)).optPadding(new Shape(kernel / 2, kernel / 2)).optBias(false);
    }

    private static AlignedConv2d aligned(int filters, long kernel, long stride) {
        return new AlignedConv2d(builder(filters, kernel, stride));
    }

    @Test
    void misalignedChannelsGiveTheFloat64ResultWhateverFreedMemoryHolds() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            // the sync expert's face stem, a layer with too many inputs, and one with too few filters
            Object[][] cases = {{16, 5, 2, new Shape(3, 15, 28, 36)}, {8, 3, 1, new Shape(2, 12, 20, 24)}, {12, 3, 1, new Shape(2, 16, 20, 24)}};
            for (Object[] c : cases) {
                int filters = (int) c[0], kernel = (int) c[1], stride = (int) c[2];
                Shape input = (Shape) c[3];
                AlignedConv2d layer = aligned(filters, kernel, stride);
                layer.initialize(m, DataType.FLOAT32, input);
                double ours = worstError(m, layer, input, 3);
                Conv2d control = builder(filters, kernel, stride).build();
                control.initialize(m, DataType.FLOAT32, input);
                double theirs = worstError(m, control, input, 3);
                System.out.printf("%d filters %dx%d stride %d on %s: error %.2g aligned, %.2g plain Conv2d (oneDNN lanes %d)%n",
                        filters, kernel, kernel, stride, input, ours, theirs, AlignedConv2d.LANES);
                assertTrue(ours < 1e-4, "aligned convolution off by " + ours + " for " + input + " -> " + filters);
            }
        }
    }

    @Test
    void theSavedFormatIsConv2dsSoOldModelsLoad() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape input = new Shape(2, 15, 16, 20);
            Block old = new SequentialBlock().add(builder(8, 3, 2).build());
            old.initialize(m, DataType.FLOAT32, input);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            old.saveParameters(new DataOutputStream(bytes));
            Block now = new SequentialBlock().add(aligned(8, 3, 2));
            now.initialize(m, DataType.FLOAT32, input);
            now.loadParameters(m, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            NDArray a = old.getParameters().get(0).getValue().getArray(), b = now.getParameters().get(0).getValue().getArray();
            assertEquals(a.getShape(), b.getShape());
            assertArrayEquals(a.toFloatArray(), b.toFloatArray(), 0f);
        }
    }

    @Test
    void laneWidthFollowsTheIsaCap() {
        assertEquals(8, AlignedConv2d.lanes("AVX2"));
        assertEquals(8, AlignedConv2d.lanes("avx2_vnni"));
        assertEquals(8, AlignedConv2d.lanes("SSE41"));
        assertEquals(16, AlignedConv2d.lanes("AVX512_CORE"));
        assertEquals(16, AlignedConv2d.lanes("ALL"));
        assertEquals(16, AlignedConv2d.lanes(null));
    }
}
