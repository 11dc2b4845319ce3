package org.speech2lip.geometry;

import org.speech2lip.UserError;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * MediaPipe's canonical face mesh (468 vertices, 898 triangles, texture coordinates) and its
 * Procrustes landmark weights, read from {@code geometry_pipeline_metadata_landmarks.binarypb}.
 *
 * <p>Vertices are converted to head-model coordinates (x right, y down, z into the face; cm), see
 * the package doc: MediaPipe's metric space has y up and z toward the viewer, so y and z are negated,
 * which is a proper rotation and keeps triangle winding.
 */
public final class CanonicalFaceModel {
    public static final int VERTICES = 468;

    /** Outer lip contour, clockwise from the left mouth corner (MediaPipe indices). */
    public static final int[] LIPS_OUTER = {61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291, 375, 321, 405, 314, 17, 84, 181, 91, 146};
    /** Inner lip contour, clockwise from the left mouth corner. */
    public static final int[] LIPS_INNER = {78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308, 324, 318, 402, 317, 14, 87, 178, 88, 95};
    /** Inner-lip midpoints, upper and lower: their distance is the mouth opening. */
    public static final int UPPER_LIP_INNER = 13, LOWER_LIP_INNER = 14;
    public static final int MOUTH_LEFT = 61, MOUTH_RIGHT = 291;
    /** Eye corners, outer then inner, subject's right eye then left eye (image left to right). */
    public static final int[] EYE_CORNERS = {33, 133, 362, 263};
    /** The most protruding point of the nose. */
    public static final int NOSE_TIP = 4;
    /**
     * Points that do not move when a person speaks: forehead, nose bridge and tip, eye corners,
     * upper cheeks and temples. Head pose is fitted to these only, so lips and jaw never move it.
     */
    public static final int[] SPEECH_INSENSITIVE = {
        10, 151, 9, 8, 109, 338, 67, 297, 108, 337, 54, 284,   // forehead
        168, 6, 197, 195, 5, 4, 1, 98, 327,                  // nose
        33, 133, 362, 263, 130, 359, 243, 463,               // eye corners
        116, 345, 117, 346, 118, 347, 119, 348, 120, 349,    // upper cheeks
        234, 454, 127, 356, 93, 323, 143, 372, 21, 251       // temples and cheek sides
    };

    private final float[] vertices;   // 468 × (x, y, z), head-model coordinates, cm
    private final float[] uv;         // 468 × (u, v), texture coordinates, v down
    private final int[] triangles;    // 898 × 3 vertex indices
    private final int[] procrustesIds;
    private final float[] procrustesWeights;

    private CanonicalFaceModel(float[] vertices, float[] uv, int[] triangles, int[] ids, float[] weights) {
        this.vertices = vertices;
        this.uv = uv;
        this.triangles = triangles;
        this.procrustesIds = ids;
        this.procrustesWeights = weights;
    }

    public static CanonicalFaceModel load(Path binarypb) {
        try {
            return parse(Files.readAllBytes(binarypb));
        } catch (IOException | RuntimeException e) {
            throw new UserError("Cannot read the face geometry file " + binarypb
                    + ": delete it and run ./speech2lip models to fetch it again", e);
        }
    }

    /** The number of triangles (898). */
    public int triangleCount() {
        return triangles.length / 3;
    }

    /** A copy of the vertices, 468 × (x, y, z) in head-model coordinates (cm). */
    public float[] vertices() {
        return vertices.clone();
    }

    public double[] vertex(int i) {
        return new double[] {vertices[3 * i], vertices[3 * i + 1], vertices[3 * i + 2]};
    }

    /** A copy of the texture coordinates, 468 × (u, v), both in [0, 1], v growing downward. */
    public float[] uv() {
        return uv.clone();
    }

    /** A copy of the triangle list, 898 × 3 vertex indices, counter-clockwise seen from the camera. */
    public int[] triangles() {
        return triangles.clone();
    }

    public int[] procrustesIds() {
        return procrustesIds.clone();
    }

