package org.speech2lip.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * Blend-Net (paper §4.4): harmonises the seam after the warped lips are pasted into the observed
 * frame, and fills black holes. A small U-Net over the mouth window, two levels down and two up
 * with skip connections, predicts a residual that is added to the pasted image: the task is
 * amending, not generating (the official code predicts the image itself; SPEC §8).
 *
 * <p>Inputs: {@code pasted} (B, 3, H, W) in [0, 1] and {@code mask} (B, 1, H, W), 1 where the
 * window holds pasted lips or holes, 0 where it is the real frame; the network sees their
 * 4-channel concatenation. H and W must be divisible by 4. Output: (B, 3, H, W) in [0, 1].
 *
 * <p>The last layer starts at zero, so an untrained Blend-Net returns the pasted image unchanged
 * (training configurations must not override its initializer).
 */
public final class BlendNet extends AbstractBlock {
    private static final byte VERSION = 1;

    private final Block in, down1, down2, merge1, merge2, out;

    /**
     * @param channels     width of the full-resolution level
     * @param deepChannels width of the two lower levels (the paper's 64/128 is {@code new BlendNet(64, 128)})
     */
    public BlendNet(int channels, int deepChannels) {
        super(VERSION);
        int c = channels, c2 = deepChannels;
        in = addChildBlock("in", doubleConv(c));
        down1 = addChildBlock("down1", new SequentialBlock().add(Pool.maxPool2dBlock(new Shape(2, 2))).add(doubleConv(c2)));
        down2 = addChildBlock("down2", new SequentialBlock().add(Pool.maxPool2dBlock(new Shape(2, 2))).add(doubleConv(c2)));
        merge1 = addChildBlock("merge1", doubleConv(c));
        merge2 = addChildBlock("merge2", doubleConv(c));
        out = addChildBlock("out", new AlignedConv2d(Conv2d.builder().setFilters(3).setKernelShape(new Shape(1, 1))));
        out.setInitializer(Initializer.ZEROS, Parameter.Type.WEIGHT);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray pasted = inputs.get(0);
        checkSizes(pasted.getShape(), inputs.get(1).getShape());
        NDArray x1 = run(in, ps, pasted.concat(inputs.get(1), 1), training, params);
        NDArray x2 = run(down1, ps, x1, training, params);
        NDArray x3 = run(down2, ps, x2, training, params);
        NDArray y = run(merge1, ps, upsample(x3).concat(x2, 1), training, params);
        y = run(merge2, ps, upsample(y).concat(x1, 1), training, params);
        NDArray result = pasted.add(run(out, ps, y, training, params));
        // Clip the values but not the gradient: a hole pixel (0) pushed below 0 must still learn to rise.
        return new NDList(result.add(result.clip(0, 1).sub(result).stopGradient()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {inputs[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape pasted = inputShapes[0];
        checkSizes(pasted, inputShapes[1]);
        long b = pasted.get(0), h = pasted.get(2), w = pasted.get(3);
        Shape x1 = init(in, manager, dataType, new Shape(b, 4, h, w));
        Shape x2 = init(down1, manager, dataType, x1);
        Shape x3 = init(down2, manager, dataType, x2);
        Shape y1 = init(merge1, manager, dataType, new Shape(b, x3.get(1) + x2.get(1), h / 2, w / 2));
        Shape y2 = init(merge2, manager, dataType, new Shape(b, y1.get(1) + x1.get(1), h, w));
        init(out, manager, dataType, y2);
    }

    private static Shape init(Block block, NDManager manager, DataType dataType, Shape input) {
        block.initialize(manager, dataType, input);
        return block.getOutputShapes(new Shape[] {input})[0];
    }

    private static NDArray run(Block block, ParameterStore ps, NDArray x, boolean training, PairList<String, Object> params) {
        return block.forward(ps, new NDList(x), training, params).singletonOrThrow();
    }

    private static void checkSizes(Shape pasted, Shape mask) {
        if (pasted.dimension() != 4 || pasted.get(1) != 3 || pasted.get(2) % 4 != 0 || pasted.get(3) % 4 != 0
                || !mask.equals(new Shape(pasted.get(0), 1, pasted.get(2), pasted.get(3)))) {
            throw new IllegalArgumentException("Blend-Net needs (B, 3, H, W) windows with H and W divisible by 4 and a (B, 1, H, W) mask, got "
                    + pasted + " and " + mask);
        }
    }

    /** (3×3 convolution, batch norm, ReLU) twice. */
    private static Block doubleConv(int filters) {
        SequentialBlock block = new SequentialBlock();
        for (int i = 0; i < 2; i++) {
            block.add(new AlignedConv2d(Conv2d.builder().setFilters(filters).setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).optBias(false)))
                    .add(BatchNorm.builder().build())
                    .add(Activation::relu);
        }
        return block;
    }

    /**
     * Nearest-neighbour 2× upsampling; the double convolution after it does the smoothing (DJL's
     * PyTorch engine has no transposed convolution).
     */
    private static NDArray upsample(NDArray x) {
        return x.repeat(2, 2).repeat(3, 2);
    }
}
