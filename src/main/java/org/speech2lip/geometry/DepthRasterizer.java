package org.speech2lip.geometry;

import java.util.Arrays;

/**
 * Z-buffer scan conversion of a triangle mesh given in camera space.
 *
 * <p>Coverage is tested at pixel centres (i + 0.5, j + 0.5), see the package doc; a pixel takes the
 * nearest covering triangle. Depth is camera-space z, perspective-correct: 1/z is interpolated
 * linearly in the image, which is exact for the plane of each triangle. Pixels that no triangle
 * covers hold {@link Float#NaN} (so "no depth" cannot be mistaken for a far value; test with
 * {@code Float.isNaN}). Both windings are drawn (no back-face culling; the z-buffer resolves
 * folds), and a triangle with a vertex at or behind the camera plane (z ≤ 0) is skipped.
 *
 * <p>{@link #rasterize} also keeps, per pixel, the visible triangle and its perspective-correct
 * barycentric coordinates in a {@link Raster}, so a shaded renderer can interpolate any vertex
 * attribute (texture coordinates, normals, colours) without writing its own scan conversion:
 * <pre>{@code
 * Raster r = DepthRasterizer.rasterize(cam, vertices, triangles, w, h);
 * r.forEachVisible((x, y, tri, b0, b1, b2, z) -> {
 *     int i0 = triangles[3 * tri], i1 = triangles[3 * tri + 1], i2 = triangles[3 * tri + 2];
 *     float u = b0 * uv[2 * i0] + b1 * uv[2 * i1] + b2 * uv[2 * i2];   // and so on
 * });
 * }</pre>
 *
 * <p>A {@link Rect} region of the image is rasterised by the same rule into region-sized arrays
 * (element (i, j) is image pixel (x + i, y + j)); triangles outside it cost only a bounds test.
 */
public final class DepthRasterizer {
    /** Tolerance on barycentric coordinates, so pixel centres on shared edges never fall through a crack. */
    private static final double EDGE_EPS = 1e-7;

    private DepthRasterizer() {}

    /** Depth map (w×h, NaN where uncovered) of camera-space vertices (x, y, z per vertex). */
    public static float[] depth(Camera cam, float[] vertices, int[] triangles, int w, int h) {
        float[] depth = new float[w * h];
        scan(cam, vertices, triangles, w, h, depth, null, null);
        return depth;
    }

    /** Depth map of one region of the image of {@code cam}: region.w × region.h values. */
    public static float[] depth(Camera cam, float[] vertices, int[] triangles, Rect region) {
        return depth(cam.shifted(region.x(), region.y()), vertices, triangles, region.w(), region.h());
    }

    /** Depth, visible triangle and barycentrics of a w×h image. */
    public static Raster rasterize(Camera cam, float[] vertices, int[] triangles, int w, int h) {
        Raster r = new Raster(w, h);
        scan(cam, vertices, triangles, w, h, r.depth, r.triangle, r.bary);
        return r;
    }

    /** The same for a region of the image of {@code cam}. */
    public static Raster rasterize(Camera cam, float[] vertices, int[] triangles, Rect region) {
        return rasterize(cam.shifted(region.x(), region.y()), vertices, triangles, region.w(), region.h());
    }

    /** Fills depth (and, when non-null, triangle ids and barycentrics b1, b2) of a w×h image. */
    static void scan(Camera cam, float[] v, int[] tris, int w, int h, float[] depth, int[] triangle, float[] bary) {
        Arrays.fill(depth, Float.NaN);
        int n = v.length / 3;
        double[] su = new double[n], sv = new double[n], iz = new double[n];
        for (int i = 0; i < n; i++) {
            double z = v[3 * i + 2];
            iz[i] = z > 0 ? 1 / z : Double.NaN;
            su[i] = cam.focal() * v[3 * i] * iz[i] + cam.cx();
            sv[i] = cam.focal() * v[3 * i + 1] * iz[i] + cam.cy();
        }
        for (int t = 0; t < tris.length / 3; t++) {
            int a = tris[3 * t], b = tris[3 * t + 1], c = tris[3 * t + 2];
            if (!(iz[a] > 0 && iz[b] > 0 && iz[c] > 0)) continue;
            double ua = su[a], va = sv[a];
            double ebu = su[b] - ua, ebv = sv[b] - va, ecu = su[c] - ua, ecv = sv[c] - va;
            double area = ebu * ecv - ebv * ecu;
            if (Math.abs(area) < 1e-12) continue;
            int x0 = Math.max(0, (int) Math.ceil(Math.min(ua, Math.min(su[b], su[c])) - 0.5));
            int x1 = Math.min(w - 1, (int) Math.floor(Math.max(ua, Math.max(su[b], su[c])) - 0.5));
            int y0 = Math.max(0, (int) Math.ceil(Math.min(va, Math.min(sv[b], sv[c])) - 0.5));
            int y1 = Math.min(h - 1, (int) Math.floor(Math.max(va, Math.max(sv[b], sv[c])) - 0.5));
            double inv = 1 / area;
            for (int y = y0; y <= y1; y++) {
                double dv = y + 0.5 - va;
                for (int x = x0; x <= x1; x++) {
                    double du = x + 0.5 - ua;
                    double b1 = (du * ecv - dv * ecu) * inv, b2 = (ebu * dv - ebv * du) * inv, b0 = 1 - b1 - b2;
                    if (b0 < -EDGE_EPS || b1 < -EDGE_EPS || b2 < -EDGE_EPS) continue;
                    double invZ = b0 * iz[a] + b1 * iz[b] + b2 * iz[c];
                    float z = (float) (1 / invZ);
                    int p = y * w + x;
                    if (z >= depth[p]) continue;   // false while depth[p] is NaN (empty)
                    depth[p] = z;
                    if (triangle != null) {
                        triangle[p] = t;
                        bary[2 * p] = (float) (b1 * iz[b] / invZ);
                        bary[2 * p + 1] = (float) (b2 * iz[c] / invZ);
                    }
                }
            }
        }
    }
}
