package org.speech2lip.render;

import org.speech2lip.media.RgbImage;

/**
 * Pastes a generated mouth window back into the full original frame. The window's weight is 1 in
 * its interior and falls smoothly (a cosine ramp) to 0 over {@code feather} pixels at its border,
 * so where the window meets the untouched frame there is no edge to see.
 */
public final class FeatheredPaste {
    private final int width, height;
    private final float[] alpha;

    /** A paste of w × h windows with a border ramp {@code feather} pixels wide (at most half the window). */
    public FeatheredPaste(int w, int h, int feather) {
        if (feather < 0 || 2 * feather > Math.min(w, h)) throw new IllegalArgumentException("feather " + feather + " does not fit a " + w + "x" + h + " window");
        width = w;
        height = h;
        alpha = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) alpha[y * w + x] = ramp(Math.min(x, w - 1 - x), feather) * ramp(Math.min(y, h - 1 - y), feather);
        }
    }

    /** Weight of a pixel {@code d} pixels in from the border: 0 at the border, 1 from {@code feather} on. */
    private static float ramp(int d, int feather) {
        if (d >= feather) return 1;
        return (float) (0.5 - 0.5 * Math.cos(Math.PI * (d + 0.5) / feather));
    }

    /** The window's weight at pixel (x, y) of the window. */
    public float alpha(int x, int y) {
        return alpha[y * width + x];
    }

    /**
     * Blends {@code window} (3 planes of h × w floats in [0, 1]) into {@code frame} with its top-left
     * at frame pixel (x0, y0); parts outside the frame are skipped.
     */
    public void paste(RgbImage frame, float[] window, int x0, int y0) {
        if (window.length != 3 * width * height) throw new IllegalArgumentException("window must hold 3 planes of " + width + "x" + height);
        paste(frame, window, 0, x0, y0);
    }

    /** The same with the window's planes starting at {@code offset} of {@code windows} (one of a batch). */
    public void paste(RgbImage frame, float[] windows, int offset, int x0, int y0) {
        int plane = width * height;
        if (offset < 0 || windows.length < offset + 3 * plane) throw new IllegalArgumentException("no 3 planes of " + width + "x" + height + " at " + offset);
        for (int y = Math.max(0, -y0); y < height && y0 + y < frame.height; y++) {
            for (int x = Math.max(0, -x0); x < width && x0 + x < frame.width; x++) {
                float a = alpha[y * width + x];
                if (a == 0) continue;
                int at = 3 * ((y0 + y) * frame.width + x0 + x);
                for (int c = 0; c < 3; c++) {
                    float old = (frame.rgb[at + c] & 0xff) / 255f, value = Math.min(1, Math.max(0, windows[offset + c * plane + y * width + x]));
                    frame.rgb[at + c] = (byte) Math.round(255 * (old + a * (value - old)));
                }
            }
        }
    }
}
