package org.speech2lip.media;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;
import org.speech2lip.AtomicWrite;

/**
 * Writes frames as an H.264 (libx264, yuv420p) mp4 that plays in browsers, with the given 16 kHz
 * mono audio as AAC. The file appears under its real name only after a successful {@link #close};
 * until then it is written to {@code .<stem>.partial.mp4} in the same directory.
 *
 * <p>H.264 in yuv420p needs even sizes: an odd width or height is padded by repeating the last
 * column or row, so the file is one pixel wider or taller than the frames given.
 *
 * <p>Audio is interleaved with the video as frames arrive; close writes whatever is left, so all
 * audio given ends up in the file even if it outlasts the video. On an exception, call
 * {@link #abort} (close after abort does nothing):
 * <pre>{@code
 * try (Mp4Writer out = new Mp4Writer(path, w, h, 25, audio)) {
 *     try { ... out.write(frame) ... } catch (RuntimeException e) { out.abort(); throw e; }
 * }
 * }</pre>
 */
public final class Mp4Writer implements AutoCloseable {
    public static final int DEFAULT_CRF = 18;
    private static final int AUDIO_BITRATE = 64_000;

    private final Path out;
    private final Path partial;
    private final int width;
    private final int height;
    private final int encodedWidth;
    private final int encodedHeight;
    private final double fps;
    private final float[] audio;
    private final FFmpegFrameRecorder recorder;
    /** Native-memory staging buffer: FFmpeg reads it in place, with no per-frame copy or allocation. */
    private final ByteBuffer pixels;
    private int frames;
    private int audioWritten;
    private boolean finished;

    public Mp4Writer(Path out, int width, int height, double fps, float[] audioMono16k) {
        this(out, width, height, fps, audioMono16k, DEFAULT_CRF);
    }

    /** crf: x264 constant rate factor, 0 (lossless) to 51; 18 looks clean, 12 is near-lossless. */
    public Mp4Writer(Path out, int width, int height, double fps, float[] audioMono16k, int crf) {
        this(out, null, width, height, fps, audioMono16k, crf);
    }

    /**
     * A fragmented mp4 written to {@code stream} as it is encoded (a fragment a second), for piping
     * into a player or server; nothing touches the disk and {@link #close} does not close the stream.
     */
    public static Mp4Writer toStream(OutputStream stream, int width, int height, double fps, float[] audioMono16k) {
        return new Mp4Writer(null, stream, width, height, fps, audioMono16k, DEFAULT_CRF);
    }

    private Mp4Writer(Path out, OutputStream stream, int width, int height, double fps, float[] audioMono16k, int crf) {
        if (width <= 0 || height <= 0 || !(fps > 0) || crf < 0 || crf > 51) {
            throw new IllegalArgumentException("bad video settings " + width + "x" + height + " at " + fps + " fps, crf " + crf);
        }
        this.out = out;
        this.width = width;
        this.height = height;
        this.encodedWidth = width + (width & 1);
        this.encodedHeight = height + (height & 1);
        this.fps = fps;
        this.audio = audioMono16k;
        this.pixels = ByteBuffer.allocateDirect(encodedWidth * encodedHeight * 3);
        int channels = audio == null ? 0 : 1;
        FfmpegInput.quietLogs();
        if (stream != null) {
            this.partial = null;
            this.recorder = new FFmpegFrameRecorder(stream, encodedWidth, encodedHeight, channels);
        } else {
            this.partial = AtomicWrite.partialPath(out);
            try {
                // Creating the file ourselves tells an unwritable directory apart from an FFmpeg failure.
                Files.newOutputStream(partial).close();
            } catch (IOException e) {
                throw AtomicWrite.writeError(out, e);
            }
            this.recorder = new FFmpegFrameRecorder(partial.toFile(), encodedWidth, encodedHeight, channels);
        }
        configure(crf, stream != null);
        try {
            recorder.start();
        } catch (FrameRecorder.Exception e) {
            RuntimeException f = failure("starting to write", e);
            abort();
            throw f;
        }
    }

    private String name() {
        return out == null ? "the output stream" : out.toString();
    }

