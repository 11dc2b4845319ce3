package org.speech2lip.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/** Small synthetic media files for the tests: flat-coloured frames whose colour encodes the frame index. */
final class Clips {
    private Clips() {}

    static RgbImage flat(int width, int height, int r, int g, int b) {
        RgbImage img = new RgbImage(width, height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.set(x, y, r, g, b);
            }
        }
        return img;
    }

    /** Frame i is coloured (step·i, 250 − step·i, 128). */
    static RgbImage indexed(int width, int height, int i, int step) {
        return flat(width, height, step * i, 250 - step * i, 128);
    }

    /** The frame index the centre pixel's colour encodes, checking both channels agree within tolerance. */
    static int indexOf(RgbImage img, int step, int tolerance) {
        int r = img.get(img.width / 2, img.height / 2, 0);
        int g = img.get(img.width / 2, img.height / 2, 1);
        int i = Math.round((r + 250 - g) / (2f * step));
        assertEquals(step * i, r, tolerance, "red channel");
        assertEquals(250 - step * i, g, tolerance, "green channel");
        return i;
    }

    static float[] sine(double hz, double seconds, int sampleRate, double amplitude) {
        float[] s = new float[(int) Math.round(seconds * sampleRate)];
        for (int n = 0; n < s.length; n++) {
            s[n] = (float) (amplitude * Math.sin(2 * Math.PI * hz * n / sampleRate));
        }
        return s;
    }

    /**
     * A video written directly with FFmpegFrameRecorder in a container and codec other than ours
     * (MPEG-4 part 2 in Matroska), no audio, frame i indexed by step, timestamps starting at startSeconds.
     */
    static Path mkv(Path file, int frames, double fps, double startSeconds, int step) throws Exception {
        FfmpegInput.quietLogs();
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), 64, 48, 0)) {
            rec.setFormat("matroska");
            rec.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            rec.setVideoBitrate(2_000_000);
            rec.setFrameRate(fps);
            rec.start();
            for (int i = 0; i < frames; i++) {
                rec.setTimestamp(Math.round((startSeconds + i / fps) * 1e6));
                RgbImage img = indexed(64, 48, i, step);
                rec.recordImage(64, 48, Frame.DEPTH_UBYTE, 3, 64 * 3, avutil.AV_PIX_FMT_RGB24, ByteBuffer.wrap(img.rgb));
            }
        }
        return file;
    }
}
