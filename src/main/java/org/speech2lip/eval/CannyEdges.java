package org.speech2lip.eval;

/**
 * Canny edges of an 8-bit grey image, kept with the gradient they were found on, for {@link Cpbd}.
 *
 * <p>Steps: (1) Gaussian smoothing with σ = 1 (9 taps, d = −4..4, normalised), edges replicated;
 * (2) the Sobel gradient of the smoothed image divided by 8, so that a ramp rising s grey levels per
 * pixel has gradient s (edges replicated); (3) non-maximum suppression: the gradient direction is
 * taken as horizontal when |gy| ≤ tan 22.5° |gx|, vertical when |gx| ≤ tan 22.5° |gy|, otherwise the
 * diagonal with the sign of gx · gy, and a pixel survives when its magnitude is greater than that of
 * its neighbour before it along that axis and at least that of the one after it (so of two equal
 * peaks exactly the first survives); (4) hysteresis: survivors of magnitude ≥ {@link #HIGH} are edges,
 * and so are survivors of magnitude ≥ {@link #LOW} 8-connected to an edge. The outermost rows and
 * columns are never edges. Thresholds are absolute, in grey levels per pixel, so a flat or nearly
 * flat image has no edges however it is scaled: a sharp step of contrast C peaks at about 0.4 C
 * after the smoothing and is found for C ≳ 10, a ramp for slopes of 4 levels per pixel or more, while
 * video noise of a few levels stays well under {@link #LOW} after the smoothing.
 */
final class CannyEdges {
    static final double SIGMA = 1.0, LOW = 2.0, HIGH = 4.0;
    /** tan 22.5°: the bound between a horizontal (or vertical) gradient and a diagonal one. */
    static final double TAN_22_5 = Math.tan(Math.PI / 8);
    private static final int RADIUS = 4;

    /** Horizontal and vertical gradient of the smoothed image, grey levels per pixel, row-major. */
    final double[] gx, gy;
    final boolean[] edge;

    private CannyEdges(double[] gx, double[] gy, boolean[] edge) {
        this.gx = gx;
        this.gy = gy;
        this.edge = edge;
    }

    /** Edges of a width × height row-major grey image of values 0..255. */
    static CannyEdges of(int[] grey, int width, int height) {
        double[] smooth = smooth(grey, width, height);
        int n = width * height;
        double[] gx = new double[n], gy = new double[n], mag = new double[n];
        for (int y = 0; y < height; y++) {
            int up = Math.max(0, y - 1), down = Math.min(height - 1, y + 1);
            for (int x = 0; x < width; x++) {
                int left = Math.max(0, x - 1), right = Math.min(width - 1, x + 1);
                double tl = smooth[up * width + left], t = smooth[up * width + x], tr = smooth[up * width + right];
                double l = smooth[y * width + left], r = smooth[y * width + right];
                double bl = smooth[down * width + left], b = smooth[down * width + x], br = smooth[down * width + right];
                int i = y * width + x;
                gx[i] = ((tr - tl) + 2 * (r - l) + (br - bl)) / 8;
                gy[i] = ((bl - tl) + 2 * (b - t) + (br - tr)) / 8;
                mag[i] = Math.hypot(gx[i], gy[i]);
            }
        }
        return new CannyEdges(gx, gy, hysteresis(suppress(gx, gy, mag, width, height), mag, width, height));
    }

    /** True when the gradient at pixel i is within 22.5° of the horizontal axis. */
    boolean horizontal(int i) {
        return Math.abs(gy[i]) <= TAN_22_5 * Math.abs(gx[i]);
    }

    private static double[] smooth(int[] grey, int width, int height) {
        double[] taps = new double[2 * RADIUS + 1];
        double total = 0;
        for (int t = -RADIUS; t <= RADIUS; t++) total += taps[t + RADIUS] = Math.exp(-t * t / (2 * SIGMA * SIGMA));
        for (int t = 0; t < taps.length; t++) taps[t] /= total;
        double[] rows = new double[width * height], out = new double[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double s = 0;
                for (int t = -RADIUS; t <= RADIUS; t++) s += taps[t + RADIUS] * grey[y * width + Math.min(width - 1, Math.max(0, x + t))];
                rows[y * width + x] = s;
            }
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double s = 0;
                for (int t = -RADIUS; t <= RADIUS; t++) s += taps[t + RADIUS] * rows[Math.min(height - 1, Math.max(0, y + t)) * width + x];
                out[y * width + x] = s;
            }
        }
        return out;
    }

    /** Pixels whose magnitude is a peak across the edge; the outermost rows and columns are left out. */
    private static boolean[] suppress(double[] gx, double[] gy, double[] mag, int width, int height) {
        boolean[] peak = new boolean[width * height];
        for (int y = 1; y < height - 1; y++) {
            for (int x = 1; x < width - 1; x++) {
                int i = y * width + x;
                double ax = Math.abs(gx[i]), ay = Math.abs(gy[i]);
                int dx, dy;
                if (ay <= TAN_22_5 * ax) {
                    dx = 1;
                    dy = 0;
                } else if (ax <= TAN_22_5 * ay) {
                    dx = 0;
                    dy = 1;
                } else {
                    dx = 1;
                    dy = gx[i] * gy[i] > 0 ? 1 : -1;
                }
                int before = (y - dy) * width + x - dx, after = (y + dy) * width + x + dx;
                peak[i] = mag[i] > mag[before] && mag[i] >= mag[after];
            }
        }
        return peak;
    }

    /** Peaks of at least HIGH, grown through 8-connected peaks of at least LOW. */
    private static boolean[] hysteresis(boolean[] peak, double[] mag, int width, int height) {
        boolean[] edge = new boolean[mag.length];
        int[] stack = new int[mag.length];
        int top = 0;
        for (int i = 0; i < mag.length; i++) {
            if (peak[i] && mag[i] >= HIGH) {
                edge[i] = true;
                stack[top++] = i;
            }
        }
        while (top > 0) {
            int i = stack[--top], x = i % width, y = i / width;
            for (int ny = Math.max(0, y - 1); ny <= Math.min(height - 1, y + 1); ny++) {
                for (int nx = Math.max(0, x - 1); nx <= Math.min(width - 1, x + 1); nx++) {
                    int j = ny * width + nx;
                    if (!edge[j] && peak[j] && mag[j] >= LOW) {
                        edge[j] = true;
                        stack[top++] = j;
                    }
                }
            }
        }
        return edge;
    }
}
