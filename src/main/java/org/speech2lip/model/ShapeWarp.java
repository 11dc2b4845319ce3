package org.speech2lip.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.speech2lip.geometry.LipShape;
import org.speech2lip.geometry.Rect;

/**
 * Where a point of the canonical lip box sits on the subject's mean mouth, given a frame's mouth
 * shape: the shape moves the 40 lip landmarks from their mean positions, and the point is moved back
 * by the landmarks' motion, each weighted by a Gaussian of the point's distance to where that
 * landmark now is. The lip field reads these rest coordinates beside the point's own, so the lips'
 * texture follows the landmarks by construction and the field only learns what a shape changes
 * beyond moving them (teeth, tongue, shading). From the six shape numbers alone a 60-minute fast
 * model on cnn_71s drew its own training frames' real shapes with 64 % of their opening's spread.
 * Off in the presets ({@code train --lip-warp}): it halves the steps an hour gives, and the
 * 60-minute cnn model with it opened its mouth less, not more (docs/ablation.md).
 *
 * <p>Box coordinates as in {@link LipField}; distances are measured in pixels, so the pull is round
 * whatever the box's aspect.
 */
public final class ShapeWarp {
    /** A landmark's pull: Gaussian width as a fraction of the mean mouth's width. */
    static final double REACH = 0.1;
    /** Added to the weights' sum, so a point about two reaches from every landmark barely moves (chin, cheeks). */
    static final float FLOOR = (float) Math.exp(-2);

    private final float[] anchors;
    private final float[] motions;
    private final int components;
    private final float[] scale;

    /**
     * @param anchors    the mean shape's landmarks, (u, v) per point in box coordinates
     * @param motions    per shape coefficient, how far each landmark moves per unit (components × {@link LipShape#DIMS}), box coordinates
     * @param scale      box units to reach units along u and along v
     */
    ShapeWarp(float[] anchors, float[] motions, int components, float[] scale) {
        if (anchors.length != LipShape.DIMS || motions.length != components * LipShape.DIMS || scale.length != 2) {
            throw new IllegalArgumentException("warp of " + anchors.length + " anchors, " + motions.length + " motions, " + components + " components");
        }
        this.anchors = anchors;
        this.motions = motions;
        this.components = components;
        this.scale = scale;
    }

    /**
     * The warp of a subject whose shapes {@code basis} describes, placed by its canonical frame:
     * that frame's shape {@code canonicalShape} and its lip landmarks {@code canonicalPoints}
     * (working-crop pixels, {@link LipShape}'s order) in the lip box {@code box}.
     */
    public static ShapeWarp fit(MouthShapeBasis basis, double[] canonicalShape, float[] canonicalPoints, Rect box) {
        float[] inBox = new float[LipShape.DIMS];
        for (int i = 0; i < LipShape.POINTS; i++) {
            inBox[2 * i] = (float) (2.0 * (canonicalPoints[2 * i] - box.x()) / box.w() - 1);
            inBox[2 * i + 1] = (float) (2.0 * (canonicalPoints[2 * i + 1] - box.y()) / box.h() - 1);
        }
        double[] a = LipShape.affineTo(canonicalShape, inBox), mean = basis.mean();
        float[] anchors = new float[LipShape.DIMS];
        for (int i = 0; i < LipShape.POINTS; i++) {
            anchors[2 * i] = (float) (a[0] * mean[2 * i] + a[1] * mean[2 * i + 1] + a[2]);
            anchors[2 * i + 1] = (float) (a[3] * mean[2 * i] + a[4] * mean[2 * i + 1] + a[5]);
        }
        int k = basis.components();
        float[] motions = new float[k * LipShape.DIMS];
        for (int c = 0; c < k; c++) {
            double[] m = basis.motion(c);
            for (int i = 0; i < LipShape.POINTS; i++) {
                motions[c * LipShape.DIMS + 2 * i] = (float) (a[0] * m[2 * i] + a[1] * m[2 * i + 1]);
                motions[c * LipShape.DIMS + 2 * i + 1] = (float) (a[3] * m[2 * i] + a[4] * m[2 * i + 1]);
            }
        }
        // the mean mouth's width (corner to corner) in pixels sets the reach
        double halfW = box.w() / 2.0, halfH = box.h() / 2.0;
        double width = Math.hypot((anchors[2 * LipShape.LEFT_CORNER] - anchors[2 * LipShape.RIGHT_CORNER]) * halfW,
                (anchors[2 * LipShape.LEFT_CORNER + 1] - anchors[2 * LipShape.RIGHT_CORNER + 1]) * halfH);
        double reach = REACH * Math.max(width, 1);
        return new ShapeWarp(anchors, motions, k, new float[] {(float) (halfW / reach), (float) (halfH / reach)});
    }

    /** The number of shape coefficients it reads. */
    public int components() {
        return components;
    }

    /** The rest coordinates of {@code points} (B, Q, 2) under each frame's shape coefficients (B, k): (B, Q, 2). */
    public NDArray rest(NDArray points, NDArray coefficients) {
        NDManager m = points.getManager();
        long b = points.getShape().get(0), q = points.getShape().get(1);
        int n = LipShape.POINTS;
        // (B, k) · (k, 2n): each frame's landmark motion
        NDArray motion = coefficients.matMul(m.create(motions, new Shape(components, LipShape.DIMS))).reshape(b, n, 2);
        NDArray landmarks = m.create(anchors, new Shape(1, n, 2)).add(motion);
        NDArray apart = points.expandDims(2).sub(landmarks.expandDims(1)).mul(m.create(scale, new Shape(1, 1, 1, 2)));
        NDArray weights = apart.square().sum(new int[] {3}).mul(m.create(-0.5f)).exp();
        NDArray pull = weights.matMul(motion).div(weights.sum(new int[] {2}, true).add(FLOOR));
        return points.sub(pull).reshape(b, q, 2);
    }
}
