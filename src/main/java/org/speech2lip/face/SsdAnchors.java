package org.speech2lip.face;

/**
 * The anchor centres of BlazeFace, following MediaPipe's SsdAnchorsCalculator with
 * {@code fixed_anchor_size: true}: every anchor is 1×1 (normalised), so only the centres matter.
 * Consecutive layers with the same stride share one feature map and stack their anchors per cell;
 * each layer adds one anchor, two when the interpolated-scale anchor is on.
 */
final class SsdAnchors {

    private SsdAnchors() {
    }

    /** Centres as (x, y) pairs normalised to [0, 1], in the model's output order (row, column, anchor). */
    static float[] centres(int inputSize, int[] strides, boolean interpolatedScale) {
        int perLayer = interpolatedScale ? 2 : 1;
        int total = 0;
        for (int s : strides) total += perLayer * (inputSize / s) * (inputSize / s);
        float[] out = new float[2 * total];
        int o = 0;
        for (int layer = 0; layer < strides.length; ) {
            int stride = strides[layer];
            int sameStride = 0;
            while (layer < strides.length && strides[layer] == stride) {
                sameStride++;
                layer++;
            }
            int cells = inputSize / stride;
            for (int y = 0; y < cells; y++) {
                for (int x = 0; x < cells; x++) {
                    for (int a = 0; a < sameStride * perLayer; a++) {
                        out[o++] = (x + 0.5f) / cells;
                        out[o++] = (y + 0.5f) / cells;
                    }
                }
            }
        }
        return out;
    }
}
