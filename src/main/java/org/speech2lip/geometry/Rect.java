package org.speech2lip.geometry;

/**
 * An axis-aligned pixel rectangle [x, x+w) × [y, y+h) of an image. Maps, depths and images "of a
 * region" are w×h arrays, row-major, whose element (i, j) is image pixel (x + i, y + j).
 */
public record Rect(int x, int y, int w, int h) {

    public Rect {
        if (w <= 0 || h <= 0) throw new IllegalArgumentException("empty rectangle " + w + "x" + h);
    }

    /** The whole image. */
    public static Rect of(int width, int height) {
        return new Rect(0, 0, width, height);
    }

    public boolean contains(double u, double v) {
        return u >= x && u <= x + w && v >= y && v <= y + h;
    }

    /** True when every pixel of this rectangle lies inside a width×height image. */
    public boolean inside(int width, int height) {
        return x >= 0 && y >= 0 && x + w <= width && y + h <= height;
    }

    /** The sub-array of a width-wide row-major map of one value per pixel covering this rectangle. */
    public float[] cut(float[] map, int width) {
        float[] out = new float[w * h];
        for (int j = 0; j < h; j++) System.arraycopy(map, (y + j) * width + x, out, j * w, w);
        return out;
    }
}
