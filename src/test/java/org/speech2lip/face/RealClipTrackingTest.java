package org.speech2lip.face;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.speech2lip.media.RgbImage;
import org.speech2lip.media.VideoReader;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tracks the real clips of ../shared/data the way the prepare stage will (working crop, then the
 * tracker on every cropped frame), prints frames, faces and ms per frame, and leaves a few frames
 * with their landmarks drawn in /tmp/face-check for a person to look at.
 */
@Tag("realdata")
class RealClipTrackingTest {
    private static final Path VIDEOS = Path.of("../shared/data/videos");
    private static final Path OVERLAYS = Path.of("/tmp/face-check");
    private static final double FPS = 25;
    private static final int OVERLAY_EVERY = 250;

    @ParameterizedTest
    @ValueSource(strings = {"lieu_60s.mp4", "cnn_71s.mp4", "mead_man_1080p_4.7s.mp4", "promo_1080p30_7.5s.mp4"})
    void tracksTheSpeakerInEveryFrame(String clip) throws IOException {
        Path video = VIDEOS.resolve(clip);
        assumeTrue(Files.isRegularFile(video), "no " + video.toAbsolutePath() + ": the realdata clips are not on this machine");
        try (FaceTracker tracker = new FaceTracker(ModelStore.standard(), 1)) {
            WorkingCrop crop = chooseCrop(video, tracker);
            List<float[]> raw = new ArrayList<>();
            List<RgbImage> frames = new ArrayList<>();
            long nanos = 0;
            try (VideoReader reader = VideoReader.open(video, FPS)) {
                for (RgbImage f; (f = reader.next()) != null; ) {
                    RgbImage frame = f.crop(crop.x(), crop.y(), crop.size(), crop.size());
                    long t0 = System.nanoTime();
                    Landmarks face = tracker.track(frame);
                    nanos += System.nanoTime() - t0;
                    frames.add(raw.size() % OVERLAY_EVERY == 0 ? frame : null);
                    raw.add(face == null ? null : face.xyz());
                }
            }
            FaceTrackResult result = FaceTrackResult.of(raw.toArray(new float[0][]), FPS,
                    tracker.framesChecked(), tracker.framesWithSecondFace());
            TrackSummary s = result.summary();
            System.out.printf("%s: crop %s, %d frames, face in %d, %.2f ms/frame tracking, second face in %d of %d checked%n",
                    clip, crop, s.frames(), s.detected(), nanos / 1e6 / s.frames(), s.framesWithSecondFace(), s.checkedFrames());
            saveOverlays(clip, frames, result.landmarks());

            result.requireUsable(clip);
            assertEquals(s.frames(), s.detected(), "face in every frame");
            for (float[] xyz : result.landmarks()) {
                Detection box = Detection.around(xyz);
                assertTrue(box.xmin() > 0 && box.ymin() > 0 && box.xmax() < crop.size() && box.ymax() < crop.size(),
                        "the face lies inside the working crop");
                assertTrue(box.height() > 0.2 * crop.size(), "the face fills a good part of the crop");
            }
        }
    }

    /** The crop from detections on one frame a second, as the prepare stage samples them. */
    private static WorkingCrop chooseCrop(Path video, FaceTracker tracker) {
        List<Detection> samples = new ArrayList<>();
        try (VideoReader reader = VideoReader.open(video, FPS)) {
            int t = 0;
            for (RgbImage f; (f = reader.next()) != null; t++) {
                if (t % 25 != 0) continue;
                List<Detection> found = tracker.detect(f);
                if (!found.isEmpty()) samples.add(found.get(0));
            }
            return WorkingCrop.choose(samples, reader.width(), reader.height());
        }
    }

    private static void saveOverlays(String clip, List<RgbImage> frames, float[][] landmarks) throws IOException {
        Files.createDirectories(OVERLAYS);
        for (int t = 0; t < frames.size(); t += OVERLAY_EVERY) {
            if (frames.get(t) == null || landmarks[t] == null) continue;
            BufferedImage img = frames.get(t).toBufferedImage();
            Graphics2D g = img.createGraphics();
            g.setColor(Color.GREEN);
            int dot = Math.max(2, img.getWidth() / 200);
            float[] p = landmarks[t];
            for (int i = 0; i < p.length; i += 3) g.fillRect(Math.round(p[i] - dot / 2f), Math.round(p[i + 1] - dot / 2f), dot, dot);
            g.dispose();
            ImageIO.write(img, "png", OVERLAYS.resolve(clip.replace(".mp4", "") + "_" + t + ".png").toFile());
        }
    }
}
