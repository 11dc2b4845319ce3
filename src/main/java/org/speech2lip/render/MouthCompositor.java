package org.speech2lip.render;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.speech2lip.data.SubjectData;
import org.speech2lip.geometry.Rect;
import org.speech2lip.media.RgbImage;
import org.speech2lip.model.BlendNet;
import org.speech2lip.model.LipPaste;
import org.speech2lip.train.TrainedModel;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives a batch of scenes their new lips (paper §4.4 at inference): each mouth-window pixel whose
 * C2O position falls in the canonical lip box takes the colour of a {@link LipSource} there (the lip
 * field, or for a baseline a lip image); holes are zeroed; the Blend-Net
 * harmonises the part of the window around them; that part is pasted back into the full frame with
 * a feathered seam.
 * The frames of a batch share one pass through each network.
 */
public final class MouthCompositor {
    private final TrainedModel model;
    private final SubjectData subject;
    private final BlendNet blend;
    /** Pixels of real frame kept around the mask in the Blend-Net's region: context for the seam, and room for the feather. */
    static final int MARGIN = 16;
    /** Width of the seam's ramp where the region meets the untouched frame. */
    static final int FEATHER = 8;
    private final Map<Integer, FeatheredPaste> seams = new HashMap<>();
    private final float[][] scratch = new float[4][];
    private final Staging staging = new Staging(2);
    private final int winW, winH;

    public MouthCompositor(TrainedModel model) {
        this.model = model;
        this.subject = model.subject();
        this.blend = model.networks().blend();
        Rect w = subject.mouthWindow(0);
        winW = w.w();
        winH = w.h();
    }

    /** Draws the new mouths of {@code scenes} into their images, the lips' colours from {@code lips}. */
    public void compose(List<Scene> scenes, LipSource lips, StageClock clock) {
        int b = scenes.size(), plane = winW * winH;
        long t = System.nanoTime();
        LipPaste.Plan[] plans = new LipPaste.Plan[b];
        int most = 1;
        for (int f = 0; f < b; f++) {
            Scene s = scenes.get(f);
            plans[f] = LipPaste.plan(subject.camera(), subject.lipBox(), s.windowDepth(), s.tCo(), s.window());
            most = Math.max(most, plans[f].count());
        }
        float[] pasted = buffer(0, b * 3 * plane), mask = buffer(1, b * plane);
        Arrays.fill(mask, 0, b * plane, 0);
        for (int f = 0; f < b; f++) readWindow(scenes.get(f), pasted, f * 3 * plane);
        t = clock.lap("warp", t);

        try (NDManager m = model.manager().newSubManager()) {
            float[] colours = lips.colours(m, scenes, plans, most);
            t = clock.lap("lip field", t);
            for (int f = 0; f < b; f++) paste(plans[f], colours, f * most * 3, scenes.get(f).holes(), pasted, f * 3 * plane, mask, f * plane);
            Rect[] regions = regions(mask, b);
            int rw = regions[0].w(), rh = regions[0].h(), area = rw * rh;
            float[] region = buffer(2, b * 3 * area), regionMask = buffer(3, b * area);
            for (int f = 0; f < b; f++) {
                copy(pasted, f * 3 * plane, winW, regions[f], region, f * 3 * area, 3);
                copy(mask, f * plane, winW, regions[f], regionMask, f * area, 1);
            }
            t = clock.lap("warp", t);
            if (blend != null) {
                Shape image = new Shape(b, 3, rh, rw), maskShape = new Shape(b, 1, rh, rw);
                NDList in = new NDList(staging.upload(m, 0, region, image), staging.upload(m, 1, regionMask, maskShape));
                // a heap copy, not toByteBuffer: a direct buffer's native memory waits for a GC to be freed
                float[] out = blend.forward(model.store(), in, false).head().toFloatArray();
                System.arraycopy(out, 0, region, 0, out.length);
                t = clock.lap("blend-net", t);
            }
            FeatheredPaste seam = seams.computeIfAbsent(rw * 100_000 + rh, key -> new FeatheredPaste(rw, rh, FEATHER));
            for (int f = 0; f < b; f++) {
                Scene s = scenes.get(f);
                seam.paste(s.image(), region, f * 3 * area, s.x0() + regions[f].x(), s.y0() + regions[f].y());
            }
            clock.lap("paste", t);
        }
    }

