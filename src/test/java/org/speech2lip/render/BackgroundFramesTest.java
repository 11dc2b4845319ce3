package org.speech2lip.render;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speech2lip.media.Mp4Writer;
import org.speech2lip.media.RgbImage;
import org.speech2lip.media.VideoReader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Frames fetched in ping-pong order are the frames of a plain forward read. */
class BackgroundFramesTest {
    @TempDir
    static Path dir;

    @Test
    void aPingPongWalkSeesTheSequentialFrames() {
        Path video = dir.resolve("walk.mp4");
        int n = 90;
        try (Mp4Writer out = new Mp4Writer(video, 32, 32, 25, new float[16000 * 4])) {
            for (int i = 0; i < n; i++) {
                RgbImage img = new RgbImage(32, 32);
                for (int y = 0; y < 32; y++) for (int x = 0; x < 32; x++) img.set(x, y, (x * 8 + i * 3) % 256, (y * 8) % 256, i * 2 % 256);
                out.write(img);
            }
        }
        List<byte[]> forward = new ArrayList<>();
        try (VideoReader in = VideoReader.open(video, 25)) {
            for (int i = 0; i < n; i++) forward.add(in.next().rgb);
        }
        PingPong walk = new PingPong(n, 40);
        // small chunks, so the walk crosses many of them in both directions
        try (BackgroundFrames frames = new BackgroundFrames(video, 25, n, 16)) {
            for (int i = 0; i < 3 * n; i++) {
                int k = walk.frame(i);
                assertArrayEquals(forward.get(k), frames.get(k).rgb, "output frame " + i + " (training frame " + k + ")");
            }
        }
    }
}
