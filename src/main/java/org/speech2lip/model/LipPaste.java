package org.speech2lip.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.speech2lip.geometry.Camera;
import org.speech2lip.geometry.Pose;
import org.speech2lip.geometry.Rect;
import org.speech2lip.geometry.ViewWarp;

import java.util.Arrays;

/**
 * Pastes canonical lips into an observed frame (the input of the Blend-Net, paper §4.4). The C2O
 * map sends each pixel of an observed rectangle to a canonical-view position; the pixels whose
 * position falls inside the canonical lip box take the lip field's colour there, and all others keep
 * the real frame. The field is queried at those positions directly: being continuous it needs no
 * intermediate lip image, so nothing is resampled twice.
 */
public final class LipPaste {

    /**
     * Which pixels of {@code observed} are pasted and where they read the lips.
     *
     * @param observed the observed rectangle (working-crop pixels)
     * @param pixels   row-major indices, within the rectangle, of the pasted pixels
     * @param points   their lip-box coordinates (u, v) in the lip field's [-1, 1] convention, 2 per pixel
     */
    public record Plan(Rect observed, int[] pixels, float[] points) {
        public int count() {
            return pixels.length;
        }
    }

    private LipPaste() {}

    /**
     * The plan for rectangle {@code observed} of a frame whose face depth over that rectangle is
     * {@code observedDepth} (NaN off the face) and whose pose relative to the canonical frame is {@code tCo}.
     */
    public static Plan plan(Camera cam, Rect lipBox, float[] observedDepth, Pose tCo, Rect observed) {
        float[] map = ViewWarp.c2oMap(cam, observedDepth, tCo, observed);
        int n = observed.w() * observed.h(), count = 0;
        int[] pixels = new int[n];
        float[] points = new float[2 * n];
        for (int p = 0; p < n; p++) {
            float u = map[2 * p], v = map[2 * p + 1];
            if (Float.isNaN(u) || Float.isNaN(v)) continue;
            float bu = 2 * (u - lipBox.x()) / lipBox.w() - 1, bv = 2 * (v - lipBox.y()) / lipBox.h() - 1;
            if (bu < -1 || bu > 1 || bv < -1 || bv > 1) continue;
            pixels[count] = p;
            points[2 * count] = bu;
            points[2 * count + 1] = bv;
            count++;
        }
        return new Plan(observed, Arrays.copyOf(pixels, count), Arrays.copyOf(points, 2 * count));
    }

    /** The plan's query points as a (1, Q, 2) array for the lip field. */
    public static NDArray points(NDManager m, Plan plan) {
        return m.create(plan.points(), new Shape(1, plan.count(), 2));
    }

    /**
     * The pasted image and its mask: {@code real} (3, h, w) is the observed rectangle, {@code colours}
     * (Q, 3) the lips at the plan's points. Returns (pasted (3, h, w), mask (1, h, w), 1 on pasted
     * pixels); gradient reaches the colours.
     */
    public static NDList compose(NDArray real, NDArray colours, Plan plan) {
        NDManager m = real.getManager();
        int n = plan.observed().w() * plan.observed().h(), q = plan.count();
        long[] source = new long[n];
        float[] mask = new float[n];
        // pixels that are not pasted read an extra row of zeros
        Arrays.fill(source, q);
        for (int i = 0; i < q; i++) {
            source[plan.pixels()[i]] = i;
            mask[plan.pixels()[i]] = 1;
        }
        NDArray rows = colours.reshape(q, 3).concat(m.zeros(new Shape(1, 3), colours.getDataType()), 0).transpose();
        NDArray index = m.create(source, new Shape(1, n)).broadcast(3, n);
        Shape image = new Shape(3, plan.observed().h(), plan.observed().w());
        NDArray lips = rows.gather(index, 1).reshape(image);
        NDArray inside = m.create(mask, new Shape(1, plan.observed().h(), plan.observed().w())).toType(real.getDataType(), false);
        NDArray pasted = real.mul(inside.neg().add(1)).add(lips);
        return new NDList(pasted, inside);
    }
}
