package org.speech2lip.data;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * prepare on the real clips of ../shared/data (run with {@code mvn test -Prealdata}); skipped with a
 * message when the clips are not beside the checkout.
 */
@Tag("realdata")
class PrepareRealClipTest {
    private static final Path VIDEOS = Path.of("../shared/data/videos");

    @ParameterizedTest
    @ValueSource(strings = {"lieu_60s.mp4", "cnn_71s.mp4", "promo_1080p30_7.5s.mp4", "aoc_8s.mp4"})
    void preparesRealClip(String name, @TempDir Path dir) {
        Path video = VIDEOS.resolve(name);
        assumeTrue(Files.isRegularFile(video), "skipped: " + video + " not found (the real clips live in ../shared/data)");
        Prepare.Result r = Prepare.run(new Prepare.Options(video, dir.resolve("subject"), false, 2, true));
        SubjectMeta m = r.meta();
        System.out.printf("%s: %d frames, %d tracked, %.1f s, %.1f fps, focal %.0f, jitter median %.3f° p99 %.3f°, lip stability %.2f%n",
                name, m.frames(), m.tracking().detected(), r.seconds(), r.framesPerSecond(), m.camera().focal(),
                m.quality().poseJitterMedianDegrees(), m.quality().poseJitterP99Degrees(), m.quality().lipCropStability());
        assertEquals(m.frames(), m.tracking().detected(), "a face in every frame of a talking-head clip");
        assertTrue(m.quality().poseJitterMedianDegrees() < 1.0, "head pose is not jittery");
        assertTrue(m.quality().lipCropStability() < 15, "canonical lip crops are stable outside the lips");
        assertTrue(m.tracking().reprojectionRmsPixels() < 0.03 * m.crop().size(), "rigid fit explains the landmarks");
    }
}
