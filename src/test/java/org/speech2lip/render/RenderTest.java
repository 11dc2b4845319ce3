package org.speech2lip.render;

import ai.djl.Device;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speech2lip.UserError;
import org.speech2lip.cli.Main;
import org.speech2lip.data.Prepare;
import org.speech2lip.data.SubjectData;
import org.speech2lip.media.AudioReader;
import org.speech2lip.media.MediaInfo;
import org.speech2lip.media.Mp4Writer;
import org.speech2lip.media.RgbImage;
import org.speech2lip.media.VideoReader;
import org.speech2lip.model.ComputeThreads;
import org.speech2lip.model.ModelConfig;
import org.speech2lip.synth.GroundTruth;
import org.speech2lip.synth.SpeechSynth;
import org.speech2lip.synth.SynthSpec;
import org.speech2lip.synth.SynthSubject;
import org.speech2lip.train.LipTrainer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Renders with a model trained briefly on a synthetic subject whose mouth opening is known for
 * every frame: the output's layout, the ping-pong walk, lips that follow held-out speech, silence,
 * streaming, flat memory over a long render, and each bad input refused in one line with nothing
 * left behind.
 */
class RenderTest {
    @TempDir
    static Path dir;
    static Path video, model, heldOut;
    static SubjectData subject;
    static GroundTruth truth;

    @BeforeAll
    static void trainASyntheticSubject() {
        video = dir.resolve("synth.mp4");
        Path subjectDir = dir.resolve("subject");
        truth = SynthSubject.generate(SynthSpec.DEFAULT.withSize(128, 128).withSeconds(20), video, true);
        Prepare.run(new Prepare.Options(video, subjectDir, false, null, GroundTruth.landmarksPath(video), 2, true));
        subject = SubjectData.open(subjectDir);
        ModelConfig.Training t = ModelConfig.FAST.training();
        ModelConfig cfg = ModelConfig.FAST
                .withField(new ModelConfig.Field(4, 64, 2, 6, 20))
                .withBlend(new ModelConfig.Blend(4, 8, 0.5, 32, 1))
                .withSync(new ModelConfig.Sync(32, 8, 128, 400, 0.15, 32, 2))
                .withTraining(new ModelConfig.Training(3e-3, 4, 1024, 0.8, 600, 0, t.validationMinutes(), t.checkpointMinutes(), 1));
        model = dir.resolve("model");
        try (LipTrainer trainer = new LipTrainer(cfg, subject, model, Device.cpu())) {
            trainer.run((s, l) -> { });
        }
        float[] all = AudioReader.readMono16k(video);
        int from = subject.trainFrames() * AudioReader.SAMPLE_RATE / 25;
        heldOut = dir.resolve("held-out.wav");
        AudioReader.writeWav16(heldOut, Arrays.copyOfRange(all, from, all.length), AudioReader.SAMPLE_RATE);
    }

    @Test
    void theHeldOutSpeechOpensTheMouthWhenTheTruthDoes() {
        Path out = dir.resolve("held-out.mp4");
        Render.Result r = Render.run(Render.Options.of(model, heldOut, out).withMatchVoice(false), null);
        int samples = AudioReader.readMono16k(heldOut).length;
        assertEquals(SpeechFeatures.frameCount(samples, 25), r.frames());
        MediaInfo info = MediaInfo.probe(out);
        assertEquals(128, info.width());
        assertEquals(128, info.height());
        assertEquals(25, info.fps(), 1e-6);
        assertTrue(info.hasAudio(), "the render carries the speech");
        assertEquals(samples / 16000.0, info.durationSeconds(), 0.04 + 0.03, "video as long as the audio within a frame (plus AAC priming)");
        List<RgbImage> frames = frames(out);
        assertEquals(r.frames(), frames.size());

        PingPong walk = new PingPong(subject.trainFrames(), 0);
        int n = Math.min(frames.size(), subject.frames() - subject.trainFrames());
        double[] rendered = new double[n], real = new double[n], opening = new double[n];
        List<RgbImage> source = frames(subject.sourceVideo());
        for (int i = 0; i < n; i++) {
            int k = walk.frame(i), held = subject.trainFrames() + i;
            rendered[i] = -mouthLuminance(frames.get(i), k);
            real[i] = -mouthLuminance(source.get(held), held);
            opening[i] = truth.mouthOpening()[held];
        }
        double proxy = correlation(real, opening), lips = correlation(rendered, opening);
        System.out.printf("held-out mouth darkness vs true opening: real frames r = %.3f, rendered r = %.3f (%d frames)%n", proxy, lips, n);
        assertTrue(proxy > 0.8, "the darkness of the mouth measures its opening on real frames: r = " + proxy);
        assertTrue(lips > 0.5, "rendered lips open with the held-out speech: r = " + lips);
    }

