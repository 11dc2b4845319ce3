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
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * The lip field F(p, c) → RGB in [0, 1] (paper §4.2): p is a continuous point of the canonical lip
 * box, c the frame's condition (mouth shape or audio code, then timestamp code); with a
 * {@link ShapeWarp}, p also carries where the point sits on the mean mouth. An MLP of {@code layers} ReLU
 * layers over [γ(p), c], γ the positional encoding, with [γ(p), c] fed again into layer
 * {@code skipLayer}, and a sigmoid RGB head.
 *
 * <p>Box coordinates: u runs from −1 at the box's left edge to +1 at its right edge, v from −1 at
 * the top to +1 at the bottom; pixel (i, j) of an h × w rendering covers [j, j+1) × [i, i+1), so its
 * centre is u = 2(j + ½)/w − 1, v = 2(i + ½)/h − 1, and any resolution samples the same box.
 *
 * <p>Input (points (B, Q, 2), condition (B, C)), output (B, Q, 3). A layer fed [γ(p), c] is written
 * as W·[h, γ(p), c] = W_h·h + W_p·γ(p) + W_c·c: the same weights as the concatenation, but the
 * frame's condition is multiplied once per frame instead of once per point.
 *
 * <p>{@link #explicit} builds the "w/o implicit model" ablation: γ(p) replaced by a
 * {@link PixelEmbedding} of the same size, everything else alike.
 */
public final class LipField extends AbstractBlock {
    private final int layers, skipLayer, frequencies, conditionDims, pointDims;
    private final PixelEmbedding pixels;
    private final Block pointIn, conditionIn, skipPoint, skipCondition, rgb;
    private final List<Block> hidden = new ArrayList<>();

    public LipField(ModelConfig.Field cfg, int conditionDims) {
        this(cfg, conditionDims, 2, 0, 0);
    }

    /**
     * A field whose points carry {@code pointDims} coordinates: 2 (u, v), or 4 when the rest
     * coordinates of {@link ShapeWarp} follow them; all are encoded alike.
     */
    public LipField(ModelConfig.Field cfg, int conditionDims, int pointDims) {
        this(cfg, conditionDims, pointDims, 0, 0);
    }

    /** The ablation's field: a learned code per pixel of an h × w box instead of γ(p). */
    public static LipField explicit(ModelConfig.Field cfg, int conditionDims, int h, int w) {
        return new LipField(cfg, conditionDims, 2, h, w);
    }

    private LipField(ModelConfig.Field cfg, int conditionDims, int pointDims, int h, int w) {
        layers = cfg.layers();
        skipLayer = cfg.skipLayer();
        frequencies = cfg.frequencies();
        this.conditionDims = conditionDims;
        this.pointDims = pointDims;
        pixels = h > 0 ? addChildBlock("pixels", new PixelEmbedding(h, w, PositionalEncoding.dims(2, frequencies))) : null;
        int units = cfg.width();
        pointIn = addChildBlock("pointIn", Linear.builder().setUnits(units).build());
        conditionIn = addChildBlock("conditionIn", Linear.builder().setUnits(units).optBias(false).build());
        for (int i = 1; i < layers; i++) hidden.add(addChildBlock("hidden" + i, Linear.builder().setUnits(units).build()));
        skipPoint = addChildBlock("skipPoint", Linear.builder().setUnits(units).optBias(false).build());
        skipCondition = addChildBlock("skipCondition", Linear.builder().setUnits(units).optBias(false).build());
        rgb = addChildBlock("rgb", Linear.builder().setUnits(3).build());
        // He initialisation of each concatenated layer as a whole: its parts share the fan-in of [h, γ(p), c]
        int in = PositionalEncoding.dims(pointDims, frequencies) + conditionDims;
        for (Block part : List.of(pointIn, conditionIn)) gaussian(part, 2.0 / in);
        for (Block part : List.of(hidden.get(skipLayer - 1), skipPoint, skipCondition)) gaussian(part, 2.0 / (units + in));
        // the head feeds a sigmoid, not a ReLU: unit gain keeps the first colours away from 0 and 1
        gaussian(rgb, 1.0 / units);
    }

    private static void gaussian(Block layer, double variance) {
        layer.setInitializer(new NormalInitializer((float) Math.sqrt(variance)), Parameter.Type.WEIGHT);
    }

    /** Box coordinate of the centre of pixel {@code index} of {@code size} pixels across. */
    public static float centre(int index, int size) {
        return (float) (2.0 * (index + 0.5) / size - 1);
    }

    /** (h·w, 2) pixel centres of an h × w grid over the box, row by row. */
    public static NDArray grid(NDManager manager, int h, int w) {
        float[] uv = new float[2 * h * w];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                uv[2 * (i * w + j)] = centre(j, w);
                uv[2 * (i * w + j) + 1] = centre(i, h);
            }
        }
        return manager.create(uv, new Shape((long) h * w, 2));
    }

    /** Renders an h × w image of the box for each condition: (B, C) → (B, 3, h, w). */
    public NDArray render(ParameterStore ps, NDArray condition, int h, int w) {
        long b = condition.getShape().get(0);
        NDArray points = grid(condition.getManager(), h, w).expandDims(0).repeat(0, b);
        NDArray colours = forward(ps, new NDList(points, condition), false).head();
        return colours.reshape(b, h, w, 3).transpose(0, 3, 1, 2);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray encoded = pixels == null ? PositionalEncoding.encode(inputs.get(0), frequencies)
                : pixels.forward(ps, new NDList(inputs.get(0)), training).head();
        NDArray condition = inputs.get(1);
        NDArray h = Activation.relu(apply(ps, pointIn, encoded, training)
                .add(apply(ps, conditionIn, condition, training).expandDims(1)));
        for (int i = 1; i < layers; i++) {
            NDArray z = apply(ps, hidden.get(i - 1), h, training);
            if (i == skipLayer) {
                z = z.add(apply(ps, skipPoint, encoded, training))
                        .add(apply(ps, skipCondition, condition, training).expandDims(1));
            }
            h = Activation.relu(z);
        }
        return new NDList(Activation.sigmoid(apply(ps, rgb, h, training)));
    }

    private static NDArray apply(ParameterStore ps, Block layer, NDArray x, boolean training) {
        return layer.forward(ps, new NDList(x), training).head();
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape points = inputShapes[0];
        Shape encoded = new Shape(points.get(0), points.get(1), PositionalEncoding.dims(pointDims, frequencies));
        Shape condition = new Shape(points.get(0), conditionDims);
        if (pixels != null) pixels.initialize(manager, dataType, points);
        pointIn.initialize(manager, dataType, encoded);
        conditionIn.initialize(manager, dataType, condition);
        skipPoint.initialize(manager, dataType, encoded);
        skipCondition.initialize(manager, dataType, condition);
        Shape h = pointIn.getOutputShapes(new Shape[] {encoded})[0];
        for (Block layer : hidden) layer.initialize(manager, dataType, h);
        rgb.initialize(manager, dataType, h);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape points = inputShapes[0];
        return new Shape[] {new Shape(points.get(0), points.get(1), 3)};
    }
}
