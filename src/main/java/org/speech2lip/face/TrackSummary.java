package org.speech2lip.face;

/**
 * The counts of a tracked clip: frames where the face was detected, filled by interpolation, or
 * missing, and how many of the frames searched for other faces held a second one.
 */
public record TrackSummary(int frames, int detected, int interpolated, int missing,
                           int checkedFrames, int framesWithSecondFace) {

    public double missingFraction() {
        return frames == 0 ? 1 : (double) missing / frames;
    }

    public double secondFaceFraction() {
        return checkedFrames == 0 ? 0 : (double) framesWithSecondFace / checkedFrames;
    }
}
