package org.speech2lip.synth;

import org.speech2lip.face.ModelStore;
import org.speech2lip.geometry.CanonicalFaceModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rest geometry of the synthetic head, in head-model coordinates (cm):
 * <ul>
 *   <li>{@code head}: the canonical face mesh (with its mouth opening cut out) closed into a whole
 *       head by sweeping its outer boundary back to a pole behind the skull, so face and scalp
 *       share vertices and shade without a seam; the first {@link #faceTriangles} triangles are
 *       the face's;</li>
 *   <li>{@code cavity}: the inside of the mouth, seen through the lips when they part;</li>
 *   <li>{@code ears}, and {@code body} (neck and shoulders, in body coordinates).</li>
 * </ul>
 */
final class HeadModel {
    /** Centre the boundary is swept around, and the distance of the back of the head from it. */
    private static final double[] CENTRE = {0, -1.5, 3.0};
    private static final double BACK = 9.0;
    private static final int SWEEP_RINGS = 10;

    final Mesh head, cavity, ears, body;
    final int faceTriangles;
    /** The body's first triangles are the neck's (skin), the rest the shirt's. */
    final int neckTriangles;
    /** Mouth rigs of the head and cavity meshes (same vertex order). */
    final MouthRig headRig, cavityRig;
    /** Per head vertex: ambient occlusion factor, darker in creases. */
    final float[] occlusion;

    private static HeadModel cached;

    static synchronized HeadModel standard() {
        if (cached == null) {
            cached = new HeadModel(CanonicalFaceModel.load(ModelStore.standard().path(ModelStore.Model.FACE_GEOMETRY)));
        }
        return cached;
    }

    private HeadModel(CanonicalFaceModel model) {
        float[] face = model.vertices();
        int[] faceTris = withoutMouthInterior(model.triangles());
        faceTriangles = faceTris.length / 3;
        MouthRig faceRig = MouthRig.face(face, faceTris);

        int[] ring = boundaryLoop(faceTris);
        int n = CanonicalFaceModel.VERTICES, m = ring.length;
        float[] v = Arrays.copyOf(face, (n + m * (SWEEP_RINGS - 1) + 1) * 3);
        float[] jaw = Arrays.copyOf(faceRig.jaw(), v.length / 3);
        for (int k = 1; k < SWEEP_RINGS; k++) {
            double s = (double) k / SWEEP_RINGS;
            for (int j = 0; j < m; j++) {
                int id = n + (k - 1) * m + j;
                sweep(face, ring[j], s, v, id);
                jaw[id] = (float) (faceRig.jaw()[ring[j]] * (1 - s) * (1 - s));
            }
        }
        int pole = v.length / 3 - 1;
        v[3 * pole] = (float) CENTRE[0];
        v[3 * pole + 1] = (float) CENTRE[1];
        v[3 * pole + 2] = (float) (CENTRE[2] + BACK);
        int[] t = Arrays.copyOf(faceTris, faceTris.length + m * (2 * SWEEP_RINGS - 1) * 3);
        int k3 = faceTris.length;
        for (int k = 0; k < SWEEP_RINGS - 1; k++) {
            for (int j = 0; j < m; j++) {
                int a = k == 0 ? ring[j] : n + (k - 1) * m + j, b = k == 0 ? ring[(j + 1) % m] : n + (k - 1) * m + (j + 1) % m;
                int c = n + k * m + (j + 1) % m, d = n + k * m + j;
                t[k3++] = a; t[k3++] = c; t[k3++] = b;
                t[k3++] = a; t[k3++] = d; t[k3++] = c;
            }
        }
        for (int j = 0; j < m; j++) {
            t[k3++] = n + (SWEEP_RINGS - 2) * m + j;
            t[k3++] = pole;
            t[k3++] = n + (SWEEP_RINGS - 2) * m + (j + 1) % m;
        }
        head = new Mesh(v, t).outwardFrom(CENTRE[0], CENTRE[1], CENTRE[2], false, faceTriangles);
        headRig = new MouthRig(Arrays.copyOf(faceRig.closeDy(), jaw.length), jaw, Arrays.copyOf(faceRig.round(), jaw.length));
        occlusion = occlusion(head, n);

        cavity = Mesh.ellipsoid(0, 4.6, -2.3, 2.4, 1.7, 2.3, 12, 24);
        float[] cj = new float[cavity.vertexCount()];
        for (int i = 0; i < cj.length; i++) cj[i] = (float) Ramp.smoothstep(4.1, 4.9, cavity.vertices()[3 * i + 1]);
        cavityRig = new MouthRig(new float[cj.length], cj, new float[cj.length]);

        ears = Mesh.concat(ear(-1), ear(1));
        Mesh neck = Mesh.tube(0, 3.8, 5.2, 5.0, 3.0, 22, 8, 32);
        neckTriangles = neck.triangles().length / 3;
        body = Mesh.concat(neck, Mesh.ellipsoid(0, 23.5, 5, 19, 8, 10, 16, 40));
    }

    /** Drops the triangles that fill the mouth opening (all three corners on the inner lip contour). */
    private static int[] withoutMouthInterior(int[] tris) {
        boolean[] inner = innerLip();
        int[] out = new int[tris.length];
        int k = 0;
        for (int i = 0; i < tris.length; i += 3) {
            if (inner[tris[i]] && inner[tris[i + 1]] && inner[tris[i + 2]]) continue;
            out[k++] = tris[i];
            out[k++] = tris[i + 1];
            out[k++] = tris[i + 2];
        }
        return Arrays.copyOf(out, k);
    }

    private static boolean[] innerLip() {
        boolean[] inner = new boolean[CanonicalFaceModel.VERTICES];
        for (int i : CanonicalFaceModel.LIPS_INNER) inner[i] = true;
        return inner;
    }

    /** The face's outer boundary as one ordered loop (its edges belong to a single triangle, mouth excluded). */
    private static int[] boundaryLoop(int[] tris) {
        Map<Long, Integer> count = new HashMap<>();
        for (int i = 0; i < tris.length; i += 3) {
            for (int j = 0; j < 3; j++) {
                int a = tris[i + j], b = tris[i + (j + 1) % 3];
                count.merge(Math.min(a, b) * 100_000L + Math.max(a, b), 1, Integer::sum);
            }
        }
        boolean[] inner = innerLip();
        Map<Integer, Integer> next = new HashMap<>();
        for (int i = 0; i < tris.length; i += 3) {
            for (int j = 0; j < 3; j++) {
                int a = tris[i + j], b = tris[i + (j + 1) % 3];
                if (count.get(Math.min(a, b) * 100_000L + Math.max(a, b)) == 1 && !(inner[a] && inner[b])) next.put(a, b);
            }
        }
        List<Integer> loop = new ArrayList<>();
        int start = next.keySet().iterator().next(), cur = start;
        do {
            loop.add(cur);
            cur = next.get(cur);
        } while (cur != start);
        if (loop.size() != next.size()) throw new IllegalStateException("face boundary is not one loop");
        return loop.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Places the point that is fraction s of the way from boundary vertex b to the back pole: its
     * direction from the centre turns along a great circle, its distance eases toward the back's,
     * bulging a little over the cranium and tucking in under the jaw.
     */
    private static void sweep(float[] face, int b, double s, float[] out, int id) {
        double dx = face[3 * b] - CENTRE[0], dy = face[3 * b + 1] - CENTRE[1], dz = face[3 * b + 2] - CENTRE[2];
        double r0 = Math.sqrt(dx * dx + dy * dy + dz * dz);
        double ux = dx / r0, uy = dy / r0, uz = dz / r0;
        double omega = Math.acos(Math.max(-1, Math.min(1, uz)));
        double a = Math.sin((1 - s) * omega) / Math.sin(omega), c = Math.sin(s * omega) / Math.sin(omega);
        double px = a * ux, py = a * uy, pz = a * uz + c;
        double ease = s * s * (3 - 2 * s);
        double bulge = uy < 0 ? 1.6 - 1.5 * uy : -2.5 * uy;
        double r = r0 + (BACK - r0) * ease + bulge * Math.sin(Math.PI * s);
        double x = CENTRE[0] + r * px, y = CENTRE[1] + r * py, z = CENTRE[2] + r * pz;
        r += 1.2 * Ramp.smoothstep(0, 2, Appearance.hairline(x, z) - y);   // the hair's own thickness
        out[3 * id] = (float) (CENTRE[0] + r * px);
        out[3 * id + 1] = (float) (CENTRE[1] + r * py);
        out[3 * id + 2] = (float) (CENTRE[2] + r * pz);
    }

    /** A flattened ellipsoid on side (−1 right, +1 left) of the head, tilted back. */
    private static Mesh ear(int side) {
        Mesh e = Mesh.ellipsoid(0, 0, 0, 0.7, 3.0, 1.7, 10, 16);
        float[] v = e.vertices().clone();
        double tilt = Math.toRadians(15), c = Math.cos(tilt), s = Math.sin(tilt);
        for (int i = 0; i < v.length; i += 3) {
            double y = v[i + 1], z = v[i + 2];
            v[i] = (float) (v[i] + side * 7.7);
            v[i + 1] = (float) (c * y - s * z - 0.8);
            v[i + 2] = (float) (s * y + c * z + 4.6);
        }
        return new Mesh(v, e.triangles());
    }

    /**
     * Soft darkening in creases: a face vertex lying behind the mean of its neighbours (along its
     * normal) sits in a hollow — eye sockets, nose wings, lip corners — and gets less ambient light.
     * Under the jaw the head is shadowed too.
     */
    private static float[] occlusion(Mesh mesh, int faceVertices) {
        float[] v = mesh.vertices();
        int n = mesh.vertexCount();
        float[] nrm = new float[v.length];
        Mesh.normals(v, mesh.triangles(), nrm);
        double[] mean = new double[v.length];
        int[] cnt = new int[n];
        int[] t = mesh.triangles();
        for (int i = 0; i < t.length; i += 3) {
            for (int j = 0; j < 3; j++) {
                int a = t[i + j], b = t[i + (j + 1) % 3];
                for (int k = 0; k < 3; k++) {
                    mean[3 * a + k] += v[3 * b + k];
                    mean[3 * b + k] += v[3 * a + k];
                }
                cnt[a]++;
                cnt[b]++;
            }
        }
        float[] ao = new float[n];
        for (int i = 0; i < n; i++) {
            double depth = 0;
            for (int k = 0; k < 3; k++) depth += (mean[3 * i + k] / cnt[i] - v[3 * i + k]) * nrm[3 * i + k];
            ao[i] = i < faceVertices ? (float) Math.max(0.55, Math.min(1, 1 - 1.6 * depth))
                    : (float) (1 - 0.45 * Ramp.smoothstep(6, 9, v[3 * i + 1]));   // under the jaw
        }
        return ao;
    }
}
