package org.speech2lip.face;

import org.speech2lip.UserError;

/**
 * The face track of a whole clip after clean-up: short gaps filled, then smoothed. Each frame is
 * flagged {@link #DETECTED}, {@link #INTERPOLATED} or {@link #MISSING} (its landmarks are then null).
 */
public final class FaceTrackResult {

    public static final byte DETECTED = 0, INTERPOLATED = 1, MISSING = 2;

    /** Gaps up to half a second (a blink of the tracker, a hand across the face) are interpolated. */
    public static final double MAX_GAP_SECONDS = 0.5;
    /** More missing frames than this and the clip cannot train a talking head. */
    public static final double MAX_MISSING_FRACTION = 0.20;
    /** More searched frames with a second face than this and the speaker is ambiguous. */
    public static final double MAX_SECOND_FACE_FRACTION = 0.10;

    private final float[][] landmarks;
    private final byte[] flags;
    private final TrackSummary summary;

    private FaceTrackResult(float[][] landmarks, byte[] flags, TrackSummary summary) {
        this.landmarks = landmarks;
        this.flags = flags;
        this.summary = summary;
    }

    /**
     * Cleans up a raw track: {@code raw[t]} is frame t's {@link Landmarks#xyz()} or null, and the two
     * counts come from {@link FaceTracker#framesChecked()} and {@link FaceTracker#framesWithSecondFace()}.
     */
    public static FaceTrackResult of(float[][] raw, double fps, int checkedFrames, int framesWithSecondFace) {
        float[][] filled = LandmarkSmoother.fillGaps(raw, (int) Math.round(MAX_GAP_SECONDS * fps));
        byte[] flags = new byte[raw.length];
        int detected = 0, interpolated = 0;
        for (int t = 0; t < raw.length; t++) {
            if (raw[t] != null) {
                detected++;
                flags[t] = DETECTED;
            } else if (filled[t] != null) {
                interpolated++;
                flags[t] = INTERPOLATED;
            } else {
                flags[t] = MISSING;
            }
        }
        TrackSummary summary = new TrackSummary(raw.length, detected, interpolated, raw.length - detected - interpolated,
                checkedFrames, framesWithSecondFace);
        return new FaceTrackResult(LandmarkSmoother.smooth(filled, fps), flags, summary);
    }

    /** Per frame, x, y, z of the 468 points in image pixels, or null where the face is missing. */
    public float[][] landmarks() {
        return landmarks;
    }

    /** Per frame, {@link #DETECTED}, {@link #INTERPOLATED} or {@link #MISSING}. */
    public byte[] flags() {
        return flags;
    }

    public TrackSummary summary() {
        return summary;
    }

    /** Throws a {@link UserError} when the clip cannot be used to train on its speaker. */
    public void requireUsable(String clipName) {
        TrackSummary s = summary;
        if (s.detected() == 0) {
            throw new UserError("No face found in " + clipName + ": give a clip where one face looks at the camera");
        }
        if (s.missingFraction() > MAX_MISSING_FRACTION) {
            throw new UserError(String.format("The face is missing in %d%% of %s (%d of %d frames): "
                            + "give a clip where the face stays in view, or cut it to the part where it does",
                    Math.round(100 * s.missingFraction()), clipName, s.missing(), s.frames()));
        }
        if (s.secondFaceFraction() > MAX_SECOND_FACE_FRACTION) {
            throw new UserError(String.format("Two faces in %s (a second face in %d of %d checked frames): "
                            + "crop the video to one speaker (--crop x,y,size)",
                    clipName, s.framesWithSecondFace(), s.checkedFrames()));
        }
    }
}
