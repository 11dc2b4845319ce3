package org.speech2lip.face;

import org.speech2lip.media.RgbImage;

/**
 * MediaPipe's face_landmark model (468 points, no attention): the rotated square {@link Roi} is
 * resampled to 192×192 with values in [0, 1] and edge pixels repeated outside the frame, and the
 * model's points, in input-tensor pixels, are turned back into image pixels.
 *
 * <p>Not thread-safe.
 */
public final class FaceMesh implements AutoCloseable {
    static final int SIZE = 192;

    private final TfliteModel model;
    private final float[] input = new float[SIZE * SIZE * 3];
    private final int pointOutput, flagOutput;

    public FaceMesh(ModelStore store, int threads) {
        model = new TfliteModel(store.path(ModelStore.Model.FACE_LANDMARK), threads);
        int[][] shapes = model.outputShapes();
        pointOutput = last(shapes[0]) == 3 * Landmarks.COUNT ? 0 : 1;
        flagOutput = 1 - pointOutput;
        int[] in = model.inputShape();
        if (in[1] != SIZE || in[2] != SIZE || last(shapes[pointOutput]) != 3 * Landmarks.COUNT || last(shapes[flagOutput]) != 1) {
            model.close();
            throw new IllegalStateException("face_landmark.tflite does not have the expected 192×192 → 468×3 tensors");
        }
    }

    /** The landmarks of the face inside {@code roi}; check {@link Landmarks#presence()} before trusting them. */
    public Landmarks estimate(RgbImage img, Roi roi) {
        RoiSampler.sample(img, roi, SIZE, RoiSampler.Border.REPLICATE, 1f / 255f, 0f, input);
        float[][] out = model.run(input);
        float presence = (float) (1 / (1 + Math.exp(-out[flagOutput][0])));
        return new Landmarks(toImage(out[pointOutput], roi), presence);
    }

    /** Maps tensor-pixel points into the image: LandmarkProjectionCalculator, in pixels. */
    static float[] toImage(float[] tensorXyz, Roi roi) {
        float[] xyz = new float[tensorXyz.length];
        float k = roi.size() / SIZE;
        float cos = (float) Math.cos(roi.rotation()) * k, sin = (float) Math.sin(roi.rotation()) * k;
        float half = SIZE / 2f;
        for (int i = 0; i < xyz.length; i += 3) {
            float u = tensorXyz[i] - half, v = tensorXyz[i + 1] - half;
            xyz[i] = roi.cx() + cos * u - sin * v;
            xyz[i + 1] = roi.cy() + sin * u + cos * v;
            xyz[i + 2] = tensorXyz[i + 2] * k;
        }
        return xyz;
    }

    private static int last(int[] shape) {
        return shape[shape.length - 1];
    }

    @Override
    public void close() {
        model.close();
    }
}
