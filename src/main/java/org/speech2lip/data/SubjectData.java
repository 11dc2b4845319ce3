package org.speech2lip.data;

import org.speech2lip.UserError;
import org.speech2lip.geometry.Camera;
import org.speech2lip.geometry.Pose;
import org.speech2lip.geometry.Rect;
import org.speech2lip.geometry.ViewWarp;
import org.speech2lip.geometry.CanonicalFaceModel;
import org.speech2lip.geometry.LipShape;
import org.speech2lip.media.PhoneticPosteriorgram;
import org.speech2lip.media.RgbImage;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * A prepared subject in memory, as training and rendering read it: metadata, the per-frame arrays
 * of the subject directory, and (on first use) the working-crop frames decoded from its copy of the
 * source video into a scratch file. Opening refuses a directory prepare did not finish or of another format version.
 */
public final class SubjectData {
    private final SubjectDirectory dir;
    private final SubjectMeta meta;
    private final Pose[] poses;
    /** Mapped from their files, not read into the heap: a long clip's are gigabytes (see {@link Npy#mapBytes}). */
    private final ByteBuffer lipCrops, lipValid;
    private final float[] mel;
    private final float[] ppg;
    private final int[] windowOrigins;
    private final float[] canonicalDepth;
    private final byte[] faceMask;
    private final float[] mouthOpening;
    private WorkingFrames frames;
    private double[][] lipShapes;

    private SubjectData(SubjectDirectory dir, SubjectMeta meta) {
        this.dir = dir;
        this.meta = meta;
        int n = meta.frames();
        float[] m = array("poses", n, 4, 4).f32();
        poses = new Pose[n];
        for (int k = 0; k < n; k++) poses[k] = Pose.fromMatrix4(m, 16 * k);
        SubjectMeta.Box box = meta.lipBox();
        int s = meta.crop().size();
        lipCrops = mapped("lip_crops", n, box.h(), box.w(), 3);
        lipValid = mapped("lip_valid", n, box.h(), box.w());
        mel = array("mel", n, 16, 80).f32();
        ppg = array("ppg", n, PhoneticPosteriorgram.PHONES).f32();
        windowOrigins = array("window_origins", n, 2).i32();
        canonicalDepth = array("canonical_depth", s, s).f32();
        faceMask = array("canonical_face_mask", s, s).u8();
        mouthOpening = array("mouth_opening", n).f32();
    }

    /** Opens a finished subject directory; one-line errors for anything a stage should not trust. */
    public static SubjectData open(Path dir) {
        SubjectDirectory d = new SubjectDirectory(dir);
        return new SubjectData(d, d.readMeta());
    }

    private Npy.Array array(String name, int... shape) {
        Npy.Array a = Npy.read(dir.file(name + ".npy"));
        requireShape(name, a.shape(), shape);
        return a;
    }

    private ByteBuffer mapped(String name, int... shape) {
        Npy.MappedBytes a = Npy.mapBytes(dir.file(name + ".npy"));
        requireShape(name, a.shape(), shape);
        return a.data();
    }

    private void requireShape(String name, int[] actual, int[] expected) {
        if (!java.util.Arrays.equals(actual, expected)) {
            throw new UserError(dir.file(name + ".npy") + " has shape " + java.util.Arrays.toString(actual) + " instead of "
                    + java.util.Arrays.toString(expected) + ": run ./speech2lip prepare again with --force");
        }
    }

    public SubjectMeta meta() {
        return meta;
    }

    public Path path() {
        return dir.path();
    }

    public int frames() {
        return meta.frames();
    }

    /** Frames [0, trainFrames()) train; the rest test. */
    public int trainFrames() {
        return meta.split().train();
    }

    public Camera camera() {
        return new Camera(meta.camera().focal(), meta.camera().cx(), meta.camera().cy());
    }

    public Pose pose(int k) {
        return poses[k];
    }

    /** T_co: canonical-frame camera coordinates to frame k's. */
    public Pose canonicalToFrame(int k) {
        return Pose.relative(poses[meta.canonicalFrame()], poses[k]);
    }

    public Rect lipBox() {
        SubjectMeta.Box b = meta.lipBox();
        return new Rect(b.x(), b.y(), b.w(), b.h());
    }

    public Rect mouthWindow(int k) {
        return new Rect(windowOrigins[2 * k], windowOrigins[2 * k + 1], meta.mouthWindow().w(), meta.mouthWindow().h());
    }

    /** Frame k's canonical lip crop (the lip ground truth), RGB bytes h × w × 3. */
    public RgbImage lipCrop(int k) {
        int bytes = meta.lipBox().w() * meta.lipBox().h() * 3;
        byte[] out = new byte[bytes];
        lipCrops.get(k * bytes, out);
        return new RgbImage(meta.lipBox().w(), meta.lipBox().h(), out);
    }

    /** Every frame's mel window, (frames, 16, 80): the array itself, shared so that it is held once; do not write it. */
    public float[] sharedMel() {
        return mel;
    }

    /** Frame k's lip-crop validity, 1 where the canonical view saw the face. */
    public byte[] lipValid(int k) {
        int n = meta.lipBox().w() * meta.lipBox().h();
        byte[] out = new byte[n];
        lipValid.get(k * n, out);
        return out;
    }

    /**
     * Every frame's lip shape ({@link LipShape}): frames × {@link LipShape#DIMS}, from
     * {@code landmarks.npy}, read on first use.
     */
    public synchronized double[][] lipShapes() {
        if (lipShapes == null) {
            float[] lm = array("landmarks", frames(), CanonicalFaceModel.VERTICES, 3).f32();
            lipShapes = new double[frames()][];
            for (int k = 0; k < frames(); k++) lipShapes[k] = LipShape.of(lm, k * 3 * CanonicalFaceModel.VERTICES, poses[k], camera());
        }
        return lipShapes;
    }

