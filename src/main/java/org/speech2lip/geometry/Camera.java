package org.speech2lip.geometry;

/** A pinhole camera with one focal length (pixels) and a principal point, see the package doc. */
public record Camera(double focal, double cx, double cy) {

    /** The camera of an image of the given size with its principal point at the image centre. */
    public static Camera centred(double focal, int width, int height) {
        return new Camera(focal, width / 2.0, height / 2.0);
    }

    /** Projects camera-space point (x, y, z) to image coordinates {u, v}. */
    public double[] project(double x, double y, double z) {
        return new double[] {focal * x / z + cx, focal * y / z + cy};
    }

    public double[] project(double[] p) {
        return project(p[0], p[1], p[2]);
    }

    /** The camera-space point at image coordinates (u, v) and depth z: X = z · K⁻¹ · [u, v, 1]. */
    public double[] unproject(double u, double v, double z) {
        return new double[] {(u - cx) * z / focal, (v - cy) * z / focal, z};
    }

    /** The same camera for a crop whose top-left corner is at (x0, y0) in this camera's image. */
    public Camera shifted(double x0, double y0) {
        return new Camera(focal, cx - x0, cy - y0);
    }
}