    /** Scratch array {@code slot} of at least {@code size} floats, kept from batch to batch so a long render makes little garbage. */
    private float[] buffer(int slot, int size) {
        if (scratch[slot] == null || scratch[slot].length < size) scratch[slot] = new float[size];
        return scratch[slot];
    }

    /**
     * The part of each window the Blend-Net works on: the bounding box of its mask grown by
     * {@link #MARGIN}, all of one batch-wide size (a multiple of 4, the network halves it twice),
     * each placed over its own box and kept inside the window. Outside it the window is the real
     * frame, which the Blend-Net would only reproduce.
     */
    private Rect[] regions(float[] mask, int b) {
        int plane = winW * winH;
        int[][] boxes = new int[b][];
        int rw = 4, rh = 4;
        for (int f = 0; f < b; f++) {
            int x0 = winW, y0 = winH, x1 = -1, y1 = -1;
            for (int p = 0; p < plane; p++) {
                if (mask[f * plane + p] == 0) continue;
                int x = p % winW, y = p / winW;
                x0 = Math.min(x0, x);
                x1 = Math.max(x1, x);
                y0 = Math.min(y0, y);
                y1 = Math.max(y1, y);
            }
            if (x1 < 0) {
                x0 = x1 = winW / 2;
                y0 = y1 = winH / 2;
            }
            boxes[f] = new int[] {x0, y0, x1, y1};
            rw = Math.max(rw, x1 - x0 + 1 + 2 * MARGIN);
            rh = Math.max(rh, y1 - y0 + 1 + 2 * MARGIN);
        }
        rw = Math.min(winW, (rw + 3) / 4 * 4);
        rh = Math.min(winH, (rh + 3) / 4 * 4);
        Rect[] out = new Rect[b];
        for (int f = 0; f < b; f++) {
            int[] box = boxes[f];
            int x = Math.max(0, Math.min(winW - rw, (box[0] + box[2] + 1 - rw) / 2));
            int y = Math.max(0, Math.min(winH - rh, (box[1] + box[3] + 1 - rh) / 2));
            out[f] = new Rect(x, y, rw, rh);
        }
        return out;
    }

    /** Copies {@code rect} of {@code channels} planes of width {@code stride} into {@code to}, packed. */
    private void copy(float[] from, int fromOffset, int stride, Rect rect, float[] to, int toOffset, int channels) {
        int plane = winW * winH, area = rect.w() * rect.h();
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < rect.h(); y++) {
                System.arraycopy(from, fromOffset + c * plane + (rect.y() + y) * stride + rect.x(), to, toOffset + c * area + y * rect.w(), rect.w());
            }
        }
    }

    /** The scene's mouth window from its full-frame image, as 3 planes of [0, 1] floats; pixels off the frame repeat its edge. */
    private void readWindow(Scene s, float[] out, int offset) {
        RgbImage img = s.image();
        int plane = winW * winH, x0 = s.x0(), y0 = s.y0();
        for (int y = 0; y < winH; y++) {
            int yy = Math.max(0, Math.min(img.height - 1, y0 + y));
            for (int x = 0; x < winW; x++) {
                int xx = Math.max(0, Math.min(img.width - 1, x0 + x)), src = 3 * (yy * img.width + xx), to = offset + y * winW + x;
                out[to] = (img.rgb[src] & 0xff) / 255f;
                out[to + plane] = (img.rgb[src + 1] & 0xff) / 255f;
                out[to + 2 * plane] = (img.rgb[src + 2] & 0xff) / 255f;
            }
        }
    }

    /** Writes the plan's lip colours and the holes (zeros) into one window, and marks both in its mask. */
    private void paste(LipPaste.Plan plan, float[] colours, int colourOffset, boolean[] holes, float[] window, int offset, float[] mask, int maskOffset) {
        int plane = winW * winH;
        if (holes != null) {
            for (int p = 0; p < plane; p++) {
                if (!holes[p]) continue;
                window[offset + p] = window[offset + plane + p] = window[offset + 2 * plane + p] = 0;
                mask[maskOffset + p] = 1;
            }
        }
        int[] pixels = plan.pixels();
        for (int q = 0; q < pixels.length; q++) {
            int p = pixels[q];
            for (int c = 0; c < 3; c++) window[offset + c * plane + p] = colours[colourOffset + 3 * q + c];
            mask[maskOffset + p] = 1;
        }
    }
}
