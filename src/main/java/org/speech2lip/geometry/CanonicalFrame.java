package org.speech2lip.geometry;

import org.speech2lip.UserError;

import java.util.Arrays;

/**
 * Chooses the canonical frame: the frame whose head is in the subject's usual, frontal pose with the
 * mouth closed. The paper takes a random frame; a neutral one makes a better reference for the lips.
 *
 * <p>Score (lower is better), over frames with a valid face:
 * <pre>
 *   angle / 5°  +  shift / 0.05  +  opening / 0.05
 * </pre>
 * where angle is the rotation (degrees) from the median head rotation (median yaw, pitch and roll,
 * i.e. the way the subject usually faces the camera), shift is the distance of the head's translation
 * from the median translation divided by the median distance, and opening is the inner-lip gap
 * (landmarks 13–14) divided by the mouth width (61–291) in the image. So 5° of turn, a 5 % move and a
 * mouth opened by 5 % of its width cost the same; speaking opens the mouth to 20–50 %.
 */
public final class CanonicalFrame {
    private static final double ANGLE_SCALE = 5, SHIFT_SCALE = 0.05, OPENING_SCALE = 0.05;

    private CanonicalFrame() {}

    /** The index of the best frame; {@code valid[k]} false excludes frame k (its pose and landmarks may be null). */
    public static int choose(Pose[] poses, float[][] landmarks, boolean[] valid) {
        int n = poses.length;
        if (landmarks.length != n || valid.length != n) throw new IllegalArgumentException("need one pose, landmark set and flag per frame");
        int count = 0;
        for (boolean v : valid) if (v) count++;
        if (count == 0) throw new UserError("No frame of the video has a tracked face: use a video that shows the speaker's face");
        double[][] ypr = new double[3][count], t = new double[3][count];
        for (int k = 0, m = 0; k < n; k++) {
            if (!valid[k]) continue;
            double[] a = poses[k].yawPitchRollDegrees();
            for (int c = 0; c < 3; c++) {
                ypr[c][m] = a[c];
                t[c][m] = poses[k].t()[c];
            }
            m++;
        }
        double[] medianT = {median(t[0]), median(t[1]), median(t[2])};
        Pose median = Pose.fromYawPitchRollDegrees(median(ypr[0]), median(ypr[1]), median(ypr[2]), medianT);
        int best = -1;
        double bestScore = Double.POSITIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            if (!valid[k]) continue;
            double angle = poses[k].rotationDegreesTo(median);
            double[] tk = poses[k].t();
            double shift = Math.sqrt(sq(tk[0] - medianT[0]) + sq(tk[1] - medianT[1]) + sq(tk[2] - medianT[2])) / Math.abs(medianT[2]);
            double score = angle / ANGLE_SCALE + shift / SHIFT_SCALE + mouthOpening(landmarks[k]) / OPENING_SCALE;
            if (score < bestScore) {
                bestScore = score;
                best = k;
            }
        }
        return best;
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
