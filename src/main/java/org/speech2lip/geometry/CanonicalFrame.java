package org.speech2lip.geometry;

import org.speech2lip.UserError;

import java.util.Arrays;

/**
 * Chooses the canonical frame: the frame whose head is in the subject's usual, frontal pose with the
 * mouth closed. The paper takes a random frame; a neutral one makes a better reference for the lips.
 *
 * <p>A mouth at rest comes first. A frame's opening is the inner-lip gap (landmarks 13–14) over the
 * mouth width (61–291), taken as its largest value over the frame and the 3 frames each side: a
 * mouth closed for a whole pause, not one passing through a closure, and a single noisy frame of the
 * tracker cannot make it look closed. Frames whose opening is within 0.01 of the 10th percentile are
 * candidates (speaking opens the mouth to 0.2–0.5). Among them the score (lower is better)
 * <pre>
 *   angle / 5°  +  shift / 0.05
 * </pre>
 * picks the usual pose: angle is the rotation (degrees) from the median head rotation (median yaw,
 * pitch and roll), shift the distance of the head's translation from the median translation divided
 * by the median distance. So 5° of turn and a 5 % move cost the same.
 */
public final class CanonicalFrame {
    private static final double ANGLE_SCALE = 5, SHIFT_SCALE = 0.05, CLOSED_PERCENTILE = 0.10, CLOSED_TOLERANCE = 0.01;
    private static final int REST_FRAMES = 3;

    private CanonicalFrame() {}

    /** The index of the best frame; {@code valid[k]} false excludes frame k (its pose and landmarks may be null). */
    public static int choose(Pose[] poses, float[][] landmarks, boolean[] valid) {
        int n = poses.length;
        if (landmarks.length != n || valid.length != n) throw new IllegalArgumentException("need one pose, landmark set and flag per frame");
        int count = 0;
        for (boolean v : valid) if (v) count++;
        if (count == 0) throw new UserError("No frame of the video has a tracked face: use a video that shows the speaker's face");
        double[] rest = restingOpening(landmarks, valid);
        double[][] ypr = new double[3][count], t = new double[3][count];
        double[] opening = new double[count];
        for (int k = 0, m = 0; k < n; k++) {
            if (!valid[k]) continue;
            opening[m] = rest[k];
            double[] a = poses[k].yawPitchRollDegrees();
            for (int c = 0; c < 3; c++) {
                ypr[c][m] = a[c];
                t[c][m] = poses[k].t()[c];
            }
            m++;
        }
        double[] medianT = {median(t[0]), median(t[1]), median(t[2])};
        Pose median = Pose.fromYawPitchRollDegrees(median(ypr[0]), median(ypr[1]), median(ypr[2]), medianT);
        Arrays.sort(opening);
        double closed = opening[(int) (CLOSED_PERCENTILE * (count - 1))] + CLOSED_TOLERANCE;
        int best = -1;
        double bestScore = Double.POSITIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            if (!valid[k] || rest[k] > closed) continue;
            double angle = poses[k].rotationDegreesTo(median);
            double[] tk = poses[k].t();
            double shift = Math.sqrt(sq(tk[0] - medianT[0]) + sq(tk[1] - medianT[1]) + sq(tk[2] - medianT[2])) / Math.abs(medianT[2]);
            double score = angle / ANGLE_SCALE + shift / SHIFT_SCALE;
            if (score < bestScore) {
                bestScore = score;
                best = k;
            }
        }
        return best;
    }

    /** Each valid frame's largest opening over itself and its valid neighbours within REST_FRAMES. */
    private static double[] restingOpening(float[][] landmarks, boolean[] valid) {
        int n = valid.length;
        double[] single = new double[n], rest = new double[n];
        for (int k = 0; k < n; k++) if (valid[k]) single[k] = mouthOpening(landmarks[k]);
        for (int k = 0; k < n; k++) {
            for (int j = Math.max(0, k - REST_FRAMES); j <= Math.min(n - 1, k + REST_FRAMES); j++) {
                if (valid[j]) rest[k] = Math.max(rest[k], single[j]);
            }
        }
        return rest;
    }

    /** Inner-lip gap over mouth width, from image landmarks (0 for a closed mouth). */
    public static double mouthOpening(float[] lm) {
        return distance(lm, CanonicalFaceModel.UPPER_LIP_INNER, CanonicalFaceModel.LOWER_LIP_INNER)
                / distance(lm, CanonicalFaceModel.MOUTH_LEFT, CanonicalFaceModel.MOUTH_RIGHT);
    }

    private static double distance(float[] lm, int a, int b) {
        return Math.hypot(lm[3 * a] - lm[3 * b], lm[3 * a + 1] - lm[3 * b + 1]);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static double sq(double x) {
        return x * x;
    }
}
