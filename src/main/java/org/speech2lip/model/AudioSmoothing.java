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
 * AD-NeRF-style temporal smoothing of audio codes: a window of T neighbouring frames' codes (B, T, D)
 * is narrowed by 1-D convolutions over time (D → 16 → 8 → 4 → 2 → 1 channels) to one score per
 * frame, a linear layer and softmax turn the scores into attention weights, and the output is the
 * weighted mean code (B, D). Averaging neighbours removes the frame-to-frame jitter of the codes.
 */
public final class AudioSmoothing extends AbstractBlock {
    private static final int[] CHANNELS = {16, 8, 4, 2, 1};
    private static final float SLOPE = 0.02f;

    private final List<Block> convs = new ArrayList<>();
    private final Block attention;
    private final int window;

    public AudioSmoothing(int window) {
        this.window = window;
        for (int i = 0; i < CHANNELS.length; i++) {
            convs.add(addChildBlock("conv" + i, Conv1d.builder().setKernelShape(new Shape(3)).setFilters(CHANNELS[i])
                    .optPadding(new Shape(1)).build()));
        }
        attention = addChildBlock("attention", Linear.builder().setUnits(window).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray codes = inputs.head();
        NDArray x = codes.transpose(0, 2, 1);
        for (Block conv : convs) x = Activation.leakyRelu(conv.forward(ps, new NDList(x), training).head(), SLOPE);
        NDArray scores = attention.forward(ps, new NDList(x.reshape(-1, window)), training).head();
        NDArray weights = scores.softmax(1).expandDims(2);
        return new NDList(codes.mul(weights).sum(new int[] {1}));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long b = inputShapes[0].get(0);
        Shape s = new Shape(b, inputShapes[0].get(2), window);
        for (Block conv : convs) {
            conv.initialize(manager, dataType, s);
            s = conv.getOutputShapes(new Shape[] {s})[0];
        }
        attention.initialize(manager, dataType, new Shape(b, window));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), inputShapes[0].get(2))};
    }
}
