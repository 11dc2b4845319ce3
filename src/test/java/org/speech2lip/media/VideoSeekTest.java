package org.speech2lip.media;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A reader opened mid-video gives exactly the frames a reader from the start gives there. */
class VideoSeekTest {
    @TempDir
    static Path dir;

    /** 12 s at 30 fps, keyframes every 12 frames: a bar that moves and changes colour every frame. */
    private static Path movingBar(Path file) throws Exception {
        FfmpegInput.quietLogs();
        int w = 64, h = 48, frames = 360;
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), w, h, 0)) {
            rec.setFormat("matroska");
            rec.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            rec.setVideoBitrate(2_000_000);
            rec.setFrameRate(30);
            rec.setGopSize(12);
            rec.start();
            for (int i = 0; i < frames; i++) {
                RgbImage img = new RgbImage(w, h);
                int x0 = (i * 3) % (w - 8);
                for (int y = 0; y < h; y++) for (int x = x0; x < x0 + 8; x++) img.set(x, y, (i * 5) % 256, 200, 40);
                rec.recordImage(w, h, Frame.DEPTH_UBYTE, 3, w * 3, avutil.AV_PIX_FMT_RGB24, ByteBuffer.wrap(img.rgb));
            }
        }
        return file;
    }

    @Test
    void openingAtAFrameGivesTheSequentialFrames() throws Exception {
        Path file = movingBar(dir.resolve("bar.mkv"));
        List<byte[]> all = new ArrayList<>();
        try (VideoReader in = VideoReader.open(file, 25)) {
            RgbImage f;
            while ((f = in.next()) != null) all.add(f.rgb);
        }
        for (int start : new int[] {1, 37, 150, all.size() - 3}) {
            try (VideoReader in = VideoReader.open(file, 25, start)) {
                for (int k = start; k < Math.min(all.size(), start + 20); k++) {
                    RgbImage f = in.next();
                    assertArrayEquals(all.get(k), f.rgb, "frame " + k + " opened at " + start);
                }
                if (start + 20 >= all.size()) assertNull(in.next(), "the stream still ends after the last frame");
            }
        }
        assertFalse(Arrays.equals(all.get(150), all.get(151)), "neighbouring frames differ, so a frame off by one would show");
    }
}
