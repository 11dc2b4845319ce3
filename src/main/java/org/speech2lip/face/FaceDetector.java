package org.speech2lip.face;

import org.speech2lip.media.RgbImage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * BlazeFace, MediaPipe's face detector: the whole frame is letterboxed (aspect kept, black bars)
 * into the model's square input, the 16 regressed values per anchor are decoded into a box and six
 * keypoints, and overlapping boxes are merged by weighted NMS. The short-range model (128×128)
 * suits faces filling a good part of the frame, the full-range one (192×192) smaller faces.
 *
 * <p>Not thread-safe.
 */
public final class FaceDetector implements AutoCloseable {

    /** IoU above which two boxes are the same face (MediaPipe's value). */
    static final float NMS_IOU = 0.3f;
    /** Logits are clipped before the sigmoid, as in MediaPipe. */
    private static final float SCORE_CLIP = 100f;
    private static final int COORDS = 16, KEYPOINT_OFFSET = 4;

    private final TfliteModel model;
    private final int size;
    private final float[] anchors;
    private final float minScore;
    private final float[] input;
    private final int boxOutput, scoreOutput;

    private FaceDetector(Path file, int threads, int size, int[] strides, boolean interpolatedScale, float minScore) {
        this.model = new TfliteModel(file, threads);
        this.size = size;
        this.anchors = SsdAnchors.centres(size, strides, interpolatedScale);
        this.minScore = minScore;
        this.input = new float[size * size * 3];
        int[][] shapes = model.outputShapes();
        boxOutput = shapes[0][shapes[0].length - 1] == COORDS ? 0 : 1;
        scoreOutput = 1 - boxOutput;
        int[] in = model.inputShape();
        if (in[1] != size || in[2] != size || shapes[boxOutput][1] != anchors.length / 2) {
            model.close();
            throw new IllegalStateException(file + " does not have the BlazeFace tensors expected for a " + size + " px input");
        }
    }

    /** The 128×128 model for faces within about two metres: strides 8,16,16,16 give 896 anchors. */
    public static FaceDetector shortRange(ModelStore store) {
        return shortRange(store, 1);
    }

    public static FaceDetector shortRange(ModelStore store, int threads) {
        return new FaceDetector(store.path(ModelStore.Model.FACE_DETECTION_SHORT), threads,
                128, new int[] {8, 16, 16, 16}, true, 0.5f);
    }

    /** The 192×192 model for faces up to about five metres: one stride-4 layer, 2304 anchors. */
    public static FaceDetector fullRange(ModelStore store) {
        return fullRange(store, 1);
    }

    /** MediaPipe keeps full-range detections from score 0.6 (short range: 0.5). */
    public static FaceDetector fullRange(ModelStore store, int threads) {
        return new FaceDetector(store.path(ModelStore.Model.FACE_DETECTION_FULL), threads,
                192, new int[] {4}, false, 0.6f);
    }

    /** The faces in {@code img}, best score first, in image pixels. */
    public List<Detection> detect(RgbImage img) {
        float side = Math.max(img.width, img.height);
        Roi letterbox = new Roi(img.width / 2f, img.height / 2f, side, 0);
        RoiSampler.sample(img, letterbox, size, RoiSampler.Border.BLACK, 2f / 255f, -1f, input);
        float[][] out = model.run(input);
        return WeightedNms.apply(decode(out[boxOutput], out[scoreOutput], (img.width - side) / 2, (img.height - side) / 2, side), NMS_IOU);
    }

    /** Decodes every anchor above the score threshold; (x0, y0, side) place the letterbox in the image. */
    private List<Detection> decode(float[] boxes, float[] logits, float x0, float y0, float side) {
        List<Detection> found = new ArrayList<>();
        float px = side / size; // regressed offsets are in input-tensor pixels
        for (int a = 0; a < logits.length; a++) {
            float logit = Math.max(-SCORE_CLIP, Math.min(SCORE_CLIP, logits[a]));
            float score = (float) (1 / (1 + Math.exp(-logit)));
            if (score < minScore) continue;
            float ax = x0 + anchors[2 * a] * side, ay = y0 + anchors[2 * a + 1] * side;
            int b = a * COORDS;
            float cx = ax + boxes[b] * px, cy = ay + boxes[b + 1] * px;
            float w = boxes[b + 2] * px, h = boxes[b + 3] * px;
            float[] k = new float[2 * Detection.KEYPOINTS];
            for (int i = 0; i < k.length; i += 2) {
                k[i] = ax + boxes[b + KEYPOINT_OFFSET + i] * px;
                k[i + 1] = ay + boxes[b + KEYPOINT_OFFSET + i + 1] * px;
            }
            found.add(new Detection(score, cx - w / 2, cy - h / 2, w, h, k));
        }
        return found;
    }

    @Override
    public void close() {
        model.close();
    }
}
