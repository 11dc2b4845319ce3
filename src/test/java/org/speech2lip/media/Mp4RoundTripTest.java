package org.speech2lip.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Mp4RoundTripTest {
    @TempDir
    Path dir;

    @Test
    void writtenFramesAndAudioReadBack() {
        Path file = dir.resolve("clip.mp4");
        try (Mp4Writer out = new Mp4Writer(file, 64, 48, 25, Clips.sine(300, 2.0, 16000, 0.3))) {
            for (int k = 0; k < 50; k++) {
                out.write(Clips.indexed(64, 48, k, 5));
            }
            assertTrue(Files.exists(dir.resolve(".clip.partial.mp4")), "written under a temporary name first");
            assertFalse(Files.exists(file));
        }
        assertFalse(Files.exists(dir.resolve(".clip.partial.mp4")));

        MediaInfo info = MediaInfo.probe(file);
        assertEquals(64, info.width());
        assertEquals(48, info.height());
        assertEquals(25.0, info.fps(), 1e-9);
        assertEquals(2.0, info.durationSeconds(), 0.1);
        assertTrue(info.hasVideo());
        assertTrue(info.hasAudio());
        assertEquals("h264", info.videoCodec());
        assertEquals("aac", info.audioCodec());
        assertEquals(16000, info.audioSampleRate());
        assertEquals(1, info.audioChannels());

        try (VideoReader in = VideoReader.open(file, 25)) {
            assertEquals(64, in.width());
            assertEquals(48, in.height());
            assertEquals(50, in.frameCountEstimate(), 2);
            for (int k = 0; k < 50; k++) {
                RgbImage frame = in.next();
                assertEquals(k, Clips.indexOf(frame, 5, 4), "frame " + k);
            }
            assertNull(in.next());
        }
        assertEquals(32000, AudioReader.readMono16k(file).length, 1200);
    }

    @Test
    void audioStaysInSyncWithVideo() {
        Path file = dir.resolve("sync.mp4");
        float[] audio = new float[32000];
        float[] burst = Clips.sine(1000, 0.02, 16000, 0.5);
        System.arraycopy(burst, 0, audio, 16000, burst.length);
        try (Mp4Writer out = new Mp4Writer(file, 64, 48, 25, audio)) {
            for (int k = 0; k < 50; k++) {
                out.write(Clips.flat(64, 48, 0, 0, 0));
            }
        }
        float[] back = AudioReader.readMono16k(file);
        int onset = 0;
        while (Math.abs(back[onset]) < 0.1) {
            onset++;
        }
        assertEquals(16000, onset, 16, "the burst written at 1.0 s is read back at 1.0 s, as is video frame 25");
    }

    @Test
    void oddSizeIsPaddedByRepeatingTheEdge() {
        Path file = dir.resolve("odd.mp4");
        RgbImage frame = Clips.flat(63, 47, 200, 40, 40);
        for (int y = 0; y < 47; y++) {
            frame.set(62, y, 40, 40, 200);
        }
        try (Mp4Writer out = new Mp4Writer(file, 63, 47, 25, null)) {
            out.write(frame);
        }
        MediaInfo info = MediaInfo.probe(file);
        assertFalse(info.hasAudio());
        try (VideoReader in = VideoReader.open(file, 25)) {
            RgbImage back = in.next();
            assertEquals(64, back.width);
            assertEquals(48, back.height);
            assertEquals(200, back.get(63, 47, 2), 12, "padding repeats the last column");
            assertEquals(200, back.get(10, 47, 0), 12, "padding repeats the last row");
        }
    }

    @Test
    void abortLeavesNoFile() {
        Path file = dir.resolve("aborted.mp4");
        Mp4Writer out = new Mp4Writer(file, 64, 48, 25, null, 12);
        out.write(Clips.flat(64, 48, 1, 2, 3));
        out.abort();
        out.close();
        assertArrayEquals(new Object[0], dir.toFile().list());
    }
}
