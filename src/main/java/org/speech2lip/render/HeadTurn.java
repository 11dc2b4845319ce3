package org.speech2lip.render;

import ai.djl.ndarray.NDList;
import org.speech2lip.data.SubjectData;
import org.speech2lip.geometry.Camera;
import org.speech2lip.geometry.Pose;
import org.speech2lip.geometry.Rect;
import org.speech2lip.media.RgbImage;
import org.speech2lip.train.TrainedModel;

/**
 * Turns the head of a scene by a {@link PoseOffset} before its lips are made: the working crop is
 * re-projected with the model's learned canonical depth ({@link PoseShift}), the mouth window moves
 * to where the turned mouth is, and the window takes the turned view's depth and pose, so the lips
 * are generated for the new view and the Blend-Net fills the window's holes.
 */
final class HeadTurn {
    private final SubjectData subject;
    private final PoseOffset offset;
    private final PoseShift shift;
    private final int size;
    private final double[] lipCentre;

    HeadTurn(TrainedModel model, PoseOffset offset) {
        this.subject = model.subject();
        this.offset = offset;
        this.size = subject.meta().crop().size();
        float[] depth = depth(model);
        Camera cam = subject.camera();
        this.shift = new PoseShift(cam, depth, subject.canonicalFaceMask(), size);
        Rect box = subject.lipBox();
        double u = box.x() + box.w() / 2.0, v = box.y() + box.h() / 2.0;
        // the 3-D centre of the canonical lips, to place the turned mouth's window
        this.lipCentre = cam.unproject(u, v, depth[(int) v * size + (int) u]);
    }

    /**
     * The model's learned canonical depth, low-passed (Gaussian, σ = S/128 pixels) for the turn: the
     * photometric loss leaves pixel-scale ripples in it that a turn would show as cracks and false
     * occlusions, while the head's shape lives at larger scales.
     */
    static float[] depth(TrainedModel model) {
        int size = model.subject().meta().crop().size();
        float[] d = model.networks().depth().forward(model.store(), new NDList(), false).head().toFloatArray();
        return blurred(d, size, size / 128.0);
    }

    /** Separable Gaussian blur of a size × size map, edges clamped. */
    static float[] blurred(float[] map, int size, double sigma) {
        int radius = (int) Math.ceil(3 * sigma);
        float[] kernel = new float[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) sum += kernel[i + radius] = (float) Math.exp(-i * i / (2 * sigma * sigma));
        for (int i = 0; i < kernel.length; i++) kernel[i] /= (float) sum;
        float[] rows = new float[map.length], out = new float[map.length];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                float v = 0;
                for (int i = -radius; i <= radius; i++) v += kernel[i + radius] * map[y * size + Math.max(0, Math.min(size - 1, x + i))];
                rows[y * size + x] = v;
            }
        }
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                float v = 0;
                for (int i = -radius; i <= radius; i++) v += kernel[i + radius] * rows[Math.max(0, Math.min(size - 1, y + i)) * size + x];
                out[y * size + x] = v;
            }
        }
        return out;
    }

    /** The scene with its head turned; its image is redrawn in place. */
    Scene apply(Scene s) {
        Pose m = shift.motion(s.tCo(), offset.yaw(), offset.pitch(), offset.roll());
        double[] centre = subject.camera().project(m.apply(s.tCo().apply(lipCentre)));
        Rect w = s.window();
        int x = (int) Math.round(centre[0] - w.w() / 2.0), y = (int) Math.round(centre[1] - w.h() / 2.0);
        Rect window = new Rect(Math.max(0, Math.min(size - w.w(), x)), Math.max(0, Math.min(size - w.h(), y)), w.w(), w.h());
        int[] o = s.cropOrigin();
        RgbImage crop = s.image().crop(o[0], o[1], size, size);
        PoseShift.Result r = shift.apply(crop, s.tCo(), offset.yaw(), offset.pitch(), offset.roll(), window);
        paste(r.image(), s.image(), o[0], o[1]);
        boolean[] holes = new boolean[w.w() * w.h()];
        for (int j = 0; j < w.h(); j++) {
            for (int i = 0; i < w.w(); i++) holes[j * w.w() + i] = r.holes()[(window.y() + j) * size + window.x() + i];
        }
        return new Scene(s.frame(), s.source(), s.image(), o, window, r.windowDepth(), r.tCo(), holes);
    }

    /** Copies the crop back into the full frame where it lies inside it. */
    private static void paste(RgbImage crop, RgbImage frame, int x0, int y0) {
        for (int y = Math.max(0, -y0); y < crop.height && y0 + y < frame.height; y++) {
            int x = Math.max(0, -x0), n = Math.min(crop.width, frame.width - x0) - x;
            if (n > 0) System.arraycopy(crop.rgb, 3 * (y * crop.width + x), frame.rgb, 3 * ((y0 + y) * frame.width + x0 + x), 3 * n);
        }
    }
}
