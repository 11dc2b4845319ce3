package org.speech2lip.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoReaderTest {
    @TempDir
    Path dir;

    @Test
    void thirtyFpsIsResampledToTwentyFiveByTimestamp() throws Exception {
        Path file = Clips.mkv(dir.resolve("thirty.mkv"), 30, 30, 0, 8);
        assertEquals(30.0, MediaInfo.probe(file).fps(), 1e-9);
        try (VideoReader in = VideoReader.open(file, 25)) {
            for (int k = 0; k < 25; k++) {
                assertEquals(k * 30 / 25, Clips.indexOf(in.next(), 8, 6), "output frame " + k);
            }
            assertNull(in.next());
        }
    }

    @Test
    void lowerSourceRateRepeatsFramesAsSeparateImages() throws Exception {
        Path file = Clips.mkv(dir.resolve("ten.mkv"), 10, 10, 0, 20);
        try (VideoReader in = VideoReader.open(file, 25)) {
            RgbImage previous = null;
            for (int k = 0; k < 25; k++) {
                RgbImage frame = in.next();
                assertEquals(k * 10 / 25, Clips.indexOf(frame, 20, 6), "output frame " + k);
                assertNotSame(previous, frame);
                previous = frame;
            }
            assertNull(in.next());
        }
    }

    @Test
    void portraitPhoneVideoIsTurnedUpright() throws Exception {
        Path file = dir.resolve("portrait.mp4");
        RgbImage stored = Clips.flat(64, 48, 0, 0, 0);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                stored.set(x, y, 255, 255, 255);
            }
        }
        FfmpegInput.quietLogs();
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), 64, 48, 0)) {
            rec.setFormat("mp4");
            rec.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            // Stored like a portrait iPhone video: ffprobe reports "rotation of -90.00 degrees".
            rec.setDisplayRotation(-90);
            rec.start();
            rec.recordImage(64, 48, Frame.DEPTH_UBYTE, 3, 64 * 3, avutil.AV_PIX_FMT_RGB24, ByteBuffer.wrap(stored.rgb));
        }
        MediaInfo info = MediaInfo.probe(file);
        assertEquals(48, info.width());
        assertEquals(64, info.height());
        try (VideoReader in = VideoReader.open(file, 25)) {
            RgbImage shown = in.next();
            assertEquals(48, shown.width);
            assertEquals(64, shown.height);
            assertEquals(255, shown.get(40, 8, 0), 30, "stored top-left corner is shown top-right");
            assertEquals(0, shown.get(8, 8, 0), 30);
        }
    }

    @Test
    void timeCountsFromTheContainerStart() throws Exception {
        Path file = Clips.mkv(dir.resolve("late.mkv"), 25, 25, 0.4, 8);
        try (FFmpegFrameGrabber raw = new FFmpegFrameGrabber(file.toFile())) {
            raw.start();
            assertEquals(400_000, raw.grabImage().timestamp, 1000, "the file really starts late");
        }
        try (VideoReader in = VideoReader.open(file, 25)) {
            for (int k = 0; k < 25; k++) {
                assertEquals(k, Clips.indexOf(in.next(), 8, 6), "output frame " + k);
            }
            assertNull(in.next());
        }
    }
}
