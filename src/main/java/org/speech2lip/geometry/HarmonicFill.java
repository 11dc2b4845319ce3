package org.speech2lip.geometry;

/**
 * Fills the NaN pixels of a map with the smoothest surface that meets the known pixels: a solution of
 * Laplace's equation (each filled pixel the mean of its four neighbours; the image border is a
 * mirror). Solved coarse to fine: the known values are averaged down a pyramid until every pixel is
 * known, and each finer level starts from the upsampled coarser one and relaxes by Gauss–Seidel
 * sweeps, so distant holes converge in a few sweeps per level.
 */
final class HarmonicFill {
    private static final int SWEEPS = 10;

    private HarmonicFill() {}

    static float[] fill(float[] map, int w, int h) {
        float[] v = map.clone();
        boolean[] known = new boolean[w * h];
        boolean any = false;
        for (int p = 0; p < v.length; p++) {
            known[p] = !Float.isNaN(v[p]);
            any |= known[p];
        }
        if (!any) throw new IllegalArgumentException("nothing to fill from: the map has no value");
        solve(v, known, w, h);
        return v;
    }

    /** Fills the unknown pixels of v in place. */
    private static void solve(float[] v, boolean[] known, int w, int h) {
        boolean complete = true;
        for (boolean k : known) complete &= k;
        if (complete) return;
        int cw = (w + 1) / 2, ch = (h + 1) / 2;
        float[] cv = new float[cw * ch];
        boolean[] ck = new boolean[cw * ch];
        for (int y = 0; y < ch; y++) {
            for (int x = 0; x < cw; x++) {
                double sum = 0;
                int count = 0;
                for (int dy = 0; dy < 2; dy++) {
                    for (int dx = 0; dx < 2; dx++) {
                        int fx = 2 * x + dx, fy = 2 * y + dy;
                        if (fx < w && fy < h && known[fy * w + fx]) {
                            sum += v[fy * w + fx];
                            count++;
                        }
                    }
                }
                ck[y * cw + x] = count > 0;
                cv[y * cw + x] = count > 0 ? (float) (sum / count) : Float.NaN;
            }
        }
        solve(cv, ck, cw, ch);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (!known[y * w + x]) v[y * w + x] = bilinear(cv, cw, ch, (x + 0.5) / 2 - 0.5, (y + 0.5) / 2 - 0.5);
            }
        }
        for (int s = 0; s < SWEEPS; s++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = y * w + x;
                    if (known[p]) continue;
                    // mirror border: a missing neighbour is replaced by the opposite one
                    float l = x > 0 ? v[p - 1] : v[p + (w > 1 ? 1 : 0)];
                    float r = x < w - 1 ? v[p + 1] : v[p - (w > 1 ? 1 : 0)];
                    float u = y > 0 ? v[p - w] : v[p + (h > 1 ? w : 0)];
                    float d = y < h - 1 ? v[p + w] : v[p - (h > 1 ? w : 0)];
                    v[p] = (l + r + u + d) / 4;
                }
            }
        }
    }

    /** Bilinear interpolation at array coordinates (x, y), clamped to the edge. */
    private static float bilinear(float[] v, int w, int h, double x, double y) {
        x = Math.max(0, Math.min(w - 1, x));
        y = Math.max(0, Math.min(h - 1, y));
        int x0 = (int) x, y0 = (int) y, x1 = Math.min(x0 + 1, w - 1), y1 = Math.min(y0 + 1, h - 1);
        double fx = x - x0, fy = y - y0;
        double top = v[y0 * w + x0] * (1 - fx) + v[y0 * w + x1] * fx;
        double bottom = v[y1 * w + x0] * (1 - fx) + v[y1 * w + x1] * fx;
        return (float) (top * (1 - fy) + bottom * fy);
    }
}