    public float[] procrustesWeights() {
        return procrustesWeights.clone();
    }

    // --- protobuf decoding: GeometryPipelineMetadata { Mesh3d canonical_mesh = 1; repeated WeightedLandmarkRef = 2 } ---

    private static CanonicalFaceModel parse(byte[] b) {
        Reader top = new Reader(ByteBuffer.wrap(b));
        List<float[]> refs = new ArrayList<>();
        float[] vbuf = null;
        int[] ibuf = null;
        while (top.more()) {
            int key = top.varint();
            int field = key >>> 3;
            if (field == 1 && (key & 7) == 2) {
                Reader mesh = top.sub();
                List<Float> fv = new ArrayList<>();
                List<Integer> iv = new ArrayList<>();
                while (mesh.more()) {
                    int k = mesh.varint();
                    int f = k >>> 3, w = k & 7;
                    if (f == 3 && w == 5) fv.add(mesh.float32());
                    else if (f == 3 && w == 2) { Reader p = mesh.sub(); while (p.more()) fv.add(p.float32()); }
                    else if (f == 4 && w == 0) iv.add(mesh.varint());
                    else if (f == 4 && w == 2) { Reader p = mesh.sub(); while (p.more()) iv.add(p.varint()); }
                    else mesh.skip(w);
                }
                vbuf = new float[fv.size()];
                for (int i = 0; i < vbuf.length; i++) vbuf[i] = fv.get(i);
                ibuf = iv.stream().mapToInt(Integer::intValue).toArray();
            } else if (field == 2 && (key & 7) == 2) {
                Reader ref = top.sub();
                float id = 0, weight = 0;
                while (ref.more()) {
                    int k = ref.varint();
                    if (k >>> 3 == 1 && (k & 7) == 0) id = ref.varint();
                    else if (k >>> 3 == 2 && (k & 7) == 5) weight = ref.float32();
                    else ref.skip(k & 7);
                }
                refs.add(new float[] {id, weight});
            } else {
                top.skip(key & 7);
            }
        }
        if (vbuf == null || vbuf.length != VERTICES * 5 || ibuf.length % 3 != 0) {
            throw new IllegalArgumentException("unexpected canonical mesh layout");
        }
        float[] xyz = new float[VERTICES * 3];
        float[] uv = new float[VERTICES * 2];
        for (int i = 0; i < VERTICES; i++) {
            xyz[3 * i] = vbuf[5 * i];
            xyz[3 * i + 1] = -vbuf[5 * i + 1];
            xyz[3 * i + 2] = -vbuf[5 * i + 2];
            uv[2 * i] = vbuf[5 * i + 3];
            uv[2 * i + 1] = 1 - vbuf[5 * i + 4];
        }
        int[] ids = new int[refs.size()];
        float[] weights = new float[refs.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (int) refs.get(i)[0];
            weights[i] = refs.get(i)[1];
        }
        return new CanonicalFaceModel(xyz, uv, ibuf, ids, weights);
    }

    private static final class Reader {
        private final ByteBuffer buf;

        Reader(ByteBuffer buf) {
            this.buf = buf.order(ByteOrder.LITTLE_ENDIAN);
        }

        boolean more() {
            return buf.hasRemaining();
        }

        int varint() {
            long r = 0;
            for (int s = 0; ; s += 7) {
                byte c = buf.get();
                r |= (long) (c & 0x7f) << s;
                if (c >= 0) return (int) r;
            }
        }

        float float32() {
            return buf.getFloat();
        }

        Reader sub() {
            int len = varint();
            ByteBuffer slice = buf.slice(buf.position(), len);
            buf.position(buf.position() + len);
            return new Reader(slice);
        }

        void skip(int wireType) {
            switch (wireType) {
                case 0 -> varint();
                case 1 -> buf.position(buf.position() + 8);
                case 2 -> sub();
                case 5 -> buf.position(buf.position() + 4);
                default -> throw new IllegalArgumentException("bad protobuf wire type " + wireType);
            }
        }
    }
}
