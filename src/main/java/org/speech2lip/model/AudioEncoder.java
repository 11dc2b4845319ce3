package org.speech2lip.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * The audio code a of a video frame from its mel window (16 steps × 80 bins, 0.2 s): four stride-2
 * 1-D convolutions over time with the mel bins as channels (16 → 8 → 4 → 2 → 1 steps), then two
 * linear layers, leaky ReLUs between (the official code's encoder, fed mel instead of DeepSpeech).
 *
 * <p>With smoothing on, the input is a window of neighbouring frames' mel windows, (B, T, 16, 80),
 * each encoded alike and merged by {@link AudioSmoothing}; otherwise it is (B, 16, 80). The output
 * is (B, codeDims) either way.
 */
public final class AudioEncoder extends AbstractBlock {
    public static final int MEL_STEPS = 16, MEL_BINS = 80;
    private static final int[] CHANNELS = {32, 32, 64, 64};
    private static final float SLOPE = 0.02f;

    private final List<Block> convs = new ArrayList<>();
    private final Block hidden, out;
    private final AudioSmoothing smoothing;
    private final int codeDims, window;

    public AudioEncoder(ModelConfig.Audio cfg) {
        codeDims = cfg.codeDims();
        for (int i = 0; i < CHANNELS.length; i++) {
            convs.add(addChildBlock("conv" + i, Conv1d.builder().setKernelShape(new Shape(3)).setFilters(CHANNELS[i])
                    .optStride(new Shape(2)).optPadding(new Shape(1)).build()));
        }
        hidden = addChildBlock("hidden", Linear.builder().setUnits(CHANNELS[CHANNELS.length - 1]).build());
        out = addChildBlock("out", Linear.builder().setUnits(codeDims).build());
        smoothing = cfg.smoothing() ? addChildBlock("smoothing", new AudioSmoothing(cfg.smoothWindow())) : null;
        window = cfg.smoothing() ? cfg.smoothWindow() : 1;
    }

    /** Frames whose mel windows frame k's code is made of: k alone, or the smoothing window clamped to the clip. */
    public int[] frames(int k, int totalFrames) {
        int[] f = new int[window];
        for (int i = 0; i < window; i++) f[i] = Math.max(0, Math.min(totalFrames - 1, k - window / 2 + i));
        return f;
    }

    /** Input shape for a batch of b frames. */
    public Shape inputShape(int b) {
        return smoothing == null ? new Shape(b, MEL_STEPS, MEL_BINS) : new Shape(b, window, MEL_STEPS, MEL_BINS);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray mel = inputs.head();
        if (smoothing == null) return new NDList(encode(ps, mel, training));
        long b = mel.getShape().get(0);
        NDArray codes = encode(ps, mel.reshape(b * window, MEL_STEPS, MEL_BINS), training).reshape(b, window, codeDims);
        return smoothing.forward(ps, new NDList(codes), training);
    }

    private NDArray encode(ParameterStore ps, NDArray mel, boolean training) {
        // mel values span [-4, 4]; at unit scale the initial codes stay small enough not to saturate the field
        NDArray x = mel.transpose(0, 2, 1).div(4);
        for (Block conv : convs) x = Activation.leakyRelu(conv.forward(ps, new NDList(x), training).head(), SLOPE);
        x = x.reshape(x.getShape().get(0), -1);
        x = Activation.leakyRelu(hidden.forward(ps, new NDList(x), training).head(), SLOPE);
        return out.forward(ps, new NDList(x), training).head();
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = new Shape(inputShapes[0].get(0), MEL_BINS, MEL_STEPS);
        for (Block conv : convs) {
            conv.initialize(manager, dataType, s);
            s = conv.getOutputShapes(new Shape[] {s})[0];
        }
        Shape flat = new Shape(s.get(0), s.get(1) * s.get(2));
        hidden.initialize(manager, dataType, flat);
        out.initialize(manager, dataType, hidden.getOutputShapes(new Shape[] {flat}));
        if (smoothing != null) smoothing.initialize(manager, dataType, new Shape(inputShapes[0].get(0), window, codeDims));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), codeDims)};
    }
}