    @Test
    void theBackgroundWalksForwardAndBackThroughTheTrainingFrames() {
        int start = subject.trainFrames() - 8;
        Path out = dir.resolve("walk.mp4");
        Render.run(Render.Options.of(model, heldOut, out).withStartFrame(start).withMatchVoice(false), null);
        List<RgbImage> frames = frames(out), source = frames(subject.sourceVideo());
        PingPong walk = new PingPong(subject.trainFrames(), start);
        for (int i = 0; i < 20; i++) {
            int k = walk.frame(i), best = -1;
            double bestError = Double.MAX_VALUE;
            for (int c = Math.max(0, k - 6); c <= Math.min(subject.frames() - 1, k + 6); c++) {
                double e = upperHalfError(frames.get(i), source.get(c));
                if (e < bestError) {
                    bestError = e;
                    best = c;
                }
            }
            assertEquals(k, best, "output frame " + i + " shows training frame " + k);
        }
        assertEquals(subject.trainFrames() - 1, walk.frame(7));
        assertEquals(subject.trainFrames() - 3, walk.frame(9), "after the last training frame the walk turns back");
    }

    @Test
    void silenceRendersAClosedMouthThatIgnoresTheBackgroundsOwn() {
        Path quiet = dir.resolve("silence.wav"), out = dir.resolve("silence.mp4");
        AudioReader.writeWav16(quiet, new float[16 * 16000], 16000);
        Render.Result r = Render.run(Render.Options.of(model, quiet, out), null);
        assertEquals(400, r.frames());
        List<RgbImage> frames = frames(out), source = frames(subject.sourceVideo());
        PingPong walk = new PingPong(subject.trainFrames(), 0);
        int n = frames.size();
        double[] silent = new double[n], real = new double[n], background = new double[n];
        for (int i = 0; i < n; i++) {
            int k = walk.frame(i);
            silent[i] = -mouthLuminance(frames.get(i), k);
            real[i] = -mouthLuminance(source.get(k), k);
            background[i] = truth.mouthOpening()[k];
        }
        // how far the silent mouth's darkness follows the background frame's opening, against how far the real mouth's does
        double replay = slope(silent, background) / slope(real, background);
        double mean = Arrays.stream(silent).average().orElseThrow();
        // the subject's own frames with the mouth most and least open, as the scale
        double closed = 0, open = 0;
        int[] order = byOpening();
        for (int j = 0; j < 20; j++) {
            closed += -mouthLuminance(source.get(order[j]), order[j]) / 20;
            open += -mouthLuminance(source.get(order[order.length - 1 - j]), order[order.length - 1 - j]) / 20;
        }
        System.out.printf("mouth darkness: silence render %.4f, subject closed %.4f, open %.4f; replays the background's opening at %.3f of the real mouth's (r %.3f)%n",
                mean, closed, open, replay, correlation(silent, background));
        assertTrue(mean < closed + 0.3 * (open - closed), "silence keeps the mouth near closed");
        assertTrue(Math.abs(replay) < 0.15, "the silent mouth does not replay the background frames' speech: " + replay);
    }

