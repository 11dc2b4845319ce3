package org.speech2lip.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The timestamp code t of the lip field: sin/cos pairs of frame k at dims/2 periods spaced
 * geometrically from twice the clip's length down to {@link #SHORTEST_PERIOD} frames (2 s). It
 * lets the field follow what changes slowly over a clip (light, skin, the set of the jaw) but is
 * too coarse to tell one syllable's frames from the next: with periods of a frame or two the field
 * learns each training frame's mouth from its timestamp instead of from its sound, which fits the
 * training split and fails on new speech.
 */
public final class TimeCode {
    /** The shortest period, in frames: 2 s at 25 fps, several syllables long. */
    public static final double SHORTEST_PERIOD = 50;

    private TimeCode() {}

    /**
     * The frame whose code stands for frame {@code k} when only frames [0, trainFrames) were learned:
     * k itself inside, else its mirror image inside (a held-out frame after the training split takes
     * the code of the training frame as far before the split's end), as a render's ping-pong walk
     * would have it. An unseen code would be an input the field never met.
     */
    public static int learned(int k, int trainFrames) {
        if (k < trainFrames) return k;
        int period = 2 * Math.max(1, trainFrames - 1);
        int p = k % period;
        return p < trainFrames ? p : period - p;
    }

    /** The periods, in frames, of a clip of {@code totalFrames}: longest first. */
    static double[] periods(int totalFrames, int count) {
        double longest = 2.0 * totalFrames, shortest = Math.min(SHORTEST_PERIOD, longest);
        double[] p = new double[count];
        for (int j = 0; j < count; j++) p[j] = count == 1 ? longest : longest * Math.pow(shortest / longest, (double) j / (count - 1));
        return p;
    }

    /** (B,) frame indices → (B, dims): sin then cos of each period in turn. */
    public static NDArray of(NDManager manager, int[] frames, int totalFrames, int dims) {
        if (totalFrames <= 0) throw new IllegalArgumentException("totalFrames " + totalFrames);
        double[] periods = periods(totalFrames, dims / 2);
        float[] code = new float[frames.length * dims];
        for (int i = 0; i < frames.length; i++) {
            for (int j = 0; j < periods.length; j++) {
                double a = 2 * Math.PI * frames[i] / periods[j];
                code[i * dims + 2 * j] = (float) Math.sin(a);
                code[i * dims + 2 * j + 1] = (float) Math.cos(a);
            }
        }
        return manager.create(code, new Shape(frames.length, dims));
    }
}
