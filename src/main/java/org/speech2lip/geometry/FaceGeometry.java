package org.speech2lip.geometry;

/**
 * The per-frame face mesh: the canonical topology, posed by the frame's head pose and bent onto the
 * frame's landmarks. Vertex i lies on the camera ray through landmark i at the depth of posed
 * canonical vertex i, so the mesh projects exactly onto the landmarks (lips and jaw included) while
 * its depth comes from the rigid model. Rasterised, it gives the frame's face depth map.
 * Immutable and thread-safe.
 */
public final class FaceGeometry {
    private final float[] canonical;
    private final int[] triangles;

    public FaceGeometry(CanonicalFaceModel model) {
        this.canonical = model.vertices();
        this.triangles = model.triangles();
    }

    /** A copy of the mesh's triangle list (898 × 3 vertex indices). */
    public int[] triangles() {
        return triangles.clone();
    }

    /** The canonical model moved by {@code pose} into camera space, 468 × (x, y, z). */
    public float[] rigidVertices(Pose pose) {
        double[] r = pose.r(), t = pose.t();
        float[] out = new float[canonical.length];
        for (int i = 0; i < canonical.length; i += 3) {
            double x = canonical[i], y = canonical[i + 1], z = canonical[i + 2];
            out[i] = (float) (r[0] * x + r[1] * y + r[2] * z + t[0]);
            out[i + 1] = (float) (r[3] * x + r[4] * y + r[5] * z + t[1]);
            out[i + 2] = (float) (r[6] * x + r[7] * y + r[8] * z + t[2]);
        }
        return out;
    }

    /** The frame's mesh in camera space: each landmark's ray at the posed canonical vertex's depth. */
    public float[] cameraVertices(Camera cam, Pose pose, float[] landmarks) {
        float[] out = rigidVertices(pose);
        for (int i = 0; i < out.length; i += 3) {
            double z = out[i + 2];
            out[i] = (float) ((landmarks[i] - cam.cx()) * z / cam.focal());
            out[i + 1] = (float) ((landmarks[i + 1] - cam.cy()) * z / cam.focal());
        }
        return out;
    }

    /** The face depth map of a w×h image (camera z; NaN off the face). */
    public float[] depthMap(Camera cam, Pose pose, float[] landmarks, int w, int h) {
        return DepthRasterizer.depth(cam, cameraVertices(cam, pose, landmarks), triangles, w, h);
    }

    /** The face depth of one region of the image (region.w × region.h values). */
    public float[] depthMap(Camera cam, Pose pose, float[] landmarks, Rect region) {
        return DepthRasterizer.depth(cam, cameraVertices(cam, pose, landmarks), triangles, region);
    }

    /**
     * A full-head depth from a face depth map: the pixels off the mesh (NaN) are filled with the
     * smoothest surface that meets the face border (harmonic extension), so a warp that strays past
     * the face edge still finds depth close to the border's, never a hole. Face pixels are kept.
     * This is the initial value of the learnable canonical depth (SPEC §4), which training refines;
     * it does not try to model how the head curves away behind the face.
     */
    public static float[] fillOutside(float[] depth, int w, int h) {
        return HarmonicFill.fill(depth, w, h);
    }
}