    @Test
    void aPoseOffsetTurnsTheHeadAndZeroIsThePlainRender() throws IOException {
        Path plain = dir.resolve("plain.mp4"), zero = dir.resolve("zero.mp4"), turned = dir.resolve("turned.mp4");
        Render.Options o = Render.Options.of(model, heldOut, plain).withMatchVoice(false);
        Render.run(o, null);
        // a file already where the video goes is replaced
        Files.writeString(zero, "an older render");
        Render.run(new Render.Options(model, heldOut, zero, 0, new PoseOffset(0, 0, 0), false, Device.cpu(), 4, true, null), null);
        assertEquals(Files.size(plain), Files.size(zero));
        assertTrue(Arrays.equals(Files.readAllBytes(plain), Files.readAllBytes(zero)), "a 0° offset is the plain render");

        Render.run(new Render.Options(model, heldOut, turned, 0, new PoseOffset(12, 0, 0), false, Device.cpu(), 4, true, null), null);
        List<RgbImage> a = frames(plain), b = frames(turned);
        assertEquals(a.size(), b.size());
        // the face moves, the far corner of the background does not
        double face = 0, corner = 0;
        for (int i = 0; i < a.size(); i += 10) {
            face += regionError(a.get(i), b.get(i), 40, 40, 48, 48);
            corner += regionError(a.get(i), b.get(i), 0, 0, 12, 12);
        }
        System.out.printf("yaw 12: face changed by %.2f, far corner by %.2f grey levels%n", face, corner);
        assertTrue(face > 5 * corner + 1, "the head turns (face " + face + ", corner " + corner + ")");

        Path grid = dir.resolve("grid.png");
        Render.writePoseGrid(model, 0, grid, new double[] {-15, 0, 15}, new double[] {0});
        assertTrue(Files.size(grid) > 1000);
        UserError e = assertThrows(UserError.class, () -> new PoseOffset(0, 20, 0));
        assertTrue(e.getMessage().startsWith("--pitch 20"), e.getMessage());
        assertNotEquals(0, Main.run("render", model.toString(), "--audio", heldOut.toString(), "-o", dir.resolve("bad/yaw.mp4").toString(), "--yaw", "16"));
    }

    @Test
    void twoLanesRenderTheSameVideoAsOne() throws IOException {
        Path one = dir.resolve("one-lane.mp4"), two = dir.resolve("two-lanes.mp4");
        Render.run(Render.Options.of(model, heldOut, one).withMatchVoice(false), null);
        ComputeThreads.use(new ComputeThreads.Setting(2, false));
        try {
            Render.run(Render.Options.of(model, heldOut, two).withMatchVoice(false), null);
            assertEquals(2, ComputeThreads.record().get("lanes"), "--threads 2 renders in two lanes");
        } finally {
            ComputeThreads.release();
        }
        assertTrue(Arrays.equals(Files.readAllBytes(one), Files.readAllBytes(two)), "the lanes' batches are encoded in order, each frame as one lane makes it");
    }

