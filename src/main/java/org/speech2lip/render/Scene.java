package org.speech2lip.render;

import org.speech2lip.geometry.Pose;
import org.speech2lip.geometry.Rect;
import org.speech2lip.media.RgbImage;

/**
 * One output frame before its lips: the full-resolution background (drawn on in place), the mouth
 * window in working-crop pixels, the face depth over that window (NaN off the face), the head pose
 * relative to the canonical frame, and the window's holes (pixels no source reached after a pose
 * change, for the Blend-Net to fill; null when there are none).
 *
 * @param frame      output frame index (the speech's clock)
 * @param source     training frame whose background, pose and timestamp code it uses
 * @param cropOrigin the working crop's top-left corner in the full frame
 */
public record Scene(int frame, int source, RgbImage image, int[] cropOrigin, Rect window, float[] windowDepth, Pose tCo, boolean[] holes) {

    /** The window's left edge in full-frame pixels. */
    int x0() {
        return cropOrigin[0] + window.x();
    }

    int y0() {
        return cropOrigin[1] + window.y();
    }
}
