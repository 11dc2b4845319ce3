package org.speech2lip.geometry;

import org.speech2lip.face.ModelStore;

import java.util.Random;

/** Shared test fixtures: the canonical model and landmarks made by projecting it. */
final class Synthetic {
    static final CanonicalFaceModel MODEL = CanonicalFaceModel.load(ModelStore.standard().path(ModelStore.Model.FACE_GEOMETRY));

    private Synthetic() {}

    /** Landmarks of the canonical model posed by {@code pose}, with Gaussian noise of sigma pixels per axis. */
    static float[] landmarks(Camera cam, Pose pose, double sigma, Random rnd) {
        float[] out = new float[CanonicalFaceModel.VERTICES * 3];
        for (int i = 0; i < CanonicalFaceModel.VERTICES; i++) {
            double[] x = pose.apply(MODEL.vertex(i));
            double[] p = cam.project(x);
            out[3 * i] = (float) (p[0] + sigma * rnd.nextGaussian());
            out[3 * i + 1] = (float) (p[1] + sigma * rnd.nextGaussian());
            out[3 * i + 2] = (float) (x[2] * cam.focal() / pose.t()[2]);
        }
        return out;
    }

    /** The head distance (cm) at which the face (about 17 cm tall) spans {@code fraction} of {@code size} pixels. */
    static double distance(double focal, int size, double fraction) {
        return focal * 17.7 / (fraction * size);
    }
}
