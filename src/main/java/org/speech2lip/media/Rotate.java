package org.speech2lip.media;

/** Quarter-turn rotations, for videos whose display matrix says to show them turned (phone recordings). */
final class Rotate {
    private Rotate() {}

    /** img turned clockwise by quarterTurns × 90° (0 to 3); img itself when 0. */
    static RgbImage clockwise(RgbImage img, int quarterTurns) {
        if (quarterTurns == 0) return img;
        int w = img.width;
        int h = img.height;
        RgbImage out = quarterTurns == 2 ? new RgbImage(w, h) : new RgbImage(h, w);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int to = switch (quarterTurns) {
                    case 1 -> x * h + (h - 1 - y);
                    case 2 -> (h - 1 - y) * w + (w - 1 - x);
                    default -> (w - 1 - x) * h + y;
                };
                int from = (y * w + x) * 3;
                out.rgb[to * 3] = img.rgb[from];
                out.rgb[to * 3 + 1] = img.rgb[from + 1];
                out.rgb[to * 3 + 2] = img.rgb[from + 2];
            }
        }
        return out;
    }
}
