package org.speech2lip.face;

import org.speech2lip.media.RgbImage;

import java.util.List;

/**
 * Follows one face through a video, frame by frame, the way MediaPipe's face mesh does: each frame's
 * landmarks give the next frame's {@link Roi}, and the detector runs only when there is no face to
 * follow or the mesh's presence score falls below {@link #MIN_PRESENCE}. Every
 * {@link #CHECK_EVERY}th frame the detector also runs to count frames with a second confident face.
 *
 * <p>Not thread-safe: one tracker per video.
 */
public final class FaceTracker implements AutoCloseable {

    /** MediaPipe's face-presence threshold. */
    public static final float MIN_PRESENCE = 0.5f;
    /** One frame in this many is searched for other faces (once a second at 25 fps). */
    public static final int CHECK_EVERY = 25;
    /** Detections at least this confident count as a second face. */
    public static final float SECOND_FACE_MIN_SCORE = 0.6f;
    /** A detection with more than this fraction of its box inside the tracked face is that face. */
    static final float SAME_FACE_OVERLAP = 0.3f;

    private final FaceDetector shortRange;
    private final FaceDetector fullRange;
    private final FaceMesh mesh;
    private Roi roi;
    private float lastX = Float.NaN, lastY = Float.NaN;
    private int frames, checked, withSecondFace;

    public FaceTracker(ModelStore store, int threads) {
        shortRange = FaceDetector.shortRange(store, threads);
        fullRange = FaceDetector.fullRange(store, threads);
        mesh = new FaceMesh(store, threads);
    }

    /** The face's landmarks in {@code frame}, or null when no face is found. Call once per frame, in order. */
    public Landmarks track(RgbImage frame) {
        Landmarks face = roi == null ? null : present(mesh.estimate(frame, roi));
        List<Detection> detections = null;
        if (face == null) {
            detections = detect(frame);
            face = fromDetections(frame, detections);
        }
        roi = face == null ? null : Roi.fromLandmarks(face.xyz());
        if (roi != null) {
            lastX = roi.cx();
            lastY = roi.cy();
        }
        if (frames % CHECK_EVERY == 0) countSecondFace(detections != null ? detections : detect(frame), face);
        frames++;
        return face;
    }

    /** Faces in the whole frame: the short-range model first, the full-range one when it finds none. */
    public List<Detection> detect(RgbImage frame) {
        List<Detection> found = shortRange.detect(frame);
        return found.isEmpty() ? fullRange.detect(frame) : found;
    }

    public int frames() {
        return frames;
    }

    /** Frames searched for a second face. */
    public int framesChecked() {
        return checked;
    }

    /** Searched frames that held a confident face other than the tracked one. */
    public int framesWithSecondFace() {
        return withSecondFace;
    }

    /**
     * Starts from the detection nearest the last tracked face (the best one when there is none),
     * then runs the mesh a second time on the ROI of its own landmarks: the detection box is coarser
     * than the landmark box the mesh is used to.
     */
    private Landmarks fromDetections(RgbImage frame, List<Detection> detections) {
        if (detections.isEmpty()) return null;
        Detection start = detections.get(0);
        if (!Float.isNaN(lastX)) {
            double nearest = Double.MAX_VALUE;
            for (Detection d : detections) {
                double dist = Math.hypot(d.xmin() + d.width() / 2 - lastX, d.ymin() + d.height() / 2 - lastY);
                if (dist < nearest) {
                    nearest = dist;
                    start = d;
                }
            }
        }
        Landmarks first = present(mesh.estimate(frame, Roi.fromDetection(start)));
        if (first == null) return null;
        Landmarks refined = present(mesh.estimate(frame, Roi.fromLandmarks(first.xyz())));
        return refined != null ? refined : first;
    }

    private static Landmarks present(Landmarks l) {
        return l.presence() >= MIN_PRESENCE ? l : null;
    }

    private void countSecondFace(List<Detection> detections, Landmarks face) {
        checked++;
        int others = 0;
        for (Detection d : detections) {
            if (d.score() >= SECOND_FACE_MIN_SCORE && (face == null || !covers(face.xyz(), d))) others++;
        }
        // with no tracked face, one detection is the speaker and any further one a second face
        if (others > (face == null ? 1 : 0)) withSecondFace++;
    }

    /** Whether the box around the landmarks holds more than {@link #SAME_FACE_OVERLAP} of d's box. */
    private static boolean covers(float[] xyz, Detection d) {
        return Detection.around(xyz).intersection(d) > SAME_FACE_OVERLAP * d.width() * d.height();
    }

    @Override
    public void close() {
        shortRange.close();
        fullRange.close();
        mesh.close();
    }
}
