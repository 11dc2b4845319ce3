package org.speech2lip.media;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.speech2lip.UserError;

/**
 * Decodes the video track of any file FFmpeg reads and delivers it at a fixed frame rate. Output
 * frame k is the source frame on screen at time k / outFps, counted from the container's start:
 * source frames are dropped or repeated by timestamp, and the first source frame also covers any
 * time before it. The stream ends when that time passes the end of the last source frame.
 * Frames are turned upright when the file says so (portrait phone videos). Each returned image
 * belongs to the caller. Audio is not decoded.
 */
public final class VideoReader implements AutoCloseable {
    /**
     * Containers round timestamps to their time base (whole milliseconds in mkv, webm and flv), so a
     * frame due this close after time t counts as on screen at t.
     */
    private static final long SLACK_US = 1000;
    /** A seek lands this far before the wanted frame's time. */
    private static final long SEEK_MARGIN_US = 2_000_000;

    private final FFmpegFrameGrabber grabber;
    private final double outFps;
    private final long startUs;
    private final long sourceFrameUs;
    private final int quarterTurns;
    private final int width;
    private final int height;
    private final int frameCountEstimate;

    private static final int MAX_SPARE = 1024;
    private final ArrayDeque<RgbImage> spare = new ArrayDeque<>();
    private RgbImage shown;
    private long shownUs;
    private boolean shownHandedOut;
    private RgbImage upcoming;
    private long upcomingUs;
    private int index;

    private VideoReader(FFmpegFrameGrabber grabber, Path path, double outFps, int firstFrame) {
        this.grabber = grabber;
        this.index = firstFrame;
        this.outFps = outFps;
        this.startUs = FfmpegInput.startMicros(grabber);
        this.quarterTurns = FfmpegInput.quarterTurnsClockwise(grabber);
        double sourceFps = FfmpegInput.fps(grabber);
        this.sourceFrameUs = Math.round(1e6 / (sourceFps > 0 ? sourceFps : outFps));
        this.frameCountEstimate = (int) Math.round(Math.max(0, grabber.getLengthInTime()) / 1e6 * outFps);
        decodeUpcoming();
        if (upcoming == null) {
            throw new UserError("No video frames in " + path + ": give a video that plays in a media player");
        }
        this.width = upcoming.width;
        this.height = upcoming.height;
    }

    public static VideoReader open(Path path, double outFps) {
        return open(path, outFps, 0);
    }

    /**
     * A reader whose first {@link #next} is output frame {@code firstFrame}, the same image a reader
     * from the start gives as that frame: it seeks to a little before the frame's time and decodes
     * forward from there, so a walk that starts again mid-video costs a seek, not the video so far.
     */
    public static VideoReader open(Path path, double outFps, int firstFrame) {
        if (!(outFps > 0)) throw new IllegalArgumentException("outFps must be positive: " + outFps);
        if (firstFrame < 0) throw new IllegalArgumentException("firstFrame must not be negative: " + firstFrame);
        FFmpegFrameGrabber grabber = FfmpegInput.open(path, g -> g.setPixelFormat(AV_PIX_FMT_RGB24));
        try {
            if (!FfmpegInput.hasVideo(grabber)) {
                throw new UserError("No video track in " + path + ": give a video file, not audio only");
            }
            long target = Math.round(firstFrame * 1e6 / outFps) - SEEK_MARGIN_US;
            // the margin keeps the frame on screen at the target among the frames decoded after the seek
            if (target > 0) grabber.setTimestamp(FfmpegInput.startMicros(grabber) + target);
            return new VideoReader(grabber, path, outFps, firstFrame);
        } catch (FrameGrabber.Exception e) {
            FfmpegInput.close(grabber);
            throw new IllegalStateException("FFmpeg could not seek in " + path, e);
        } catch (RuntimeException e) {
            FfmpegInput.close(grabber);
            throw e;
        }
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Duration times output rate, rounded; 0 when the file does not state its duration. */
    public int frameCountEstimate() {
        return frameCountEstimate;
    }

    /** The next output frame, or null after the last one. */
    public RgbImage next() {
        long t = startUs + Math.round(index * 1e6 / outFps) + SLACK_US;
        if (shown == null) {
            advance();
        }
        while (upcoming != null && upcomingUs <= t) {
            advance();
        }
        if (upcoming == null && t >= shownUs + sourceFrameUs) {
            return null;
        }
        index++;
        if (shownHandedOut) {
            RgbImage copy = blank(shown.width, shown.height);
            System.arraycopy(shown.rgb, 0, copy.rgb, 0, copy.rgb.length);
            return copy;
        }
        shownHandedOut = true;
        return shown;
    }

    /**
     * Gives back an image {@link #next} handed out and the caller no longer reads: a later frame is
     * decoded into it, so a long read makes no garbage of frame buffers.
     */
    public void recycle(RgbImage image) {
        if (image != shown && image != upcoming && spare.size() < MAX_SPARE) spare.push(image);
    }

    @Override
    public void close() {
        FfmpegInput.close(grabber);
    }

    private RgbImage blank(int width, int height) {
        RgbImage s = spare.poll();
        return s != null && s.width == width && s.height == height ? s : new RgbImage(width, height);
    }

    private void advance() {
        shown = upcoming;
        shownUs = upcomingUs;
        shownHandedOut = false;
        decodeUpcoming();
    }

    private void decodeUpcoming() {
        try {
            Frame frame = grabber.grabImage();
            upcoming = frame == null ? null : Rotate.clockwise(toImage(frame), quarterTurns);
            upcomingUs = frame == null ? 0 : frame.timestamp;
        } catch (FrameGrabber.Exception e) {
            throw new IllegalStateException("FFmpeg failed while decoding video", e);
        }
    }

    /** Copies the grabber's RGB24 buffer, whose rows may be padded to imageStride bytes. */
    private RgbImage toImage(Frame frame) {
        ByteBuffer buf = (ByteBuffer) frame.image[0];
        RgbImage img = blank(frame.imageWidth, frame.imageHeight);
        int row = frame.imageWidth * 3;
        if (frame.imageStride == row) {
            buf.get(0, img.rgb, 0, img.rgb.length);
        } else {
            for (int y = 0; y < frame.imageHeight; y++) {
                buf.get(y * frame.imageStride, img.rgb, y * row, row);
            }
        }
        return img;
    }
}
