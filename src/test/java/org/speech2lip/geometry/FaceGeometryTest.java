package org.speech2lip.geometry;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaceGeometryTest {
    private static final int SIZE = 256;
    private static final Camera CAM = Camera.centred(1.2 * SIZE, SIZE, SIZE);
    private final FaceGeometry geometry = new FaceGeometry(Synthetic.MODEL);

    @Test
    void meshProjectsOntoTheLandmarksWithTheModelsDepth() {
        Pose pose = Pose.fromYawPitchRollDegrees(10, -5, 3, new double[] {1, 0, Synthetic.distance(CAM.focal(), SIZE, 0.4)});
        float[] lm = Synthetic.landmarks(CAM, pose, 1.0, new Random(1));
        float[] v = geometry.cameraVertices(CAM, pose, lm), rigid = geometry.rigidVertices(pose);
        for (int i = 0; i < CanonicalFaceModel.VERTICES; i++) {
            double[] p = CAM.project(v[3 * i], v[3 * i + 1], v[3 * i + 2]);
            assertEquals(lm[3 * i], p[0], 1e-3);
            assertEquals(lm[3 * i + 1], p[1], 1e-3);
            assertEquals(rigid[3 * i + 2], v[3 * i + 2], 0);
        }
    }

    @Test
    void depthMapCoversTheFaceWithPlausibleDepth() {
        double z = Synthetic.distance(CAM.focal(), SIZE, 0.4);
        Pose pose = new Pose(Pose.IDENTITY.r(), new double[] {0, 0, z});
        float[] lm = Synthetic.landmarks(CAM, pose, 0, new Random(2));
        float[] d = geometry.depthMap(CAM, pose, lm, SIZE, SIZE);
        int nose = (int) lm[3 * CanonicalFaceModel.NOSE_TIP + 1] * SIZE + (int) lm[3 * CanonicalFaceModel.NOSE_TIP];
        assertEquals(z - 7.5, d[nose], 0.3);   // the nose tip is 7.6 cm in front of the model origin
        int covered = 0;
        float min = Float.MAX_VALUE;
        for (float x : d) {
            if (Float.isNaN(x)) continue;
            covered++;
            min = Math.min(min, x);
        }
        assertEquals(d[nose], min, 0.2);   // nothing is nearer than the nose
        assertTrue(covered > 0.08 * SIZE * SIZE && covered < 0.3 * SIZE * SIZE, "covered " + covered);
        assertTrue(Float.isNaN(d[0]));
    }

    @Test
    void fillOutsideKeepsTheFaceAndExtendsItSmoothly() {
        Pose pose = Pose.fromYawPitchRollDegrees(-8, 4, 0, new double[] {0, 0, Synthetic.distance(CAM.focal(), SIZE, 0.4)});
        float[] lm = Synthetic.landmarks(CAM, pose, 0, new Random(3));
        float[] d = geometry.depthMap(CAM, pose, lm, SIZE, SIZE);
        float[] full = FaceGeometry.fillOutside(d, SIZE, SIZE);
        float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
        for (float x : d) {
            if (!Float.isNaN(x)) {
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
        }
        for (int p = 0; p < d.length; p++) {
            assertFalse(Float.isNaN(full[p]));
            if (!Float.isNaN(d[p])) assertEquals(d[p], full[p], 0);
            assertTrue(full[p] >= lo - 1e-3 && full[p] <= hi + 1e-3, "outside the known range");   // maximum principle
        }
        // no step anywhere: neighbours differ by little more than the face's own steepest slope
        double steepFace = 0, steepAll = 0;
        for (int y = 0; y < SIZE; y++) {
            for (int x = 1; x < SIZE; x++) {
                int p = y * SIZE + x;
                double step = Math.abs(full[p] - full[p - 1]);
                steepAll = Math.max(steepAll, step);
                if (!Float.isNaN(d[p]) && !Float.isNaN(d[p - 1])) steepFace = Math.max(steepFace, step);
            }
        }
        assertTrue(steepAll <= steepFace * 1.5, "fill has a step of " + steepAll + " vs face " + steepFace);
    }

    @Test
    void fillOfAConstantIsTheConstant() {
        float[] d = new float[40 * 30];
        java.util.Arrays.fill(d, Float.NaN);
        for (int y = 10; y < 15; y++) for (int x = 5; x < 9; x++) d[y * 40 + x] = 7.25f;
        for (float x : FaceGeometry.fillOutside(d, 40, 30)) assertEquals(7.25f, x, 1e-5);
    }
}
