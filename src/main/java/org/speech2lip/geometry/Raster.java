package org.speech2lip.geometry;

import java.util.Arrays;

/**
 * The visible surface of a rasterised mesh, per pixel: depth (camera z, NaN where uncovered), the
 * nearest triangle's index (-1 where uncovered) and its perspective-correct barycentric coordinates
 * (b1, b2 stored; b0 = 1 − b1 − b2) at the pixel centre. Made by {@link DepthRasterizer#rasterize}.
 */
public final class Raster {
    /** One visible pixel: (x, y) in the rasterised image or region, its triangle, barycentrics and depth. */
    @FunctionalInterface
    public interface Fragment {
        void accept(int x, int y, int triangle, float b0, float b1, float b2, float depth);
    }

    public final int width;
    public final int height;
    public final float[] depth;
    public final int[] triangle;
    /** Two values per pixel: the barycentric weights of the triangle's second and third vertices. */
    public final float[] bary;

    Raster(int width, int height) {
        this.width = width;
        this.height = height;
        this.depth = new float[width * height];
        this.triangle = new int[width * height];
        this.bary = new float[2 * width * height];
        Arrays.fill(triangle, -1);
    }

    /** Calls {@code f} for every covered pixel, row by row. */
    public void forEachVisible(Fragment f) {
        for (int y = 0, p = 0; y < height; y++) {
            for (int x = 0; x < width; x++, p++) {
                int t = triangle[p];
                if (t < 0) continue;
                float b1 = bary[2 * p], b2 = bary[2 * p + 1];
                f.accept(x, y, t, 1 - b1 - b2, b1, b2, depth[p]);
            }
        }
    }
}
