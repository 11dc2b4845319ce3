package org.speech2lip.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.speech2lip.geometry.Camera;
import org.speech2lip.geometry.FaceGeometry;
import org.speech2lip.geometry.Rect;

/**
 * GAMEM's learnable full-head canonical depth (paper §4.3, Eq. 9): camera z (cm) of every pixel of
 * the S×S canonical view, initialised from prepare's canonical_depth.npy and refined by
 * {@link #photometricLoss}: observed frames warped into the canonical view with it must match the
 * canonical frame outside the mouth. {@link #smoothness} keeps the parts the loss cannot see (flat
 * texture, pixels no frame reveals) from drifting.
 *
 * <p>As a block it takes no input and returns the depth map, so a trainer reads it through its
 * ParameterStore like any other weight.
 */
public final class CanonicalDepth extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int size;
    private final Parameter depth;

    /** A depth block starting from {@code initial} (size×size, row-major); NaN pixels are filled smoothly from the rest. */
    public CanonicalDepth(float[] initial, int size) {
        super(VERSION);
        if (initial.length != size * size) throw new IllegalArgumentException("depth must hold " + size + "² values");
        float[] start = FaceGeometry.fillOutside(initial, size, size);
        this.size = size;
        this.depth = addParameter(Parameter.builder()
                .setName("depth")
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(size, size))
                .optInitializer((manager, shape, type) -> manager.create(start, shape).toType(type, false))
                .build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(ps.getValue(depth, ps.getManager().getDevice(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(size, size)};
    }

    /**
     * The photometric depth loss: mean absolute difference, over the pixels of {@code region} where
     * {@code mask} (h×w, 1 where the loss counts: outside the mouth) is set and the warp is valid,
     * between the canonical image ({@code canonical}, C×h×w) and the observed frames ({@code observed},
     * N×C×H×W, whole working-crop frames) warped into the canonical view with {@code depth} (S×S) and
     * T_co ({@code tCo}, N×4×4). Images in [0, 1]. The scalar belongs to {@code owner}, the step's
     * manager: the depth is usually the parameter itself, whose manager lives as long as the model.
     */
    public static NDArray photometricLoss(NDManager owner, Camera cam, NDArray depth, Rect region, NDArray canonical,
                                          NDArray mask, NDArray observed, NDArray tCo) {
        try (NDManager sub = owner.newSubManager()) {
            for (NDArray a : new NDArray[] {depth, canonical, mask, observed, tCo}) a.tempAttach(sub);
            BilinearWarp.Sampled warped = Gamem.o2c(observed, cam, depth, region, tCo);
            NDArray weight = warped.valid().mul(mask.toType(observed.getDataType(), false));
            NDArray sum = warped.image().sub(canonical).abs().mul(weight).sum();
            NDArray count = weight.sum().mul(observed.getShape().get(1)).maximum(1);
            NDArray loss = sum.div(count);
            loss.attach(owner);
            return loss;
        }
    }

    /**
     * Mean squared second difference of a depth map (or any H×W slice of it) along x and y: curvature,
     * not slope, is penalised, so a tilted head costs nothing. The scalar belongs to {@code owner}.
     */
    public static NDArray smoothness(NDManager owner, NDArray depth) {
        try (NDManager sub = owner.newSubManager()) {
            depth.tempAttach(sub);
            NDArray dx = depth.get(":, 1:").sub(depth.get(":, :-1")), dy = depth.get("1:, :").sub(depth.get(":-1, :"));
            NDArray dxx = dx.get(":, 1:").sub(dx.get(":, :-1")), dyy = dy.get("1:, :").sub(dy.get(":-1, :"));
            NDArray loss = dxx.square().mean().add(dyy.square().mean());
            loss.attach(owner);
            return loss;
        }
    }
}
