package org.speech2lip.media;

import static org.bytedeco.ffmpeg.global.avformat.AV_DISPOSITION_ATTACHED_PIC;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_FATAL;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;
import org.speech2lip.UserError;

/** Opens media files with FFmpeg, turning the ways a user's file can fail into {@link UserError}s. */
final class FfmpegInput {
    private FfmpegInput() {}

    /**
     * FFmpeg prints stream dumps, warnings and its own errors on stderr by default. A file it cannot
     * read already ends in one line of ours that names the file and the fix, so only fatal ones stay.
     */
    static void quietLogs() {
        av_log_set_level(AV_LOG_FATAL);
    }

    /** A started grabber on path; configure sets its options first. The caller closes it. */
    static FFmpegFrameGrabber open(Path path, Consumer<FFmpegFrameGrabber> configure) {
        if (!Files.exists(path)) {
            throw new UserError("Input file not found: " + path + ": check the path");
        }
        quietLogs();
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(path.toFile());
        configure.accept(grabber);
        try {
            grabber.start();
        } catch (FrameGrabber.Exception e) {
            close(grabber);
            throw new UserError(path + " cannot be read as video or audio:"
                    + " check that it plays in a media player, or convert it to mp4 or wav", e);
        }
        return grabber;
    }

    /** Whether the grabber found a real video track; cover art in music files does not count. */
    static boolean hasVideo(FFmpegFrameGrabber grabber) {
        if (!grabber.hasVideo()) return false;
        int disposition = grabber.getFormatContext().streams(grabber.getVideoStream()).disposition();
        return (disposition & AV_DISPOSITION_ATTACHED_PIC) == 0;
    }

    /** The video track's frame rate, or 0 when the file does not say. */
    static double fps(FFmpegFrameGrabber grabber) {
        double fps = grabber.getVideoFrameRate();
        return Double.isFinite(fps) && fps > 0 ? fps : 0;
    }

    /**
     * How many quarter turns clockwise the video must be turned to show upright, from its display
     * matrix (phones store portrait video as landscape plus this matrix). FFmpeg reports the angle
     * counterclockwise.
     */
    static int quarterTurnsClockwise(FFmpegFrameGrabber grabber) {
        return Math.floorMod((int) Math.round(-grabber.getDisplayRotation() / 90), 4);
    }

    /**
     * The container's start time in microseconds. Both readers measure time from it, so audio
     * sample n and video frame k stay in sync even when one track starts later than the other.
     */
    static long startMicros(FFmpegFrameGrabber grabber) {
        long start = grabber.getFormatContext().start_time();
        return start == AV_NOPTS_VALUE ? 0 : start;
    }

    static void close(FFmpegFrameGrabber grabber) {
        try {
            grabber.close();
        } catch (FrameGrabber.Exception e) {
            throw new IllegalStateException("FFmpeg failed to release a decoder", e);
        }
    }
}
