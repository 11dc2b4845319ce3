package org.speech2lip.geometry;

/**
 * The canonical lip box and the per-frame mouth windows.
 *
 * <p>The lip box is a fixed rectangle of the canonical image (working-crop pixels) around the canonical
 * frame's outer-lip landmarks: widened by 35 % of the mouth width on each side, raised by 12 % of the
 * nose-to-chin distance (nose bottom 2 to chin 152) above the upper lip, and lowered by 55 % of it below
 * the lower lip, which takes in the chin area a wide-open jaw reaches. Its sides are rounded up to
 * multiples of 8 (the lip field's and the tensors' preferred sizes).
 *
 * <p>The mouth window is the square the Blend-Net works in, the same size in every frame: 1.6 × the lip
 * box's larger side, rounded up to a multiple of 16. Frame k's window is centred on where the lip box
 * centre lands in that frame — the box centre lifted to the mean depth of the canonical lips, moved by
 * T_co and projected — and shifted to lie inside the image. Both sizes are capped by the image.
 *
 * @param windowOrigins the top-left corner of each frame's window, (x, y) per frame
 */
public record LipBox(Rect lipBox, int windowW, int windowH, int[] windowOrigins) {
    private static final double SIDE_MARGIN = 0.35, TOP_MARGIN = 0.12, BOTTOM_MARGIN = 0.55, WINDOW_SCALE = 1.6;
    private static final int NOSE_BOTTOM = 2, CHIN = 152;

    /**
     * Computes the box from the canonical frame's landmarks and pose, and the windows of frames with
     * the given poses (a null pose, for a frame without a face, gets the canonical window).
     */
    public static LipBox compute(CanonicalFaceModel model, Camera cam, float[] canonicalLandmarks, Pose canonicalPose,
                                 Pose[] poses, int imageW, int imageH) {
        double minX = Double.POSITIVE_INFINITY, maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY, maxY = Double.NEGATIVE_INFINITY, lipZ = 0;
        for (int i : CanonicalFaceModel.LIPS_OUTER) {
            minX = Math.min(minX, canonicalLandmarks[3 * i]);
            maxX = Math.max(maxX, canonicalLandmarks[3 * i]);
            minY = Math.min(minY, canonicalLandmarks[3 * i + 1]);
            maxY = Math.max(maxY, canonicalLandmarks[3 * i + 1]);
            lipZ += canonicalPose.apply(model.vertex(i))[2] / CanonicalFaceModel.LIPS_OUTER.length;
        }
        double noseToChin = Math.hypot(canonicalLandmarks[3 * CHIN] - canonicalLandmarks[3 * NOSE_BOTTOM],
                canonicalLandmarks[3 * CHIN + 1] - canonicalLandmarks[3 * NOSE_BOTTOM + 1]);
        double margin = SIDE_MARGIN * (maxX - minX);
        double left = minX - margin, right = maxX + margin;
        double top = minY - TOP_MARGIN * noseToChin, bottom = maxY + BOTTOM_MARGIN * noseToChin;
        int bw = Math.min(roundUp(right - left, 8), imageW / 8 * 8);
        int bh = Math.min(roundUp(bottom - top, 8), imageH / 8 * 8);
        double cx = (left + right) / 2, cy = (top + bottom) / 2;
        Rect box = new Rect(clamp(cx - bw / 2.0, imageW - bw), clamp(cy - bh / 2.0, imageH - bh), bw, bh);

        int side = Math.min(roundUp(WINDOW_SCALE * Math.max(bw, bh), 16), Math.min(imageW, imageH) / 16 * 16);
        double[] centre = cam.unproject(box.x() + bw / 2.0, box.y() + bh / 2.0, lipZ);
        int[] origins = new int[2 * poses.length];
        for (int k = 0; k < poses.length; k++) {
            Pose pose = poses[k] == null ? canonicalPose : poses[k];
            double[] p = cam.project(Pose.relative(canonicalPose, pose).apply(centre));
            origins[2 * k] = clamp(p[0] - side / 2.0, imageW - side);
            origins[2 * k + 1] = clamp(p[1] - side / 2.0, imageH - side);
        }
        return new LipBox(box, side, side, origins);
    }

    /** Frame k's mouth window. */
    public Rect window(int k) {
        return new Rect(windowOrigins[2 * k], windowOrigins[2 * k + 1], windowW, windowH);
    }

    private static int roundUp(double v, int multiple) {
        return Math.max(multiple, (int) Math.ceil(v / multiple) * multiple);
    }

    private static int clamp(double origin, int max) {
        return (int) Math.max(0, Math.min(max, Math.round(origin)));
    }
}
