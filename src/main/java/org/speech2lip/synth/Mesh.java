package org.speech2lip.synth;

/**
 * An indexed triangle mesh: vertices as (x, y, z) triples, triangles wound so that
 * (b − a) × (c − a) points out of the surface, as in the canonical face mesh.
 */
record Mesh(float[] vertices, int[] triangles) {

    int vertexCount() {
        return vertices.length / 3;
    }

    /** An ellipsoid around (cx, cy, cz) with radii (rx, ry, rz), poles on the y axis. */
    static Mesh ellipsoid(double cx, double cy, double cz, double rx, double ry, double rz, int rings, int segments) {
        float[] v = new float[((rings + 1) * (segments + 1)) * 3];
        int k = 0;
        for (int i = 0; i <= rings; i++) {
            double phi = Math.PI * i / rings;
            for (int j = 0; j <= segments; j++) {
                double th = 2 * Math.PI * j / segments;
                v[k++] = (float) (cx + rx * Math.sin(phi) * Math.cos(th));
                v[k++] = (float) (cy - ry * Math.cos(phi));
                v[k++] = (float) (cz + rz * Math.sin(phi) * Math.sin(th));
            }
        }
        return new Mesh(v, grid(rings, segments)).outwardFrom(cx, cy, cz, false, 0);
    }

    /** An open elliptic tube along y from y0 to y1 around the axis (cx, ·, cz). */
    static Mesh tube(double cx, double cz, double rx, double rz, double y0, double y1, int rings, int segments) {
        float[] v = new float[((rings + 1) * (segments + 1)) * 3];
        int k = 0;
        for (int i = 0; i <= rings; i++) {
            double y = y0 + (y1 - y0) * i / rings;
            for (int j = 0; j <= segments; j++) {
                double th = 2 * Math.PI * j / segments;
                v[k++] = (float) (cx + rx * Math.cos(th));
                v[k++] = (float) y;
                v[k++] = (float) (cz + rz * Math.sin(th));
            }
        }
        return new Mesh(v, grid(rings, segments)).outwardFrom(cx, 0, cz, true, 0);
    }

    /** One mesh holding all the given ones. */
    static Mesh concat(Mesh... parts) {
        int nv = 0, nt = 0;
        for (Mesh p : parts) {
            nv += p.vertices.length;
            nt += p.triangles.length;
        }
        float[] v = new float[nv];
        int[] t = new int[nt];
        int ov = 0, ot = 0;
        for (Mesh p : parts) {
            System.arraycopy(p.vertices, 0, v, ov, p.vertices.length);
            for (int i = 0; i < p.triangles.length; i++) t[ot + i] = p.triangles[i] + ov / 3;
            ov += p.vertices.length;
            ot += p.triangles.length;
        }
        return new Mesh(v, t);
    }

    private static int[] grid(int rings, int segments) {
        int[] t = new int[rings * segments * 6];
        int k = 0;
        for (int i = 0; i < rings; i++) {
            for (int j = 0; j < segments; j++) {
                int a = i * (segments + 1) + j, b = a + 1, c = a + segments + 1, d = c + 1;
                t[k++] = a;
                t[k++] = b;
                t[k++] = d;
                t[k++] = a;
                t[k++] = d;
                t[k++] = c;
            }
        }
        return t;
    }

    /**
     * Rewinds every triangle whose normal points toward (cx, cy, cz) — toward the axis through it
     * parallel to y when {@code axial} — so a star-shaped solid is wound outward. Triangles before
     * {@code first} are left as they are.
     */
    Mesh outwardFrom(double cx, double cy, double cz, boolean axial, int first) {
        int[] t = triangles.clone();
        float[] v = vertices;
        for (int i = 3 * first; i < t.length; i += 3) {
            int a = 3 * t[i], b = 3 * t[i + 1], c = 3 * t[i + 2];
            double ux = v[b] - v[a], uy = v[b + 1] - v[a + 1], uz = v[b + 2] - v[a + 2];
            double wx = v[c] - v[a], wy = v[c + 1] - v[a + 1], wz = v[c + 2] - v[a + 2];
            double nx = uy * wz - uz * wy, ny = uz * wx - ux * wz, nz = ux * wy - uy * wx;
            double ox = (v[a] + v[b] + v[c]) / 3 - cx, oy = axial ? 0 : (v[a + 1] + v[b + 1] + v[c + 1]) / 3 - cy,
                    oz = (v[a + 2] + v[b + 2] + v[c + 2]) / 3 - cz;
            if (nx * ox + ny * oy + nz * oz < 0) {
                int s = t[i + 1];
                t[i + 1] = t[i + 2];
                t[i + 2] = s;
            }
        }
        return new Mesh(vertices, t);
    }

    /** Area-weighted unit vertex normals of this topology at the given vertex positions. */
    static void normals(float[] v, int[] t, float[] out) {
        java.util.Arrays.fill(out, 0);
        for (int i = 0; i < t.length; i += 3) {
            int a = 3 * t[i], b = 3 * t[i + 1], c = 3 * t[i + 2];
            float ux = v[b] - v[a], uy = v[b + 1] - v[a + 1], uz = v[b + 2] - v[a + 2];
            float wx = v[c] - v[a], wy = v[c + 1] - v[a + 1], wz = v[c + 2] - v[a + 2];
            float nx = uy * wz - uz * wy, ny = uz * wx - ux * wz, nz = ux * wy - uy * wx;
            for (int p : new int[] {a, b, c}) {
                out[p] += nx;
                out[p + 1] += ny;
                out[p + 2] += nz;
            }
        }
        for (int p = 0; p < out.length; p += 3) {
            float len = (float) Math.sqrt(out[p] * out[p] + out[p + 1] * out[p + 1] + out[p + 2] * out[p + 2]);
            if (len > 0) {
                out[p] /= len;
                out[p + 1] /= len;
                out[p + 2] /= len;
            }
        }
    }
}
