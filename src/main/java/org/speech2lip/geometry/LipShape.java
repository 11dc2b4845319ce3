package org.speech2lip.geometry;

/**
 * The shape of the lips in one frame, free of the head's pose: the 40 lip-contour landmarks
 * ({@link CanonicalFaceModel#LIPS_OUTER} then {@link CanonicalFaceModel#LIPS_INNER}), centred on the
 * upper lip's outer contour and turned back by the head's rotation into head-model axes, in cm.
 * The upper lip rides on the skull, so what is left is what speech moves: the lower lip and jaw
 * dropping, the corners spreading and rounding. The landmarks' own relative depth gives the third
 * axis, and the whole face is taken to be at the head's distance (weak perspective), an error
 * that is the same in every frame of a clip.
 */
public final class LipShape {
    /** Lip landmarks, outer contour then inner, and the (x, y) values per shape. */
    public static final int POINTS = CanonicalFaceModel.LIPS_OUTER.length + CanonicalFaceModel.LIPS_INNER.length, DIMS = 2 * POINTS;
    /** Positions in the shape of the mouth corners. */
    public static final int LEFT_CORNER = 0, RIGHT_CORNER = 10;
    /** Positions in the shape of the inner-lip midpoints. */
    private static final int UPPER = 20 + 5, LOWER = 20 + 15;
    /** Positions of the upper lip's outer contour between the corners, the shape's origin. */
    private static final int FIRST_UPPER = 1, LAST_UPPER = 9;

    private LipShape() {}

    /**
     * Frame landmarks (468 × 3 floats from {@code offset}, x and y in working-crop pixels) seen by
     * {@code camera} with head pose {@code pose}, as the lip shape: {@link #DIMS} values, x then y
     * per point, in cm.
     */
    public static double[] of(float[] landmarks, int offset, Pose pose, Camera camera) {
        double[] r = pose.r(), centre = new double[3], out = new double[DIMS];
        for (int i = FIRST_UPPER; i <= LAST_UPPER; i++) {
            int at = offset + 3 * CanonicalFaceModel.LIPS_OUTER[i];
            for (int a = 0; a < 3; a++) centre[a] += landmarks[at + a] / (double) (LAST_UPPER - FIRST_UPPER + 1);
        }
        double cm = pose.t()[2] / camera.focal();
        for (int i = 0; i < POINTS; i++) {
            int index = i < 20 ? CanonicalFaceModel.LIPS_OUTER[i] : CanonicalFaceModel.LIPS_INNER[i - 20];
            double[] p = new double[3];
            for (int a = 0; a < 3; a++) p[a] = (landmarks[offset + 3 * index + a] - centre[a]) * cm;
            // head axes = Rᵀ · camera axes
            out[2 * i] = r[0] * p[0] + r[3] * p[1] + r[6] * p[2];
            out[2 * i + 1] = r[1] * p[0] + r[4] * p[1] + r[7] * p[2];
        }
        return out;
    }

    /**
     * The affine map, least squares over the 40 points, that takes the shape's (x, y) to {@code xy}
     * (the same points seen in an image): {a, b, c, d, e, f} with X = a·x + b·y + c, Y = d·x + e·y + f.
     */
    public static double[] affineTo(double[] shape, float[] xy) {
        double[] normal = new double[9], sumX = new double[3], sumY = new double[3];
        for (int i = 0; i < POINTS; i++) {
            double[] row = {shape[2 * i], shape[2 * i + 1], 1};
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) normal[3 * a + b] += row[a] * row[b];
                sumX[a] += row[a] * xy[2 * i];
                sumY[a] += row[a] * xy[2 * i + 1];
            }
        }
        double[] x = Linear.solveSpd(normal.clone(), sumX, 3), y = Linear.solveSpd(normal, sumY, 3);
        return new double[] {x[0], x[1], x[2], y[0], y[1], y[2]};
    }

    /** The shape's mouth opening: inner-lip gap over mouth width, as {@code mouth_opening.npy} measures it. */
    public static double opening(double[] shape) {
        return distance(shape, UPPER, LOWER) / Math.max(1e-9, distance(shape, LEFT_CORNER, RIGHT_CORNER));
    }

    private static double distance(double[] s, int a, int b) {
        return Math.hypot(s[2 * a] - s[2 * b], s[2 * a + 1] - s[2 * b + 1]);
    }
}
