package org.speech2lip.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.speech2lip.data.SubjectData;
import org.speech2lip.data.SubjectMeta;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A subject's canonical lip crops and mel windows, cut into sync-expert inputs. The window starting
 * at frame k is lip crops k … k+4 with mel window k, which covers exactly those five frames' audio
 * (frame k's window starts at k/25 s and lasts 0.2 s).
 */
public final class SyncWindows {
    /** Audio this many frames (0.2 s, a whole window) or more away from the lips counts as unsynced. */
    public static final int MIN_SHIFT = SyncExpert.FRAMES;
    /** Half of the negatives are near misses, shifted by at most this many frames. */
    private static final int NEAR_SHIFT = 12;

    private final byte[] crops;
    private final float[] mel;
    private final int frames, height, width, trainFrames;

    /**
     * @param crops       (frames, height, width, 3) RGB lip crops
     * @param mel         (frames, 16, 80) mel windows
     * @param trainFrames frames [0, trainFrames) are the training split
     */
    public SyncWindows(byte[] crops, float[] mel, int frames, int height, int width, int trainFrames) {
        if (crops.length != frames * height * width * 3 || mel.length != frames * SyncExpert.MEL_STEPS * SyncExpert.MEL_BINS) {
            throw new IllegalArgumentException("lip crops or mel windows do not hold " + frames + " frames");
        }
        this.crops = crops;
        this.mel = mel;
        this.frames = frames;
        this.height = height;
        this.width = width;
        this.trainFrames = trainFrames;
    }

    /**
     * The windows of an open subject with its lip crops shrunk to {@code h} × {@code w} (see
     * {@link #resized}), read a frame at a time; the mel windows are the subject's own array.
     */
    public static SyncWindows of(SubjectData subject, int h, int w) {
        SubjectMeta.Box box = subject.meta().lipBox();
        requireShrink(box.h(), box.w(), h, w);
        int n = subject.frames();
        byte[] out = new byte[n * h * w * 3];
        Shrink shrink = new Shrink(box.h(), box.w(), h, w);
        for (int f = 0; f < n; f++) shrink.apply(subject.lipCrop(f).rgb, 0, out, f * h * w * 3);
        return new SyncWindows(out, subject.sharedMel(), n, h, w, subject.trainFrames());
    }

    public int frames() {
        return frames;
    }

    public int trainFrames() {
        return trainFrames;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /**
     * The same windows with every lip crop shrunk to {@code h} × {@code w} by averaging the source
     * pixels whose centres fall in each target pixel: the size the expert judges, and the size the
     * lip field renders for it during stage 2.
     */
    public SyncWindows resized(int h, int w) {
        requireShrink(height, width, h, w);
        byte[] out = new byte[frames * h * w * 3];
        Shrink shrink = new Shrink(height, width, h, w);
        for (int f = 0; f < frames; f++) shrink.apply(crops, f * height * width * 3, out, f * h * w * 3);
        return new SyncWindows(out, mel, frames, h, w, trainFrames);
    }

    /**
     * These windows with every frame of {@code others} (each of this crop size) placed before them,
     * all counted as training frames; the test split stays last. The four windows that straddle a
     * joint mix two clips, a negligible share.
     */
    public SyncWindows withTrainingFrom(java.util.List<SyncWindows> others) {
        int extra = 0;
        for (SyncWindows o : others) {
            if (o.height != height || o.width != width) throw new IllegalArgumentException("crops of " + o.width + "x" + o.height + ", not " + width + "x" + height);
            extra += o.frames;
        }
        int cropBytes = height * width * 3, melFloats = SyncExpert.MEL_STEPS * SyncExpert.MEL_BINS;
        byte[] allCrops = new byte[(extra + frames) * cropBytes];
        float[] allMel = new float[(extra + frames) * melFloats];
        int at = 0;
        for (SyncWindows o : others) {
            System.arraycopy(o.crops, 0, allCrops, at * cropBytes, o.frames * cropBytes);
            System.arraycopy(o.mel, 0, allMel, at * melFloats, o.frames * melFloats);
            at += o.frames;
        }
        System.arraycopy(crops, 0, allCrops, at * cropBytes, frames * cropBytes);
        System.arraycopy(mel, 0, allMel, at * melFloats, frames * melFloats);
        return new SyncWindows(allCrops, allMel, extra + frames, height, width, extra + trainFrames);
    }

    /** (B, 15, h, w) in [0, 1]: for each start k, lip crops k … k+4 stacked on channels. */
    public NDArray faces(NDManager manager, int[] starts) {
        int plane = height * width, stack = 3 * SyncExpert.FRAMES * plane;
        float[] out = new float[starts.length * stack];
        for (int b = 0; b < starts.length; b++) {
            for (int i = 0; i < SyncExpert.FRAMES; i++) {
                int src = (starts[b] + i) * plane * 3;
                int dst = b * stack + 3 * i * plane;
                for (int p = 0; p < plane; p++) {
                    for (int c = 0; c < 3; c++) out[dst + c * plane + p] = (crops[src + 3 * p + c] & 0xff) / 255f;
                }
            }
        }
        return manager.create(out, new Shape(starts.length, 3 * SyncExpert.FRAMES, height, width));
    }

    /** (B, 1, 16, 80): mel window k for each start k. */
    public NDArray mel(NDManager manager, int[] starts) {
        int size = SyncExpert.MEL_STEPS * SyncExpert.MEL_BINS;
        float[] out = new float[starts.length * size];
        for (int b = 0; b < starts.length; b++) System.arraycopy(mel, starts[b] * size, out, b * size, size);
        return manager.create(out, new Shape(starts.length, 1, SyncExpert.MEL_STEPS, SyncExpert.MEL_BINS));
    }

    /**
     * An unsynced audio window for lips starting at k: a start in [from, to − 5] at least
     * {@link #MIN_SHIFT} frames from k; half the time a near miss (at most 12 frames away, the
     * offsets a sync judge must tell apart), otherwise anywhere in the range.
     */
    public static int shifted(int k, int from, int to, SplittableRandom rnd) {
        int last = to - SyncExpert.FRAMES;
        if (k - MIN_SHIFT < from && k + MIN_SHIFT > last) {
            throw new IllegalArgumentException("no window in [" + from + ", " + to + ") is " + MIN_SHIFT + " frames from " + k);
        }
        while (true) {
            int j = rnd.nextBoolean()
                    ? k + (rnd.nextBoolean() ? 1 : -1) * (MIN_SHIFT + rnd.nextInt(NEAR_SHIFT - MIN_SHIFT + 1))
                    : from + rnd.nextInt(last - from + 1);
            if (j >= from && j <= last && Math.abs(j - k) >= MIN_SHIFT) return j;
        }
    }

    private static void requireShrink(int height, int width, int h, int w) {
        if (h > height || w > width || h < 1 || w < 1) throw new IllegalArgumentException("can only shrink " + width + "x" + height + " crops, not to " + w + "x" + h);
    }

    /** Shrinks height × width RGB crops to h × w by averaging the source pixels whose centres fall in each target pixel. */
    private static final class Shrink {
        private final int height, width, h, w;
        private final int[] row, col, count;
        private final float[] sum;

        Shrink(int height, int width, int h, int w) {
            this.height = height;
            this.width = width;
            this.h = h;
            this.w = w;
            row = new int[height];
            col = new int[width];
            for (int y = 0; y < height; y++) row[y] = Math.min(h - 1, (int) ((y + 0.5) * h / height));
            for (int x = 0; x < width; x++) col[x] = Math.min(w - 1, (int) ((x + 0.5) * w / width));
            sum = new float[h * w * 3];
            count = new int[h * w];
        }

        void apply(byte[] src, int from, byte[] out, int to) {
            Arrays.fill(sum, 0);
            Arrays.fill(count, 0);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int t = row[y] * w + col[x];
                    count[t]++;
                    for (int c = 0; c < 3; c++) sum[3 * t + c] += src[from + 3 * (y * width + x) + c] & 0xff;
                }
            }
            for (int t = 0; t < h * w; t++) {
                for (int c = 0; c < 3; c++) out[to + 3 * t + c] = (byte) Math.round(sum[3 * t + c] / count[t]);
            }
        }
    }
}
