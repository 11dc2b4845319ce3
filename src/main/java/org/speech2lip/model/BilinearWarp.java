package org.speech2lip.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Differentiable bilinear sampling of an image batch: the tensor twin of
 * {@link org.speech2lip.geometry.ViewWarp#sample}, built from gather because DJL has no grid_sample.
 * Gradients reach both the image values and the sample positions, which GAMEM computes from the
 * learnable canonical depth.
 *
 * <p>The rule is ViewWarp's: position (u, v) in the source's continuous pixel coordinates reads
 * array position (u − 0.5, v − 0.5); it is valid when 0 ≤ u ≤ W and 0 ≤ v ≤ H (NaN never is); the
 * four taps are clamped to the edge; invalid pixels are 0. The one difference: values stay
 * continuous where ViewWarp rounds them to bytes.
 */
public final class BilinearWarp {

    /** Sampled images, N×C×H×W, and their validity, N×1×H×W (1 where sampled, 0 where black), both of the source's type. */
    public record Sampled(NDArray image, NDArray valid) {}

    private BilinearWarp() {}

    /** {@link #sample(NDArray, int, int, NDArray)} of a source whose pixel (0, 0) is image pixel (0, 0). */
    public static Sampled sample(NDArray src, NDArray map) {
        return sample(src, 0, 0, map);
    }

    /**
     * Samples {@code src} (N×C×Hs×Ws), whose pixel (0, 0) is image pixel (srcX, srcY), at the image
     * positions of {@code map} (N×H×W×2, (u, v) per target pixel). The results belong to src's manager.
     */
    public static Sampled sample(NDArray src, int srcX, int srcY, NDArray map) {
        Shape s = src.getShape(), m = map.getShape();
        if (s.dimension() != 4 || m.dimension() != 4 || m.get(0) != s.get(0) || m.get(3) != 2) {
            throw new IllegalArgumentException("need an N×C×H×W source and an N×H×W×2 map, got " + s + " and " + m);
        }
        long n = s.get(0), c = s.get(1), sh = s.get(2), sw = s.get(3), h = m.get(1), w = m.get(2);
        NDManager owner = src.getManager();
        try (NDManager sub = owner.newSubManager()) {
            src.tempAttach(sub);
            map.tempAttach(sub);
            NDArray u = map.get("..., 0").sub(srcX), v = map.get("..., 1").sub(srcY);
            NDArray valid = u.gte(0).logicalAnd(u.lte(sw)).logicalAnd(v.gte(0)).logicalAnd(v.lte(sh));   // false for NaN
            // invalid positions read pixel (0, 0) instead, so neither values nor gradients meet a NaN
            NDArray zero = u.zerosLike();
            NDArray x = NDArrays.where(valid, u, zero).sub(0.5).clip(0, sw - 1);
            NDArray y = NDArrays.where(valid, v, zero).sub(0.5).clip(0, sh - 1);
            NDArray x0 = x.floor(), y0 = y.floor();
            // floor has no gradient: the positions act on the result through the fractions alone
            NDArray fx = x.sub(x0).reshape(n, 1, h * w), fy = y.sub(y0).reshape(n, 1, h * w);
            NDArray ix0 = x0.toType(DataType.INT64, false), iy0 = y0.toType(DataType.INT64, false);
            NDArray ix1 = ix0.add(1).minimum(sw - 1), iy1 = iy0.add(1).minimum(sh - 1);
            NDArray flat = src.reshape(n, c, sh * sw);
            NDArray top = lerp(tap(flat, iy0, ix0, sw), tap(flat, iy0, ix1, sw), fx);
            NDArray bottom = lerp(tap(flat, iy1, ix0, sw), tap(flat, iy1, ix1, sw), fx);
            NDArray mask = valid.toType(src.getDataType(), false).reshape(n, 1, h, w);
            NDArray image = lerp(top, bottom, fy).reshape(n, c, h, w).mul(mask);
            image.attach(owner);
            mask.attach(owner);
            return new Sampled(image, mask);
        }
    }

    /** src (N×C×P) at flat pixel index iy·sw + ix (N×H×W), as N×C×(H·W). */
    private static NDArray tap(NDArray flat, NDArray iy, NDArray ix, long sw) {
        Shape s = flat.getShape();
        NDArray index = iy.mul(sw).add(ix).reshape(s.get(0), 1, -1);
        return flat.gather(index.broadcast(s.get(0), s.get(1), index.getShape().get(2)), 2);
    }

    private static NDArray lerp(NDArray a, NDArray b, NDArray t) {
        return a.add(b.sub(a).mul(t));
    }
}
