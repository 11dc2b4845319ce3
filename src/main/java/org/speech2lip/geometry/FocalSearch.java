package org.speech2lip.geometry;

import java.util.List;

/**
 * The focal length of a video, found as the value that lets one rigid head explain the landmarks of
 * sampled frames best.
 *
 * <p>Why this works: the canonical face model has a metric size, so for any f the fitted distance
 * adjusts until the face has the right size in pixels (f/Z is fixed). What f changes is the
 * perspective distortion: at short focal lengths the head is close and its near parts (nose) look
 * larger than its far parts (cheeks, temples); at long ones the projection is nearly orthographic.
 * That signal is weak — a pixel or two across a face — so the search sums the squared reprojection
 * error over many frames, and frames with varied head rotation constrain f better than a still head
 * (the distortion then changes with the pose in a way only the right f explains). The estimate is
 * only as good as the canonical model fits the person's face; it is biased when the face shape
 * differs, which the per-frame fits then absorb.
 *
 * <p>The fits scale vertical residuals by 0.1 (weight 0.01 on their squares). The face tracker reads a face's
 * vertical depth profile flatter than it is (on the synthetic subject it recovers only 0.7 of a nod),
 * which with equal weights makes the face look less perspective-distorted and f 30-35 % too long.
 * Its horizontal geometry is right (turns are recovered in full), and left-right perspective (nose
 * against cheeks) is enough to fix f: with this weighting the synthetic subject's focal length comes
 * out 5-7 % long for true values of 0.8, 1.2 and 2.0 × the width. The relative-depth term of
 * {@link PoseSolver} is left out: it does not depend on f.
 *
 * <p>Search: a log-spaced grid over 0.6–3.0 × the original image's larger side, then golden-section
 * refinement between the grid neighbours of the best value.
 */
public final class FocalSearch {
    private static final double MIN_FACTOR = 0.6, MAX_FACTOR = 3.0;
    private static final int GRID = 13;
    private static final int GOLDEN_STEPS = 14;
    private static final double VERTICAL_WEIGHT = 0.01;

    private FocalSearch() {}

    /**
     * The focal length (pixels) for landmarks measured in a crop at (cropX, cropY) of an original
     * imageW × imageH frame whose principal point is its centre.
     */
    public static double search(CanonicalFaceModel model, List<float[]> sampledLandmarks,
                                int imageW, int imageH, int cropX, int cropY) {
        if (sampledLandmarks.isEmpty()) throw new IllegalArgumentException("no frames to estimate the focal length from");
        PoseSolver solver = new PoseSolver(model, 0, VERTICAL_WEIGHT);
        double size = Math.max(imageW, imageH);
        double lo = Math.log(MIN_FACTOR * size), hi = Math.log(MAX_FACTOR * size);
        double[] logF = new double[GRID], cost = new double[GRID];
        int best = 0;
        for (int i = 0; i < GRID; i++) {
            logF[i] = lo + (hi - lo) * i / (GRID - 1);
            cost[i] = error(solver, sampledLandmarks, Math.exp(logF[i]), imageW, imageH, cropX, cropY);
            if (cost[i] < cost[best]) best = i;
        }
        // golden-section search on log f inside the bracket around the best grid point
        double a = logF[Math.max(0, best - 1)], b = logF[Math.min(GRID - 1, best + 1)];
        double g = (Math.sqrt(5) - 1) / 2;
        double x1 = b - g * (b - a), x2 = a + g * (b - a);
        double e1 = error(solver, sampledLandmarks, Math.exp(x1), imageW, imageH, cropX, cropY);
        double e2 = error(solver, sampledLandmarks, Math.exp(x2), imageW, imageH, cropX, cropY);
        for (int k = 0; k < GOLDEN_STEPS; k++) {
            if (e1 < e2) {
                b = x2;
                x2 = x1;
                e2 = e1;
                x1 = b - g * (b - a);
                e1 = error(solver, sampledLandmarks, Math.exp(x1), imageW, imageH, cropX, cropY);
            } else {
                a = x1;
                x1 = x2;
                e1 = e2;
                x2 = a + g * (b - a);
                e2 = error(solver, sampledLandmarks, Math.exp(x2), imageW, imageH, cropX, cropY);
            }
        }
        return Math.exp((a + b) / 2);
    }

    /** Sum over frames of the mean squared reprojection error of the rigid fit at focal length f. */
    static double error(PoseSolver solver, List<float[]> frames, double f, int imageW, int imageH, int cropX, int cropY) {
        Camera cam = Camera.centred(f, imageW, imageH).shifted(cropX, cropY);
        double sum = 0;
        for (float[] landmarks : frames) {
            double rms = solver.solve(cam, landmarks, null).rmsPixels();
            sum += rms * rms;
        }
        return sum;
    }
}
