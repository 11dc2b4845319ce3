package org.speech2lip.eval;

import org.speech2lip.geometry.Rect;
import org.speech2lip.media.RgbImage;

/** Argument checks shared by the image measures, so that a region never silently reads past an image. */
final class Regions {
    private Regions() {
    }

    /** Throws unless the region lies wholly inside the image. */
    static void requireInside(RgbImage image, Rect region) {
        if (!region.inside(image.width, image.height)) {
            throw new IllegalArgumentException("region " + region + " is not inside the " + image.width + "x" + image.height + " image");
        }
    }

    /** Throws unless both images have one size and the region lies inside them. */
    static void requirePair(RgbImage a, RgbImage b, Rect region) {
        if (a.width != b.width || a.height != b.height) {
            throw new IllegalArgumentException("images differ in size: " + a.width + "x" + a.height + " and " + b.width + "x" + b.height);
        }
        requireInside(a, region);
    }
}
