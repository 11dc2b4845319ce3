package org.speech2lip.data;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * The {@code meta.json} of a subject directory (docs/subject-format.md). It is written last, so a
 * directory without it, or whose version differs, is never trusted by later stages.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubjectMeta(
        String format,
        int formatVersion,
        String createdBy,
        String createdAt,
        Source source,
        double fps,
        int frames,
        Crop crop,
        CameraInfo camera,
        int canonicalFrame,
        Box lipBox,
        Size mouthWindow,
        Split split,
        AudioInfo audio,
        Tracking tracking,
        Quality quality,
        Map<String, ArrayInfo> arrays) {

    public static final String FORMAT = "speech2lip-subject";

    /** The same subject in format {@code version}, with {@code arrays} listed instead. */
    public SubjectMeta upgraded(int version, Map<String, ArrayInfo> arrays) {
        return new SubjectMeta(format, version, createdBy, createdAt, source, fps, frames, crop, camera, canonicalFrame, lipBox, mouthWindow,
                split, audio, tracking, quality, arrays);
    }

    /** The clip prepare read, and a checksum so a re-run can tell whether it changed. */
    public record Source(String path, String sha256, int width, int height, double fps, double durationSeconds) {}

    /** The fixed square working crop inside the full frame. */
    public record Crop(int x, int y, int size) {}

    /** Pinhole camera of the working crop (pixels); focal is the same in the full frame. */
    public record CameraInfo(double focal, double cx, double cy) {}

    public record Box(int x, int y, int w, int h) {}

    public record Size(int w, int h) {}

    /** Frames [0, train) train the model, [train, frames) test it (first 90 % / last 10 %). */
    public record Split(int train, int test) {}

    public record AudioInfo(int sampleRate, int samples, int melBins, int melSteps, double melFramesPerSecond) {}

    public record Tracking(int detected, int interpolated, int missing, double reprojectionRmsPixels) {}

    /** Figures a person can check: pose jitter, lip-crop stability. */
    public record Quality(double poseJitterMedianDegrees, double poseJitterP99Degrees, double lipCropStability) {}

    public record ArrayInfo(String file, String dtype, int[] shape, String description) {}
}
