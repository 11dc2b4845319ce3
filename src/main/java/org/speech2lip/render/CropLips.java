package org.speech2lip.render;

import ai.djl.ndarray.NDManager;
import org.speech2lip.data.SubjectData;
import org.speech2lip.media.RgbImage;
import org.speech2lip.model.LipPaste;

import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Lips copied from the subject's own canonical lip crops (the O2C images prepare made), sampled
 * bilinearly at the plan's points: the baselines' lips, pasted through exactly the model's path.
 * Output frame i takes the crop of subject frame {@code cropOf(i)}: the canonical frame for the
 * static baseline, the nearest-audio training frame for retrieval.
 */
public final class CropLips implements LipSource {
    private final SubjectData subject;
    private final IntUnaryOperator cropOf;

    public CropLips(SubjectData subject, IntUnaryOperator cropOf) {
        this.subject = subject;
        this.cropOf = cropOf;
    }

    @Override
    public float[] colours(NDManager m, List<Scene> scenes, LipPaste.Plan[] plans, int most) {
        float[] out = new float[scenes.size() * most * 3];
        for (int f = 0; f < scenes.size(); f++) {
            RgbImage crop = subject.lipCrop(cropOf.applyAsInt(scenes.get(f).frame()));
            float[] points = plans[f].points();
            for (int q = 0; q < plans[f].count(); q++) sample(crop, points[2 * q], points[2 * q + 1], out, 3 * (f * most + q));
        }
        return out;
    }

    /** Bilinear sample at lip-box point (u, v) in [-1, 1] (the lip field's convention), edges clamped. */
    static void sample(RgbImage crop, float u, float v, float[] out, int at) {
        double x = Math.max(0, Math.min(crop.width - 1, (u + 1) / 2 * crop.width - 0.5));
        double y = Math.max(0, Math.min(crop.height - 1, (v + 1) / 2 * crop.height - 0.5));
        int x0 = (int) x, y0 = (int) y, x1 = Math.min(x0 + 1, crop.width - 1), y1 = Math.min(y0 + 1, crop.height - 1);
        double fx = x - x0, fy = y - y0;
        for (int c = 0; c < 3; c++) {
            double top = (1 - fx) * crop.get(x0, y0, c) + fx * crop.get(x1, y0, c);
            double bottom = (1 - fx) * crop.get(x0, y1, c) + fx * crop.get(x1, y1, c);
            out[at + c] = (float) (((1 - fy) * top + fy * bottom) / 255);
        }
    }
}
