package org.speech2lip.eval;

import org.speech2lip.geometry.Rect;
import org.speech2lip.media.RgbImage;

/**
 * Cumulative probability of blur detection (CPBD, Narvekar and Karam, IEEE TIP 2011): a
 * no-reference sharpness score in [0, 1], higher = sharper, the share of a region's edges whose
 * blur an observer would probably not notice.
 *
 * <p>Definition, on the region alone (its border is the image border):
 * <ol>
 *   <li>Grey: 8-bit BT.601 luma Y = round((299 R + 587 G + 114 B) / 1000), halves rounded up.</li>
 *   <li>Edges: {@link CannyEdges} of Y (σ = 1, hysteresis at 2 and 4 grey levels per pixel). The
 *       reference code finds blocks with Canny but measures widths at thresholded vertical Sobel
 *       edges; here one edge set serves both, because the reference's relative Sobel threshold
 *       (gx² above 4 × its mean) loses every edge of an image whose ramps cover more than a quarter
 *       of the pixels, so strong blur would score by missing edges rather than by their width.</li>
 *   <li>Blocks: the region is cut into 64 × 64 blocks from its top-left corner (the partial blocks
 *       at the right and bottom are ignored). A block counts when more than 0.2 % of its pixels
 *       (9 or more of 4096) are edges. Its contrast is max Y − min Y over the block, and its
 *       just-noticeable-blur width w_JNB is 5 pixels for contrast ≤ 50, else 3.</li>
 *   <li>Widths: only edge pixels whose gradient lies within 22.5° of horizontal are measured. From
 *       the edge pixel the row of Y is followed left and right while it keeps rising (falling)
 *       strictly in the direction of the gradient; the width w is the distance in pixels between the
 *       two ends, the local extrema on either side (1 for an ideal step, k for a linear ramp over k
 *       pixels). A width of 0 (no monotone transition through the pixel) is not an edge.</li>
 *   <li>Score: each measured edge of a counted block has probability of blur detection
 *       P = 1 − exp(−(w / w_JNB)^3.6), and CPBD is the fraction of them with P ≤ P_JNB, where P_JNB
 *       = 1 − e⁻¹ ≈ 63 % is P at w = w_JNB. Since P grows with w, that is the fraction with
 *       w ≤ w_JNB, which is how it is counted (no rounding of P to a histogram bin is needed).</li>
 * </ol>
 * NaN when no edge is measured in a counted block: no block counts (a flat region, or a region
 * smaller than 64 × 64), or the counted blocks' edges all have gradients more than 22.5° from
 * horizontal (horizontal or diagonal lines only). {@code docs/metrics.md} lists the differences from
 * the reference code.
 */
public final class Cpbd {
    static final int BLOCK = 64;
    static final double EDGE_FRACTION = 0.002;
    static final int CONTRAST_LIMIT = 50, JNB_LOW_CONTRAST = 5, JNB_HIGH_CONTRAST = 3;

    private Cpbd() {
    }

    /** CPBD of the image's region (inside the image), in [0, 1], or NaN as described above. */
    public static double cpbd(RgbImage image, Rect region) {
        Regions.requireInside(image, region);
        int w = region.w(), h = region.h();
        int[] grey = luma(image, region);
        CannyEdges edges = CannyEdges.of(grey, w, h);
        long measured = 0, sharp = 0;
        for (int by = 0; by + BLOCK <= h; by += BLOCK) {
            for (int bx = 0; bx + BLOCK <= w; bx += BLOCK) {
                if (edgeCount(edges, bx, by, w) <= EDGE_FRACTION * BLOCK * BLOCK) continue;
                int jnb = contrast(grey, bx, by, w) <= CONTRAST_LIMIT ? JNB_LOW_CONTRAST : JNB_HIGH_CONTRAST;
                for (int y = by; y < by + BLOCK; y++) {
                    for (int x = bx; x < bx + BLOCK; x++) {
                        int i = y * w + x;
                        if (!edges.edge[i] || !edges.horizontal(i)) continue;
                        int width = width(grey, w, x, y, edges.gx[i] > 0);
                        if (width == 0) continue;
                        measured++;
                        if (width <= jnb) sharp++;
                    }
                }
            }
        }
        return measured == 0 ? Double.NaN : (double) sharp / measured;
    }

    private static int[] luma(RgbImage image, Rect region) {
        int[] grey = new int[region.w() * region.h()];
        for (int y = 0; y < region.h(); y++) {
            for (int x = 0; x < region.w(); x++) {
                int sx = region.x() + x, sy = region.y() + y;
                grey[y * region.w() + x] = (299 * image.get(sx, sy, 0) + 587 * image.get(sx, sy, 1) + 114 * image.get(sx, sy, 2) + 500) / 1000;
            }
        }
        return grey;
    }

    private static int edgeCount(CannyEdges edges, int bx, int by, int w) {
        int count = 0;
        for (int y = by; y < by + BLOCK; y++) {
            for (int x = bx; x < bx + BLOCK; x++) {
                if (edges.edge[y * w + x]) count++;
            }
        }
        return count;
    }

    private static int contrast(int[] grey, int bx, int by, int w) {
        int min = 255, max = 0;
        for (int y = by; y < by + BLOCK; y++) {
            for (int x = bx; x < bx + BLOCK; x++) {
                min = Math.min(min, grey[y * w + x]);
                max = Math.max(max, grey[y * w + x]);
            }
        }
        return max - min;
    }

    /** Distance between the ends of the strictly monotone stretch of row y through x (rising to the right when asked). */
    static int width(int[] grey, int w, int x, int y, boolean rising) {
        int row = y * w, sign = rising ? 1 : -1;
        int left = x;
        while (left > 0 && sign * (grey[row + left] - grey[row + left - 1]) > 0) left--;
        int right = x;
        while (right < w - 1 && sign * (grey[row + right + 1] - grey[row + right]) > 0) right++;
        return right - left;
    }
}