    /**
     * Frame k's 40 lip landmarks in {@link LipShape}'s order, (x, y) in working-crop pixels, read
     * from {@code landmarks.npy}.
     */
    public float[] lipPoints(int k) {
        float[] lm = array("landmarks", frames(), CanonicalFaceModel.VERTICES, 3).f32();
        float[] out = new float[LipShape.DIMS];
        for (int i = 0; i < LipShape.POINTS; i++) {
            int index = i < CanonicalFaceModel.LIPS_OUTER.length ? CanonicalFaceModel.LIPS_OUTER[i]
                    : CanonicalFaceModel.LIPS_INNER[i - CanonicalFaceModel.LIPS_OUTER.length];
            out[2 * i] = lm[(k * CanonicalFaceModel.VERTICES + index) * 3];
            out[2 * i + 1] = lm[(k * CanonicalFaceModel.VERTICES + index) * 3 + 1];
        }
        return out;
    }

    /** Frame k's mel window, 16 steps × 80 bins. */
    public float[] mel(int k) {
        float[] out = new float[16 * 80];
        System.arraycopy(mel, k * out.length, out, 0, out.length);
        return out;
    }

    /** Frame k's phonetic posteriors, one probability per phone ({@link PhoneticPosteriorgram}). */
    public float[] ppg(int k) {
        float[] out = new float[PhoneticPosteriorgram.PHONES];
        System.arraycopy(ppg, k * out.length, out, 0, out.length);
        return out;
    }

    /**
     * The head's depth in frame k's mouth window, windowH × windowW: the canonical depth seen from
     * frame k's pose ({@link ViewWarp#observedDepth}), not frame k's own face mesh, whose mouth
     * shape would let a render's lips follow the background frame's mouth instead of the speech.
     * NaN off the canonical lip box's footprint ({@link #lipFootprint}), where nothing is pasted.
     */
    public float[] windowDepth(int k) {
        int s = meta.crop().size();
        Rect window = mouthWindow(k), lips = lipFootprint(k, window);
        float[] out = new float[window.w() * window.h()];
        Arrays.fill(out, Float.NaN);
        if (lips == null) return out;
        float[] part = ViewWarp.observedDepth(camera(), canonicalDepth, s, s, canonicalToFrame(k), lips);
        for (int y = 0; y < lips.h(); y++) {
            System.arraycopy(part, y * lips.w(), out, (lips.y() - window.y() + y) * window.w() + lips.x() - window.x(), lips.w());
        }
        return out;
    }

    /**
     * Where in frame k the canonical lip box lands, grown by two pixels and cut to {@code window}
     * (null if it misses it): the only part of the window whose depth a paste reads, and, at a
     * third of the window, the only part worth the search that finds it.
     */
    private Rect lipFootprint(int k, Rect window) {
        int s = meta.crop().size();
        Rect box = lipBox();
        double x0 = Double.MAX_VALUE, y0 = Double.MAX_VALUE, x1 = -Double.MAX_VALUE, y1 = -Double.MAX_VALUE;
        Rect[] edges = {new Rect(box.x(), box.y(), box.w(), 1), new Rect(box.x(), box.y() + box.h() - 1, box.w(), 1),
                new Rect(box.x(), box.y(), 1, box.h()), new Rect(box.x() + box.w() - 1, box.y(), 1, box.h())};
        for (Rect edge : edges) {
            float[] at = ViewWarp.o2cMap(camera(), canonicalDepth, s, s, canonicalToFrame(k), edge);
            for (int p = 0; p < at.length; p += 2) {
                if (Float.isNaN(at[p])) continue;
                x0 = Math.min(x0, at[p]);
                x1 = Math.max(x1, at[p]);
                y0 = Math.min(y0, at[p + 1]);
                y1 = Math.max(y1, at[p + 1]);
            }
        }
        int ax = Math.max(window.x(), (int) Math.floor(x0) - 2), ay = Math.max(window.y(), (int) Math.floor(y0) - 2);
        int bx = Math.min(window.x() + window.w(), (int) Math.ceil(x1) + 3), by = Math.min(window.y() + window.h(), (int) Math.ceil(y1) + 3);
        return bx > ax && by > ay ? new Rect(ax, ay, bx - ax, by - ay) : null;
    }

    /** The canonical frame's depth over the whole head, S × S (the learnable depth's start). */
    public float[] canonicalDepth() {
        return canonicalDepth.clone();
    }

    /** 1 where the canonical face mesh covers the working crop, S × S. */
    public byte[] canonicalFaceMask() {
        return faceMask.clone();
    }

    public float mouthOpening(int k) {
        return mouthOpening[k];
    }

    /**
     * The working-crop frames, decoded from the subject's copy of the source video on first call
     * into a scratch file ({@link WorkingFrames}), which lives as long as this process.
     */
    public synchronized WorkingFrames workingFrames() {
        if (frames == null) {
            SubjectMeta.Crop c = meta.crop();
            frames = WorkingFrames.decode(sourceVideo(), meta.fps(), frames(), c.x(), c.y(), c.size(),
                    Path.of(System.getProperty("java.io.tmpdir")));
        }
        return frames;
    }

    /** The subject's byte-identical copy of the video it was prepared from. */
    public Path sourceVideo() {
        try (Stream<Path> s = Files.list(dir.path())) {
            return s.filter(p -> p.getFileName().toString().startsWith("source.")).findFirst()
                    .orElseThrow(() -> new UserError(dir.path() + " has no source video: run ./speech2lip prepare again with --force"));
        } catch (java.io.IOException e) {
            throw new UserError("Cannot list " + dir.path() + " (" + e.getMessage() + "): check the subject directory", e);
        }
    }
}