    @Test
    void streamsAFragmentedMp4() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Render.Result r = Render.run(Render.Options.of(model, heldOut, null).withMatchVoice(false), bytes);
        byte[] data = bytes.toByteArray();
        String text = new String(data, StandardCharsets.ISO_8859_1);
        assertEquals("ftyp", text.substring(4, 8));
        assertTrue(text.contains("moof"), "fragments, playable while it arrives");
        Path copy = dir.resolve("streamed.mp4");
        Files.write(copy, data);
        assertEquals(r.frames(), frames(copy).size());
    }

    @Test
    void memoryStaysFlatOverALongRender() {
        Path speech = dir.resolve("long.wav"), out = dir.resolve("long.mp4");
        AudioReader.writeWav16(speech, SpeechSynth.generate(120, 25, 5).audio(), 16000);
        int total = 3000;
        long[] heap = new long[2], rss = new long[2], committed = new long[2];
        Render.run(Render.Options.of(model, speech, out).withProgress(done -> {
            int at = done == total ? 1 : done >= total / 4 && heap[0] == 0 ? 0 : -1;
            if (at < 0) return;
            settle();
            heap[at] = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
            committed[at] = Runtime.getRuntime().totalMemory();
            rss[at] = residentBytes();
        }), null);
        long heapGrowth = heap[1] - heap[0];
        // resident memory outside the Java heap (PyTorch, FFmpeg); the heap's own size is the JVM's choice
        long nativeGrowth = (rss[1] - rss[0]) - Math.max(0, committed[1] - committed[0]);
        System.out.printf("2 min render: live heap %d -> %d MiB, heap %d -> %d MiB, resident %d -> %d MiB from a quarter of the way to the end%n",
                heap[0] >> 20, heap[1] >> 20, committed[0] >> 20, committed[1] >> 20, rss[0] >> 20, rss[1] >> 20);
        assertTrue(heapGrowth < 16L << 20, "live heap grew " + (heapGrowth >> 20) + " MiB");
        assertTrue(nativeGrowth < 64L << 20, "memory outside the heap grew " + (nativeGrowth >> 20) + " MiB");
    }

    @Test
    void badInputsAreRefusedInOneLineAndLeaveNothing() throws IOException {
        Path outDir = Files.createDirectories(dir.resolve("bad")), out = outDir.resolve("out.mp4");
        assertRefused("not found", Render.Options.of(model, dir.resolve("nope.wav"), out));

        Path silentVideo = dir.resolve("no-sound.mp4");
        try (Mp4Writer w = new Mp4Writer(silentVideo, 64, 64, 25, null)) {
            w.write(new RgbImage(64, 64));
        }
        assertRefused("No audio track", Render.Options.of(model, silentVideo, out));

        Path corrupt = dir.resolve("corrupt.mp3");
        Files.write(corrupt, "this is not audio at all".repeat(50).getBytes(StandardCharsets.UTF_8));
        UserError e = assertThrows(UserError.class, () -> Render.run(Render.Options.of(model, corrupt, out), null));
        assertTrue(e.getMessage().contains(corrupt.toString()), e.getMessage());

        assertRefused("does not exist", Render.Options.of(model, heldOut, dir.resolve("missing-dir/out.mp4")));
        assertRefused("give an output ending in .mp4", Render.Options.of(model, heldOut, outDir.resolve("out.avi")));
        assertRefused("is outside the training frames", Render.Options.of(model, heldOut, out).withStartFrame(subject.trainFrames()));

        Path incomplete = Files.createDirectories(dir.resolve("incomplete-model"));
        Files.copy(model.resolve("model.json"), incomplete.resolve("model.json"));
        assertRefused("no trained weights", Render.Options.of(incomplete, heldOut, out));

        Path old = Files.createDirectories(dir.resolve("old-model"));
        Files.writeString(old.resolve("model.json"), Files.readString(model.resolve("model.json")).replaceFirst("\"formatVersion\" : \\d+", "\"formatVersion\" : 0"));
        UserError version = assertThrows(UserError.class, () -> Render.run(Render.Options.of(old, heldOut, out), null));
        assertTrue(version.getMessage().toLowerCase().contains("version"), version.getMessage());

        try (Stream<Path> left = Files.list(outDir)) {
            assertEquals(List.of(), left.toList(), "no output and no partial file after a refused render");
        }
        Path kept = Files.writeString(Files.createDirectories(dir.resolve("kept")).resolve("out.mp4"), "an older render");
        assertRefused("is outside the training frames", Render.Options.of(model, heldOut, kept).withStartFrame(subject.trainFrames()));
        assertEquals("an older render", Files.readString(kept), "a failed render keeps the video that was there");
        // the command line prints the one line and exits non-zero
        assertNotEquals(0, Main.run("render", model.toString(), "--audio", dir.resolve("nope.wav").toString(), "-o", out.toString()));
        assertNotEquals(0, Main.run("render", model.toString(), "--audio", heldOut.toString()));
    }

    private static void assertRefused(String why, Render.Options o) {
        UserError e = assertThrows(UserError.class, () -> Render.run(o, null));
        assertTrue(e.getMessage().contains(why), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line: " + e.getMessage());
    }

    /**
     * Mean luminance (0-1) of the mouth in {@code image} where frame {@code k} of the synthetic clip
     * really has it: a box around the true mouth corners' midpoint, 0.6 × 0.5 of their distance, so
     * it covers the lips and, when open, the mouth between them. It is placed by the clip's truth,
     * not by the geometry under test.
     */
    private static double mouthLuminance(RgbImage image, int k) {
        float[] lm = truth.landmarks(k);
        double ux = lm[2 * 61], uy = lm[2 * 61 + 1], vx = lm[2 * 291], vy = lm[2 * 291 + 1];
        double cx = (ux + vx) / 2, cy = (uy + vy) / 2, width = Math.hypot(vx - ux, vy - uy);
        int x0 = (int) Math.round(cx - 0.3 * width), x1 = (int) Math.round(cx + 0.3 * width);
        int y0 = (int) Math.round(cy - 0.25 * width), y1 = (int) Math.round(cy + 0.25 * width);
        double sum = 0;
        int count = 0;
        for (int y = Math.max(0, y0); y <= Math.min(image.height - 1, y1); y++) {
            for (int x = Math.max(0, x0); x <= Math.min(image.width - 1, x1); x++) {
                sum += (0.299 * image.get(x, y, 0) + 0.587 * image.get(x, y, 1) + 0.114 * image.get(x, y, 2)) / 255;
                count++;
            }
        }
        return sum / Math.max(1, count);
    }

    /** Mean absolute difference over the w × h region at (x, y). */
    private static double regionError(RgbImage a, RgbImage b, int x, int y, int w, int h) {
        double sum = 0;
        for (int j = y; j < y + h; j++) {
            for (int i = x; i < x + w; i++) {
                for (int c = 0; c < 3; c++) sum += Math.abs(a.get(i, j, c) - b.get(i, j, c));
            }
        }
        return sum / (3.0 * w * h);
    }

    private static double upperHalfError(RgbImage a, RgbImage b) {
        double sum = 0;
        int n = a.width * a.height / 2 * 3;
        for (int i = 0; i < n; i++) sum += Math.abs((a.rgb[i] & 0xff) - (b.rgb[i] & 0xff));
        return sum / n;
    }

    /** Training frames from the most closed mouth to the most open. */
    private static int[] byOpening() {
        Integer[] idx = new Integer[subject.trainFrames()];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> Float.compare(truth.mouthOpening()[a], truth.mouthOpening()[b]));
        return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    }

    private static List<RgbImage> frames(Path mp4) {
        List<RgbImage> out = new ArrayList<>();
        try (VideoReader r = VideoReader.open(mp4, 25)) {
            for (RgbImage f = r.next(); f != null; f = r.next()) out.add(f);
        }
        return out;
    }

    /** Least-squares slope of a on b. */
    private static double slope(double[] a, double[] b) {
        double ma = Arrays.stream(a).average().orElse(0), mb = Arrays.stream(b).average().orElse(0), sab = 0, sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / sbb;
    }

    static double correlation(double[] a, double[] b) {
        double ma = Arrays.stream(a).average().orElse(0), mb = Arrays.stream(b).average().orElse(0), sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    /** A full collection, and a moment for the cleaners it queues (direct buffers, native handles) to run. */
    private static void settle() {
        for (int i = 0; i < 2; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        } catch (IOException ignored) {
            // not Linux
        }
        return 0;
    }
}