    private void configure(int crf, boolean streaming) {
        recorder.setFormat("mp4");
        recorder.setVideoCodecName("libx264");
        recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(fps);
        recorder.setVideoOption("crf", Integer.toString(crf));
        recorder.setVideoOption("preset", "veryfast");
        recorder.setVideoOption("threads", "1");
        // FFmpeg converts RGB with BT.601 limited-range coefficients; say so, or players may guess BT.709.
        recorder.setVideoOption("colorspace", "smpte170m");
        recorder.setVideoOption("color_range", "tv");
        if (streaming) {
            // A pipe cannot seek back to write the index: fragments carry their own, one per keyframe. The
            // header waits for the first fragment (delay_moov) so it can hold the edit list that hides the
            // AAC encoder's priming; without it the video would start 64 ms late.
            recorder.setOption("movflags", "frag_keyframe+delay_moov+default_base_moof");
            recorder.setGopSize((int) Math.round(fps));
            // no B-frames: without an edit list to hide their delay, players would start two frames late
            recorder.setVideoOption("bf", "0");
        } else {
            // The index goes first so browsers can start playing before the whole file has arrived.
            recorder.setOption("movflags", "+faststart");
        }
        if (audio != null) {
            recorder.setAudioCodec(AV_CODEC_ID_AAC);
            recorder.setSampleRate(AudioReader.SAMPLE_RATE);
            recorder.setAudioBitrate(AUDIO_BITRATE);
        }
    }

    public void write(RgbImage frame) {
        if (finished) throw new IllegalStateException("Mp4Writer for " + name() + " is already closed");
        if (frame.width != width || frame.height != height) {
            throw new IllegalArgumentException("frame is " + frame.width + "x" + frame.height + ", video is " + width + "x" + height);
        }
        stage(frame);
        try {
            recorder.recordImage(encodedWidth, encodedHeight, Frame.DEPTH_UBYTE, 3, encodedWidth * 3, AV_PIX_FMT_RGB24, pixels);
            frames++;
            writeAudioUntil((int) Math.round(frames * AudioReader.SAMPLE_RATE / fps));
        } catch (FrameRecorder.Exception e) {
            throw failure("writing", e);
        }
    }

    /** FFmpeg's failure as the person should read it: a full disk is their fix, anything else is ours. */
    private RuntimeException failure(String doing, FrameRecorder.Exception e) {
        // -28 is ENOSPC on Linux; elsewhere the free space tells
        if (partial != null && (String.valueOf(e.getMessage()).contains("error -28") || AtomicWrite.nearlyFull(partial))) {
            return AtomicWrite.diskFull(out, e);
        }
        return new IllegalStateException("FFmpeg failed " + doing + " " + name(), e);
    }

    /** Writes the remaining audio, finishes the file and moves it to its real name. */
    @Override
    public void close() {
        if (finished) return;
        try {
            if (frames == 0) throw new IllegalStateException("no frames were written to " + name());
            writeAudioUntil(audio == null ? 0 : audio.length);
            recorder.stop();
        } catch (FrameRecorder.Exception | RuntimeException e) {
            RuntimeException f = e instanceof FrameRecorder.Exception fe ? failure("finishing", fe) : (RuntimeException) e;
            abort();
            throw f;
        }
        finished = true;
        if (partial != null) AtomicWrite.commit(partial, out);
    }

    /** Stops writing and deletes the partial file; the real output name is never created. */
    public void abort() {
        if (finished) return;
        finished = true;
        try {
            recorder.release();
        } catch (FrameRecorder.Exception e) {
            // abort runs while another failure is on its way up; that one is the one worth reporting.
        }
        if (partial != null) AtomicWrite.discard(partial);
    }

    private void writeAudioUntil(int end) throws FrameRecorder.Exception {
        if (audio == null) return;
        end = Math.min(end, audio.length);
        if (end <= audioWritten) return;
        recorder.recordSamples(AudioReader.SAMPLE_RATE, 1, FloatBuffer.wrap(Arrays.copyOfRange(audio, audioWritten, end)));
        audioWritten = end;
    }

    /** Copies frame into the staging buffer, repeating the last column and row to reach even sizes. */
    private void stage(RgbImage frame) {
        int row = width * 3;
        int encodedRow = encodedWidth * 3;
        for (int y = 0; y < encodedHeight; y++) {
            int src = Math.min(y, height - 1) * row;
            pixels.put(y * encodedRow, frame.rgb, src, row);
            if (encodedWidth > width) {
                pixels.put(y * encodedRow + row, frame.rgb, src + row - 3, 3);
            }
        }
    }
}
