package org.speech2lip.face;

import org.speech2lip.UserError;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One fixed square of the frame, [x, x+size) × [y, y+size) in pixels, that the whole clip is cut
 * to before training: a 1920×1080 shot of a speaker wastes most of its pixels on background.
 *
 * <p>Rule of {@link #choose}: the square is centred on the union of the sampled face boxes (a little
 * below it, since the neck needs more room than the hair) and sized so one face box spans
 * {@link #FACE_FRACTION} of the side, plus however far the face moves between samples. It is then
 * clamped into the frame, shrinking to the frame's shorter side if needed. A frame whose shorter
 * side is at most {@link #SMALL_FRAME} px and whose face already spans
 * {@link #SMALL_FRAME_FACE_FRACTION} of it is not zoomed into (that adds no detail): the crop is
 * the largest square, placed to hold the faces.
 */
public record WorkingCrop(int x, int y, int size) {

    /** Fraction of the crop side spanned by the face box: leaves room for hair, ears and neck. */
    public static final double FACE_FRACTION = 0.45;
    public static final int SMALL_FRAME = 512;
    public static final double SMALL_FRAME_FACE_FRACTION = 0.25;
    /** How far below the faces' centre the crop's centre sits, in face sizes. */
    static final double CENTRE_DROP = 0.1;

    private static final Pattern XY_SIZE = Pattern.compile("\\s*(\\d{1,6})\\s*,\\s*(\\d{1,6})\\s*,\\s*(\\d{1,6})\\s*");

    /**
     * The crop for a clip, from face detections on a few sampled frames (the speaker's face in each);
     * with no detection at all, the largest centred square.
     */
    public static WorkingCrop choose(List<Detection> sampleDetections, int frameW, int frameH) {
        int side = Math.min(frameW, frameH);
        if (sampleDetections.isEmpty()) return place(side, frameW / 2.0, frameH / 2.0, frameW, frameH);
        float x0 = Float.MAX_VALUE, y0 = Float.MAX_VALUE, x1 = -Float.MAX_VALUE, y1 = -Float.MAX_VALUE, face = 0;
        for (Detection d : sampleDetections) {
            x0 = Math.min(x0, d.xmin());
            y0 = Math.min(y0, d.ymin());
            x1 = Math.max(x1, d.xmax());
            y1 = Math.max(y1, d.ymax());
            face = Math.max(face, Math.max(d.width(), d.height()));
        }
        double wanted;
        if (side <= SMALL_FRAME && face >= SMALL_FRAME_FACE_FRACTION * side) {
            wanted = side;
        } else {
            double motion = Math.max(x1 - x0, y1 - y0) - face;
            wanted = face / FACE_FRACTION + motion;
        }
        int size = (int) Math.min(side, Math.ceil(wanted));
        return place(size, (x0 + x1) / 2.0, (y0 + y1) / 2.0 + CENTRE_DROP * face, frameW, frameH);
    }

    /** A square of about {@code size} centred on (cx, cy), moved inside the frame; even sides suit video encoders. */
    private static WorkingCrop place(int size, double cx, double cy, int frameW, int frameH) {
        int s = Math.max(2, size & ~1);
        int x = (int) Math.round(cx - s / 2.0), y = (int) Math.round(cy - s / 2.0);
        return new WorkingCrop(Math.max(0, Math.min(x, frameW - s)), Math.max(0, Math.min(y, frameH - s)), s);
    }

    /** The {@code --crop x,y,size} override, checked against the frame. */
    public static WorkingCrop parse(String value, int frameW, int frameH) {
        Matcher m = XY_SIZE.matcher(value);
        if (!m.matches() || Integer.parseInt(m.group(3)) == 0) {
            throw new UserError("Bad crop \"" + value + "\": give x,y,size in pixels with size > 0, e.g. --crop 600,100,720");
        }
        int x = Integer.parseInt(m.group(1)), y = Integer.parseInt(m.group(2)), size = Integer.parseInt(m.group(3));
        if (x + size > frameW || y + size > frameH) {
            throw new UserError(String.format("Crop %d,%d,%d does not fit in the %dx%d frame: keep x+size <= %d and y+size <= %d",
                    x, y, size, frameW, frameH, frameW, frameH));
        }
        return new WorkingCrop(x, y, size);
    }
}
