package org.speech2lip.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * NeRF's frequency encoding: a coordinate vector p becomes
 * [p, sin(2⁰πp), cos(2⁰πp), sin(2¹πp), cos(2¹πp), …, sin(2^(L−1)πp), cos(2^(L−1)πp)], so an MLP
 * can fit detail down to a period of 2^(1−L) in p's units.
 */
public final class PositionalEncoding {
    private PositionalEncoding() {}

    /** Encoded size of a d-vector with L frequencies, the input included. */
    public static int dims(int d, int frequencies) {
        return d * (1 + 2 * frequencies);
    }

    /** (…, d) → (…, d·(1 + 2L)), p first. */
    public static NDArray encode(NDArray p, int frequencies) {
        if (frequencies == 0) return p;
        return p.concat(sinCos(p, frequencies), -1);
    }

    /** (…, d) → (…, 2Ld): the sin/cos pairs alone, frequency by frequency. */
    public static NDArray sinCos(NDArray p, int frequencies) {
        Shape shape = p.getShape();
        float[] f = new float[frequencies];
        for (int k = 0; k < frequencies; k++) f[k] = (float) (Math.PI * (1L << k));
        // (…, 1, d) × (L, 1) → (…, L, d); sin and cos stacked per frequency → (…, L, 2, d)
        NDArray scaled = p.expandDims(-2).mul(p.getManager().create(f, new Shape(frequencies, 1)));
        NDArray pairs = NDArrays.stack(new NDList(scaled.sin(), scaled.cos()), -2);
        return pairs.reshape(shape.slice(0, shape.dimension() - 1).add(2L * frequencies * shape.get(shape.dimension() - 1)));
    }
}
