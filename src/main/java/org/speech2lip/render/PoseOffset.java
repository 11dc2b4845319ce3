package org.speech2lip.render;

/**
 * A head turn added to every frame of a render, in degrees (SPEC §5 pose control): yaw turns the
 * face toward the image's left for positive values, pitch turns it down, roll turns it clockwise;
 * each within ±{@link PoseShift#MAX_DEGREES}.
 */
public record PoseOffset(double yaw, double pitch, double roll) {
    public static final PoseOffset NONE = new PoseOffset(0, 0, 0);

    public PoseOffset {
        PoseShift.checkOffset(yaw, pitch, roll);
    }

    public boolean isNone() {
        return yaw == 0 && pitch == 0 && roll == 0;
    }
}
