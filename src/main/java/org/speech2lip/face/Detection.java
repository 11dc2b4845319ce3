package org.speech2lip.face;

/**
 * One face found by {@link FaceDetector}, in image pixels: the box and BlazeFace's six keypoints as
 * (x, y) pairs in this order: eye on the image left, eye on the image right, nose tip, mouth centre,
 * ear tragion on the image left, ear tragion on the image right.
 */
public record Detection(float score, float xmin, float ymin, float width, float height, float[] keypoints) {

    public static final int KEYPOINTS = 6;

    /**
     * The axis-aligned box around landmarks (x, y, z per point), with score 1 and no keypoints:
     * MediaPipe's LandmarksToDetectionCalculator.
     */
    public static Detection around(float[] xyz) {
        float x0 = Float.MAX_VALUE, y0 = Float.MAX_VALUE, x1 = -Float.MAX_VALUE, y1 = -Float.MAX_VALUE;
        for (int i = 0; i < xyz.length; i += 3) {
            x0 = Math.min(x0, xyz[i]);
            x1 = Math.max(x1, xyz[i]);
            y0 = Math.min(y0, xyz[i + 1]);
            y1 = Math.max(y1, xyz[i + 1]);
        }
        return new Detection(1, x0, y0, x1 - x0, y1 - y0, new float[0]);
    }

    public float xmax() {
        return xmin + width;
    }

    public float ymax() {
        return ymin + height;
    }

    /** Intersection over union of the two boxes; 0 when either is empty. */
    public float iou(Detection o) {
        float inter = intersection(o);
        float union = width * height + o.width * o.height - inter;
        return union > 0 ? inter / union : 0;
    }

    /** Area of the overlap of the two boxes. */
    public float intersection(Detection o) {
        float w = Math.min(xmax(), o.xmax()) - Math.max(xmin, o.xmin);
        float h = Math.min(ymax(), o.ymax()) - Math.max(ymin, o.ymin);
        return w > 0 && h > 0 ? w * h : 0;
    }
}
