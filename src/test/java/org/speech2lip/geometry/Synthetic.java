package org.speech2lip.geometry;

import org.speech2lip.face.ModelStore;

import java.util.Random;

/** Shared test fixtures: the canonical model and landmarks made by projecting it. */
final class Synthetic {
    static final CanonicalFaceModel MODEL = CanonicalFaceModel.load(ModelStore.standard().path(ModelStore.Model.FACE_GEOMETRY));

    private Synthetic() {}

    /**
     * Landmarks of the canonical model posed by {@code pose}, with Gaussian noise of sigma pixels per
     * axis on x and y; z is the relative depth the face mesh reports, scaled like x and y at the
     * face's mean depth.
     */
    static float[] landmarks(Camera cam, Pose pose, double sigma, Random rnd) {
        int n = CanonicalFaceModel.VERTICES;
        float[] out = new float[n * 3];
        double[][] x = new double[n][];
        double mean = 0;
        for (int i = 0; i < n; i++) {
            x[i] = pose.apply(MODEL.vertex(i));
            mean += x[i][2] / n;
        }
        for (int i = 0; i < n; i++) {
            double[] p = cam.project(x[i]);
            out[3 * i] = (float) (p[0] + sigma * rnd.nextGaussian());
            out[3 * i + 1] = (float) (p[1] + sigma * rnd.nextGaussian());
            out[3 * i + 2] = (float) ((x[i][2] - mean) * cam.focal() / mean);
        }
        return out;
    }

    /** The head distance (cm) at which the face (about 17 cm tall) spans {@code fraction} of {@code size} pixels. */
    static double distance(double focal, int size, double fraction) {
        return focal * 17.7 / (fraction * size);
    }
}
