package org.speech2lip.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;

/**
 * The explicit stand-in for the positional encoding in the "w/o implicit model" ablation (paper
 * Table 5): a learned vector per pixel of the h × w lip box, looked up at the pixel a point falls
 * in. The lip field's MLP stays the same, but it now sees a discrete grid of free codes instead of a
 * continuous coordinate, so nothing ties neighbouring pixels or sub-pixel positions together.
 *
 * <p>Input points (B, Q, 2) in box coordinates (see {@link LipField}), output (B, Q, dims).
 */
public final class PixelEmbedding extends AbstractBlock {
    private final int h, w, dims;
    private final Parameter table;

    public PixelEmbedding(int h, int w, int dims) {
        this.h = h;
        this.w = w;
        this.dims = dims;
        // U(−1, 1): the range of the sin/cos features it replaces
        table = addParameter(Parameter.builder().setName("table").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape((long) h * w, dims)).optInitializer(new UniformInitializer(1)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray points = inputs.head();
        Shape s = points.getShape();
        NDArray column = points.get("..., 0").add(1).mul(w / 2f).floor().clip(0, w - 1);
        NDArray row = points.get("..., 1").add(1).mul(h / 2f).floor().clip(0, h - 1);
        NDArray index = row.mul(w).add(column).toType(DataType.INT64, false).reshape(-1);
        // owned by the points' manager, so the step's scope frees it and not the table's
        NDArray codes = ps.getValue(table, points.getDevice(), training).get(points.getManager(), new NDIndex("{}", index));
        return new NDList(codes.reshape(s.get(0), s.get(1), dims));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), inputShapes[0].get(1), dims)};
    }
}
