package org.speech2lip.face;

/**
 * A rotated square region of an image, in image pixels: centre (cx, cy), side {@code size}, and
 * {@code rotation} in radians. The square's x axis points along (cos r, sin r) in the image (y
 * down), so a positive rotation turns it clockwise on screen. This is MediaPipe's NormalizedRect
 * for a square region, kept in pixels.
 */
public record Roi(float cx, float cy, float size, float rotation) {

    /** MediaPipe enlarges the tight face box 1.5× so the next frame's face still fits. */
    static final float SCALE = 1.5f;
    /** Landmarks at the outer corners of the two eyes (image left, then image right). */
    static final int LEFT_EYE_CORNER = 33, RIGHT_EYE_CORNER = 263;

    /**
     * MediaPipe's face_detection_front_detection_to_roi rule: the detection box's centre, turned so
     * the line from keypoint 0 to keypoint 1 (the eyes) is horizontal, side 1.5 × the longer box side.
     */
    public static Roi fromDetection(Detection d) {
        float[] k = d.keypoints();
        return new Roi(d.xmin() + d.width() / 2, d.ymin() + d.height() / 2,
                SCALE * Math.max(d.width(), d.height()), angle(k[0], k[1], k[2], k[3]));
    }

    /**
     * MediaPipe's face_landmark_landmarks_to_roi rule: the centre of the axis-aligned box around all
     * landmarks, turned so the outer eye corners (33 → 263) are horizontal, side 1.5 × the box's
     * longer side. {@code xyz} holds x, y, z per landmark in image pixels.
     */
    public static Roi fromLandmarks(float[] xyz) {
        Detection box = Detection.around(xyz);
        int a = 3 * LEFT_EYE_CORNER, b = 3 * RIGHT_EYE_CORNER;
        return new Roi(box.xmin() + box.width() / 2, box.ymin() + box.height() / 2,
                SCALE * Math.max(box.width(), box.height()), angle(xyz[a], xyz[a + 1], xyz[b], xyz[b + 1]));
    }

    /** The rotation that makes the vector from (xa, ya) to (xb, yb) point along the square's x axis. */
    static float angle(float xa, float ya, float xb, float yb) {
        return (float) Math.atan2(yb - ya, xb - xa);
    }
}
