package org.speech2lip.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.speech2lip.geometry.Camera;
import org.speech2lip.geometry.Rect;

/**
 * GAMEM's explicit maps between the canonical and the observed views (paper §4.3) on tensors: the
 * maths of {@link org.speech2lip.geometry.ViewWarp#o2cMap} and {@code c2oMap}, batched over frames
 * and differentiable with respect to depth.
 *
 * <p>Poses are N×4×4 row-major [R|t; 0 0 0 1] tensors, as in poses.npy. The relative pose is always
 * T_co = T_o · T_c⁻¹: O2C moves canonical points by T_co, C2O by its inverse (SPEC §8: the official
 * code's depth loss uses the inverse by mistake). Maps hold source-image positions (u, v), NaN where
 * the target pixel has no depth or lands behind the camera, and go to {@link BilinearWarp}.
 */
public final class Gamem {

    private Gamem() {}

    /**
     * Observed-image positions for the pixels of {@code region} of the canonical image: N×h×w×2.
     * {@code canonicalDepth} is the H×W depth of the whole canonical image. The result belongs to tCo's manager.
     */
    public static NDArray o2cMap(Camera cam, NDArray canonicalDepth, Rect region, NDArray tCo) {
        Shape d = canonicalDepth.getShape();
        if (d.dimension() != 2 || !region.inside((int) d.get(1), (int) d.get(0))) {
            throw new IllegalArgumentException("region " + region + " does not fit a canonical depth of shape " + d);
        }
        NDManager owner = tCo.getManager();
        try (NDManager sub = owner.newSubManager()) {
            canonicalDepth.tempAttach(sub);
            tCo.tempAttach(sub);
            NDArray depth = canonicalDepth.get(new NDIndex("{}:{}, {}:{}",
                    region.y(), region.y() + region.h(), region.x(), region.x() + region.w()));
            NDArray origin = sub.create(new float[] {region.x(), region.y()}, new Shape(1, 2));
            NDArray map = map(cam, depth.expandDims(0), origin, tCo);
            map.attach(owner);
            return map;
        }
    }

    /**
     * Canonical-image positions for the pixels of each frame's window: N×h×w×2. {@code observedDepth}
     * (N×h×w) is the depth of the windows, whose pixel (0, 0) is image pixel {@code origins} (N×2,
     * x then y, as window_origins.npy). The result belongs to tCo's manager.
     */
    public static NDArray c2oMap(Camera cam, NDArray observedDepth, NDArray origins, NDArray tCo) {
        NDManager owner = tCo.getManager();
        try (NDManager sub = owner.newSubManager()) {
            observedDepth.tempAttach(sub);
            origins.tempAttach(sub);
            tCo.tempAttach(sub);
            NDArray map = map(cam, observedDepth, origins, inverse(tCo));
            map.attach(owner);
            return map;
        }
    }

    /** O2C: the canonical-view image of {@code region}, sampled from the observed frames (N×C×H×W). */
    public static BilinearWarp.Sampled o2c(NDArray observed, Camera cam, NDArray canonicalDepth, Rect region, NDArray tCo) {
        try (NDArray map = o2cMap(cam, canonicalDepth, region, tCo)) {
            return BilinearWarp.sample(observed, map);
        }
    }

    /**
     * C2O: the observed-view image of each frame's window, sampled from canonical patches (N×C×h×w)
     * that cover {@code canonicalRect}.
     */
    public static BilinearWarp.Sampled c2o(NDArray canonicalPatch, Rect canonicalRect, Camera cam,
                                           NDArray observedDepth, NDArray origins, NDArray tCo) {
        try (NDArray map = c2oMap(cam, observedDepth, origins, tCo)) {
            return BilinearWarp.sample(canonicalPatch, canonicalRect.x(), canonicalRect.y(), map);
        }
    }

    /** T_co = T_o · T_c⁻¹ for one canonical pose (4×4) and N observed poses (N×4×4). */
    public static NDArray relative(NDArray canonical, NDArray observed) {
        return observed.matMul(inverse(canonical));
    }

    /** The inverses of rigid transforms (…×4×4): [Rᵀ | −Rᵀt]. */
    public static NDArray inverse(NDArray poses) {
        NDArray rt = poses.get("..., :3, :3").swapAxes(-1, -2);
        NDArray t = rt.matMul(poses.get("..., :3, 3:")).neg();
        return rt.concat(t, -1).concat(poses.get("..., 3:, :"), -2);
    }

    /**
     * Source positions for depth maps (B×h×w, B = 1 or N) whose pixel (0, 0) is image pixel origins
     * (B×2). Pixel centre p at depth D is X = D·K⁻¹[p, 1]; pose (N×4×4) moves it to R·X + t, which in
     * pixels is D·(K·R·K⁻¹)[p, 1] + K·t, and (u, v) is that vector's first two coordinates over its
     * third (the source-view depth). No constant multiplies a tensor on the gradient path: DJL 0.32
     * frees such constants before backward reads them.
     */
    private static NDArray map(Camera cam, NDArray depth, NDArray origins, NDArray pose) {
        Shape s = depth.getShape();
        long b = s.get(0), h = s.get(1), w = s.get(2), n = pose.getShape().get(0);
        NDManager m = depth.getManager();
        DataType type = depth.getDataType();
        double f = cam.focal(), cx = cam.cx(), cy = cam.cy();
        NDArray k = m.create(new double[] {f, 0, cx, 0, f, cy, 0, 0, 1}, new Shape(3, 3)).toType(type, false);
        NDArray kInv = m.create(new double[] {1 / f, 0, -cx / f, 0, 1 / f, -cy / f, 0, 0, 1}, new Shape(3, 3)).toType(type, false);
        NDArray rotation = pose.get(":, :3, :3").toType(type, false), translation = pose.get(":, :3, 3:").toType(type, false);
        NDArray homography = k.matMul(rotation).matMul(kInv).swapAxes(1, 2);
        NDArray shift = k.matMul(translation).reshape(n, 1, 3);
        NDArray o = origins.toType(type, false);
        NDArray px = m.arange(0f, w, 1f).toType(type, false).add(0.5).reshape(1, 1, w).add(o.get(":, 0").reshape(b, 1, 1));
        NDArray py = m.arange(0f, h, 1f).toType(type, false).add(0.5).reshape(1, h, 1).add(o.get(":, 1").reshape(b, 1, 1));
        px = px.broadcast(b, h, w);
        NDArray pixels = NDArrays.stack(new NDList(px, py.broadcast(b, h, w), px.onesLike()), -1).reshape(b, h * w, 3);
        NDArray missing = depth.isNaN().reshape(b, h * w, 1);
        // NaN depth is replaced before use so that no NaN reaches the gradient
        NDArray z = NDArrays.where(missing, depth.onesLike().reshape(b, h * w, 1), depth.reshape(b, h * w, 1));
        NDArray x = pixels.matMul(homography).mul(z).add(shift);
        NDArray zo = x.get("..., 2:");
        NDArray ok = zo.gt(0).logicalAnd(missing.logicalNot());
        NDArray uv = x.get("..., :2").div(NDArrays.where(ok, zo, zo.onesLike()));
        NDArray nan = m.full(uv.getShape(), Float.NaN, uv.getDataType());
        return NDArrays.where(ok.broadcast(uv.getShape()), uv, nan).reshape(n, h, w, 2);
    }
}
