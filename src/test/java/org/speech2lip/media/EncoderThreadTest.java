package org.speech2lip.media;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EncoderThreadTest {
    @TempDir
    Path dir;

    /** The caller reuses one image for every frame, as render does: each frame must be copied before it is handed over. */
    @Test
    void framesArriveInOrderThoughTheCallerReusesOneImage() {
        Path file = dir.resolve("clip.mp4");
        RgbImage reused = new RgbImage(64, 48);
        try (EncoderThread out = new EncoderThread(new Mp4Writer(file, 64, 48, 25, Clips.sine(300, 2.0, 16000, 0.3)), 64, 48)) {
            for (int k = 0; k < 50; k++) {
                System.arraycopy(Clips.indexed(64, 48, k, 5).rgb, 0, reused.rgb, 0, reused.rgb.length);
                out.write(reused);
            }
        }
        try (VideoReader in = VideoReader.open(file, 25)) {
            for (int k = 0; k < 50; k++) assertEquals(k, Clips.indexOf(in.next(), 5, 4), "frame " + k);
            assertNull(in.next());
        }
    }

    @Test
    void abortLeavesNoFile() {
        Path file = dir.resolve("aborted.mp4");
        EncoderThread out = new EncoderThread(new Mp4Writer(file, 64, 48, 25, null), 64, 48);
        for (int k = 0; k < 10; k++) out.write(Clips.indexed(64, 48, k, 5));
        out.abort();
        assertFalse(Files.exists(file));
        assertFalse(Files.exists(dir.resolve(".aborted.partial.mp4")));
    }

    @Test
    void theEncodersFailureReachesTheCaller() {
        // a writer that is already closed fails in the encoder thread; the caller hears of it at a later write or at close
        Mp4Writer closed = new Mp4Writer(dir.resolve("closed.mp4"), 64, 48, 25, null);
        closed.write(Clips.indexed(64, 48, 0, 5));
        closed.close();
        EncoderThread out = new EncoderThread(closed, 64, 48);
        assertThrows(IllegalStateException.class, () -> {
            for (int k = 0; k < 100; k++) out.write(Clips.indexed(64, 48, k, 5));
            out.close();
        });
        assertThrows(IllegalArgumentException.class, () -> out.write(new RgbImage(32, 24)));
    }
}
