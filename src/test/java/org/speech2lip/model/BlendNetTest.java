package org.speech2lip.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.LocalParameterServer;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlendNetTest {
    private static NDList window(NDManager m, int h, int w) {
        NDArray pasted = m.randomUniform(0, 1, new Shape(2, 3, h, w));
        NDArray mask = m.zeros(new Shape(2, 1, h, w));
        mask.set(new NDIndex(":, :, {}:{}, {}:{}", h / 4, 3 * h / 4, w / 4, 3 * w / 4), 1f);
        return new NDList(pasted, mask);
    }

    private static BlendNet initialised(NDManager m, int channels, int h, int w) {
        BlendNet net = new BlendNet(channels, 2 * channels);
        net.initialize(m, DataType.FLOAT32, new Shape(2, 3, h, w), new Shape(2, 1, h, w));
        return net;
    }

    @Test
    void untrainedNetReturnsThePastedImageForAnyWindowDivisibleByFour() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (int[] size : new int[][] {{64, 64}, {96, 80}}) {
                BlendNet net = initialised(m, 8, size[0], size[1]);
                NDList in = window(m, size[0], size[1]);
                for (boolean training : new boolean[] {false, true}) {
                    NDArray out = net.forward(new ParameterStore(m, false), in, training).singletonOrThrow();
                    assertEquals(new Shape(2, 3, size[0], size[1]), out.getShape());
                    assertArrayEquals(in.get(0).toFloatArray(), out.toFloatArray(), 0f, "residual starts at zero");
                }
            }
        }
    }

    @Test
    void paperSizeHasAboutAMillionParameters() {
        try (NDManager m = NDManager.newBaseManager()) {
            long paper = count(initialised(m, 64, 64, 64)), fast = count(initialised(m, 16, 64, 64));
            System.out.printf("Blend-Net parameters: %d (64/128 channels), %d (16/32)%n", paper, fast);
            assertTrue(paper > 500_000 && paper < 2_000_000, "paper-size Blend-Net has " + paper + " parameters");
            assertTrue(fast < paper / 10);
        }
    }

    /** Trainable parameters (batch-norm running statistics are not). */
    static long count(Block net) {
        return net.getParameters().values().stream().filter(p -> p.requiresGradient()).mapToLong(p -> p.getArray().size()).sum();
    }

    private static NDArray outBias(BlendNet net) {
        return net.getParameters().stream().filter(p -> p.getKey().endsWith("out_bias")).findFirst().orElseThrow().getValue().getArray();
    }

    @Test
    void outputStaysInRangeYetAHolePushedBelowZeroStillGetsGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            BlendNet net = initialised(m, 8, 64, 64);
            NDList in = window(m, 64, 64);
            for (float bias : new float[] {5, -5}) {
                outBias(net).set(new float[] {bias, bias, bias});
                NDArray pasted = in.get(0).duplicate();
                pasted.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray out = net.forward(new ParameterStore(m, false), new NDList(pasted, in.get(1)), true).singletonOrThrow();
                    float expected = bias > 0 ? 1 : 0;
                    assertEquals(expected, out.min().getFloat(), 0f);
                    assertEquals(expected, out.max().getFloat(), 0f);
                    gc.backward(out.sum());
                }
                assertEquals(pasted.size(), pasted.getGradient().gt(0).sum().getLong(), "gradient through the clipped output");
            }
        }
    }

    /** Smooth random colour fields: what lies under a hole can be guessed from around it. */
    private static NDArray smoothImages(NDManager m, int n, int size) {
        NDArray coarse = m.randomUniform(0.1f, 0.9f, new Shape(n, 3, 4, 4));
        return coarse.repeat(2, size / 4).repeat(3, size / 4);
    }

    /** Mean absolute error over the black pixels of the punched windows (the real images have none). */
    private static float holeError(BlendNet net, ParameterStore ps, NDList punched, NDArray real) {
        NDArray out = net.forward(ps, punched, false).singletonOrThrow();
        NDArray hole = punched.get(0).sum(new int[] {1}, true).eq(0).broadcast(real.getShape());
        return out.sub(real).abs().get(hole).mean().getFloat();
    }

    @Test
    void learnsToFillBlackHoles() {
        int n = 16, size = 32;
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(11);
            BlendNet net = initialised(m, 8, size, size);
            ParameterStore ps = new ParameterStore(m, false);
            ps.setParameterServer(new LocalParameterServer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(3e-3f)).build()),
                    new Device[] {m.getDevice()});
            BlackHoles holes = new BlackHoles(1, 5);
            NDArray region = m.zeros(new Shape(n, 1, size, size));
            region.set(new NDIndex(":, :, 8:24, 4:28"), 1f);
            NDArray heldOut = smoothImages(m, n, size);
            NDList heldOutPunched = holes.punch(heldOut, region);
            float before = holeError(net, ps, heldOutPunched, heldOut);
            for (int step = 0; step < 80; step++) {
                try (NDManager s = m.newSubManager()) {
                    NDArray real = smoothImages(s, n, size);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray out = net.forward(ps, holes.punch(real, region), true).singletonOrThrow();
                        gc.backward(out.sub(real).abs().mean());
                    }
                    ps.updateAllParameters();
                }
            }
            float after = holeError(net, ps, heldOutPunched, heldOut);
            System.out.printf("Blend-Net hole error %.3f before, %.3f after 80 steps%n", before, after);
            assertTrue(after < 0.5 * before, "hole error " + before + " -> " + after);
        }
    }

    @Test
    void rejectsWindowsNotDivisibleByFour() {
        try (NDManager m = NDManager.newBaseManager()) {
            BlendNet net = new BlendNet(8, 16);
            assertThrows(IllegalArgumentException.class,
                    () -> net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 66, 64), new Shape(1, 1, 66, 64)));
        }
    }
}
