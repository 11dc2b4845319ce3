package org.speech2lip.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The timestamp code t of the lip field: frame k of a subject of N frames is s = k / N in [0, 1),
 * encoded as sin/cos(2^j·π·s) for j below dims/2. The low frequencies tell the clip's parts apart,
 * the highest ones (about a radian per frame in a one-minute clip) neighbouring frames, which is
 * what lets the field keep the frame-specific appearance temporally consistent.
 */
public final class TimeCode {
    private TimeCode() {}

    /** (B,) frame indices → (B, dims). */
    public static NDArray of(NDManager manager, int[] frames, int totalFrames, int dims) {
        if (totalFrames <= 0) throw new IllegalArgumentException("totalFrames " + totalFrames);
        float[] s = new float[frames.length];
        for (int i = 0; i < frames.length; i++) s[i] = (float) frames[i] / totalFrames;
        return PositionalEncoding.sinCos(manager.create(s, new Shape(frames.length, 1)), dims / 2);
    }
}
