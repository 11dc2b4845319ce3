package org.speech2lip.synth;

import java.util.Arrays;

/**
 * Z-buffered triangle scan conversion that keeps, per pixel, only the nearest triangle and its
 * perspective-correct barycentric weights; colour is computed afterwards, once per visible pixel.
 * Pixel (i, j) is sampled at its centre (i + 0.5, j + 0.5), as in the geometry package.
 */
final class VisibilityBuffer {
    final int width, height;
    final float[] depth;
    /** Part id of the nearest triangle, −1 where nothing was drawn. */
    final int[] part;
    final int[] triangle;
    /** Perspective-correct weights of the triangle's second and third vertex. */
    final float[] w1, w2;

    VisibilityBuffer(int width, int height) {
        this.width = width;
        this.height = height;
        int n = width * height;
        depth = new float[n];
        part = new int[n];
        triangle = new int[n];
        w1 = new float[n];
        w2 = new float[n];
    }

    void clear() {
        Arrays.fill(depth, Float.POSITIVE_INFINITY);
        Arrays.fill(part, -1);
    }

    /**
     * Draws the front-facing triangles (counter-clockwise on screen, y down) of a mesh whose
     * vertices are given as screen (u, v) and camera depth z triples.
     */
    void draw(int partId, float[] screen, int[] tris) {
        for (int t = 0; t < tris.length; t += 3) {
            int a = 3 * tris[t], b = 3 * tris[t + 1], c = 3 * tris[t + 2];
            float ax = screen[a], ay = screen[a + 1], az = screen[a + 2];
            float bx = screen[b], by = screen[b + 1], bz = screen[b + 2];
            float cx = screen[c], cy = screen[c + 1], cz = screen[c + 2];
            if (az <= 0.1f || bz <= 0.1f || cz <= 0.1f) continue;
            float area = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
            if (area >= 0) continue;   // back-facing or degenerate
            int x0 = Math.max(0, (int) Math.floor(Math.min(ax, Math.min(bx, cx)) - 0.5f));
            int x1 = Math.min(width - 1, (int) Math.ceil(Math.max(ax, Math.max(bx, cx)) - 0.5f));
            int y0 = Math.max(0, (int) Math.floor(Math.min(ay, Math.min(by, cy)) - 0.5f));
            int y1 = Math.min(height - 1, (int) Math.ceil(Math.max(ay, Math.max(by, cy)) - 0.5f));
            if (x0 > x1 || y0 > y1) continue;
            // barycentric weights as affine functions of the pixel centre: e = A·px + B·py + C
            float inv = 1 / area;
            float a0 = (by - cy) * inv, b0 = (cx - bx) * inv, c0 = (bx * cy - by * cx) * inv;
            float a1 = (cy - ay) * inv, b1 = (ax - cx) * inv, c1 = (cx * ay - cy * ax) * inv;
            float iaz = 1 / az, ibz = 1 / bz, icz = 1 / cz;
            for (int y = y0; y <= y1; y++) {
                float py = y + 0.5f;
                int row = y * width;
                for (int x = x0; x <= x1; x++) {
                    float px = x + 0.5f;
                    float e0 = a0 * px + b0 * py + c0, e1 = a1 * px + b1 * py + c1, e2 = 1 - e0 - e1;
                    if (e0 < 0 || e1 < 0 || e2 < 0) continue;
                    float q0 = e0 * iaz, q1 = e1 * ibz, q2 = e2 * icz, q = q0 + q1 + q2;
                    float z = 1 / q;
                    int p = row + x;
                    if (z >= depth[p]) continue;
                    depth[p] = z;
                    part[p] = partId;
                    triangle[p] = t / 3;
                    w1[p] = q1 * z;
                    w2[p] = q2 * z;
                }
            }
        }
    }
}
