package org.speech2lip.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speech2lip.data.Prepare;
import org.speech2lip.media.AudioReader;
import org.speech2lip.media.Mp4Writer;
import org.speech2lip.media.RgbImage;
import org.speech2lip.media.VideoReader;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A ten-minute 512² clip (the shared 71 s clip, looped) prepares and trains, and training's peak
 * memory stays within 1.5× that of the 71 s clip: what grows with the clip's length is mapped or
 * streamed, not held in the heap. About ten minutes on 2 cores; run with {@code mvn test -Prealdata}.
 */
@Tag("realdata")
class LongClipMemoryTest {
    private static final Path CLIP = Path.of("../shared/data/videos/cnn_71s.mp4");
    private static final double MINUTES = 10;

    @Test
    void tenMinutesTrainWithinOneAndAHalfTimesTheMemoryOf71Seconds(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isRegularFile(CLIP), "skipped: " + CLIP + " not found (the real clips live in ../shared/data)");
        Path looped = dir.resolve("long.mp4");
        int frames = loop(CLIP, looped, MINUTES * 60);
        Prepare.run(new Prepare.Options(CLIP, dir.resolve("short"), false, 2, true));
        Prepare.Result r = Prepare.run(new Prepare.Options(looped, dir.resolve("long"), false, 2, true));
        assertEquals(frames, r.meta().frames());
        long shortPeak = trainPeakMiB(dir.resolve("short"), dir.resolve("short-model"));
        long longPeak = trainPeakMiB(dir.resolve("long"), dir.resolve("long-model"));
        System.out.printf("train's peak memory, 20 steps: %d MiB for 71 s, %d MiB for %.0f min (%.2fx)%n",
                shortPeak, longPeak, MINUTES, longPeak / (double) shortPeak);
        assertTrue(shortPeak > 0, "peak memory is read from /proc");
        assertTrue(longPeak <= 1.5 * shortPeak, longPeak + " MiB for " + MINUTES + " min against " + shortPeak + " MiB for 71 s");
    }

    /** Writes {@code seconds} of {@code clip}, looped (video and sound), to {@code out}; returns its frames. */
    private static int loop(Path clip, Path out, double seconds) {
        float[] audio = AudioReader.readMono16k(clip);
        float[] longAudio = new float[(int) Math.round(seconds * AudioReader.SAMPLE_RATE)];
        for (int i = 0; i < longAudio.length; i++) longAudio[i] = audio[i % audio.length];
        int frames = (int) Math.round(seconds * 25), written = 0;
        try (VideoReader first = VideoReader.open(clip, 25)) {
            RgbImage f0 = first.next();
            try (Mp4Writer w = new Mp4Writer(out, f0.width, f0.height, 25, longAudio)) {
                while (written < frames) {
                    try (VideoReader in = VideoReader.open(clip, 25)) {
                        for (RgbImage f; written < frames && (f = in.next()) != null; written++) w.write(f);
                    }
                }
            }
        }
        return frames;
    }

    /** Trains 20 steps in a child JVM (this one's peak would count every test) and returns its recorded peak memory. */
    private static long trainPeakMiB(Path subject, Path model) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "train", subject.toString(), "-o", model.toString(), "--steps", "20", "--expert-steps", "20", "-q"));
        Process p = new ProcessBuilder(command).inheritIO().start();
        assertEquals(0, p.waitFor(), "train on " + subject);
        JsonNode run = new ObjectMapper().readTree(model.resolve("run.json").toFile());
        return run.path("peakRssMiB").asLong(-1);
    }
}
