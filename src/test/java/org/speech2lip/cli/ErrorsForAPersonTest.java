package org.speech2lip.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speech2lip.data.Prepare;
import org.speech2lip.media.Mp4Writer;
import org.speech2lip.media.RgbImage;
import org.speech2lip.synth.SynthSpec;
import org.speech2lip.synth.SynthSubject;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every verb with bad input: a non-zero exit and, besides progress bars, exactly one line on stderr
 * that starts with "error: ", names the thing at fault and carries no stack trace or FFmpeg chatter.
 */
class ErrorsForAPersonTest {
    @TempDir
    Path dir;

    record Case(String names, String... args) {}

    @Test
    void everyBadInputGetsOneLine() throws Exception {
        Path corrupt = Files.writeString(dir.resolve("corrupt.mp4"), "not a video at all");
        Path empty = Files.createFile(dir.resolve("empty.wav"));
        Path soundOnly = dir.resolve("sound.wav");
        org.speech2lip.media.AudioReader.writeWav16(soundOnly, new float[16000 * 6], 16000);
        Path strangers = Files.createDirectories(dir.resolve("strangers"));
        Files.writeString(strangers.resolve("notes.txt"), "mine");
        Path notAModel = Files.createDirectories(dir.resolve("empty-model"));
        Path faceless = noise(dir.resolve("noise.mp4"), tone()), muted = noise(dir.resolve("muted.mp4"), new float[6 * 16000]);
        String missing = dir.resolve("missing.mp4").toString(), out = dir.resolve("out").toString();
        Path picture = dir.resolve("face.png");
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(64, 64, java.awt.image.BufferedImage.TYPE_INT_RGB), "png", picture.toFile());
        List<Case> cases = List.of(
                new Case("no verb"),
                new Case("frobnicate", "frobnicate"),
                new Case("still picture, not a video", "prepare", picture.toString(), "-o", out),
                new Case("is a file, not a subject directory", "train", corrupt.toString(), "-o", out),
                new Case("give the model directory first", "render", soundOnly.toString(), "--audio", notAModel.toString(), "-o", dir.resolve("r.mp4").toString()),
                new Case("'big'", "synth", "-o", dir.resolve("s.mp4").toString(), "--size", "big"),
                new Case("size", "synth", "-o", dir.resolve("s.mp4").toString(), "--size", "-4"),
                new Case("missing.mp4", "prepare", missing, "-o", out),
                new Case("corrupt.mp4", "prepare", corrupt.toString(), "-o", out),
                new Case("sound.wav", "prepare", soundOnly.toString(), "-o", out),
                new Case("is a directory", "prepare", dir.toString(), "-o", out),
                new Case("No face found", "prepare", faceless.toString(), "-o", out),
                new Case("audio track is silent", "prepare", muted.toString(), "-o", out),
                new Case("a file is in the way", "synth", "-o", corrupt.resolve("s.mp4").toString()),
                new Case("--output", "prepare", corrupt.toString()),
                new Case("not a subject directory", "train", strangers.toString(), "-o", out),
                new Case("nowhere", "train", dir.resolve("nowhere").toString(), "-o", out),
                new Case("huge", "train", strangers.toString(), "-o", out, "--preset", "huge"),
                new Case("empty-model", "render", notAModel.toString(), "--audio", soundOnly.toString(), "-o", dir.resolve("r.mp4").toString()),
                new Case("empty.wav", "render", notAModel.toString(), "--audio", empty.toString(), "-o", dir.resolve("r.mp4").toString()),
                new Case("--stream", "render", notAModel.toString(), "--audio", soundOnly.toString()),
                new Case("--yaw", "render", notAModel.toString(), "--audio", soundOnly.toString(), "-o", dir.resolve("r.mp4").toString(), "--yaw", "x"),
                new Case("empty-model", "eval", notAModel.toString(), "-o", out),
                new Case("missing.mp4", "bench", "prepare", missing),
                new Case("empty-model", "bench", "render", notAModel.toString()),
                new Case("missing.mp4", "demo", "--video", missing, "-o", out),
                new Case("--minutes", "demo", "--minutes", "-1", "-o", out),
                new Case("No face found", "demo", "--video", faceless.toString(), "-o", out));
        List<String> failures = new ArrayList<>();
        for (Case c : cases) {
            PrintStream old = System.err;
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code;
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            try {
                code = Main.run(c.args());
            } finally {
                System.setErr(old);
            }
            String text = err.toString(StandardCharsets.UTF_8);
            System.out.println(String.join(" ", c.args()) + "\n  -> exit " + code + ": " + text.strip());
            List<String> said = Stderr.messages(text);
            boolean ok = code != 0 && said.size() == 1 && said.get(0).startsWith("error: ") && said.get(0).contains(c.names())
                    && !text.contains("Exception") && !text.contains("\tat ");
            if (!ok) failures.add(String.join(" ", c.args()) + " -> exit " + code + ": " + text);
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertFalse(Files.exists(Path.of(out)), "no failed run left an output behind, not even one that got as far as tracking");
        assertEquals(28, cases.size());
    }

    @Test
    void aFullHeapIsOneLineThatSaysHowToGiveMore() {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            // as a worker thread's full heap reaches the verb: wrapped
            code = Main.report(new java.util.concurrent.ExecutionException(new OutOfMemoryError("Java heap space")), null);
        } finally {
            System.setErr(old);
        }
        List<String> said = Stderr.messages(err.toString(StandardCharsets.UTF_8));
        assertEquals(1, code);
        assertEquals(1, said.size(), said.toString());
        assertTrue(said.get(0).startsWith("error: out of memory") && said.get(0).contains("SPEECH2LIP_JAVA_OPTS=-Xmx"), said.get(0));
        assertTrue(Main.outOfMemory(8L << 30).contains("(8 GB)") && Main.outOfMemory(8L << 30).contains("-Xmx16g"));
    }

    @Test
    void aCutShortSubjectArrayIsOneLineThatSaysPrepareAgain() throws Exception {
        Path video = dir.resolve("cut.mp4"), subject = dir.resolve("cut-subject");
        SynthSubject.generate(SynthSpec.DEFAULT.withSize(128, 128).withSeconds(6), video);
        Prepare.run(new Prepare.Options(video, subject, false, 2, true));
        Path crops = subject.resolve("lip_crops.npy");
        byte[] whole = Files.readAllBytes(crops);
        Files.write(crops, Arrays.copyOf(whole, whole.length / 2));
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            code = Main.run("train", subject.toString(), "-o", dir.resolve("cut-model").toString(), "--steps", "1");
        } finally {
            System.setErr(old);
        }
        String text = err.toString(StandardCharsets.UTF_8);
        List<String> said = Stderr.messages(text);
        assertTrue(code != 0 && said.size() == 1 && said.get(0).contains("lip_crops.npy") && said.get(0).contains("prepare again")
                && !text.contains("Exception"), "exit " + code + ": " + text);
    }

    /** 6 s of random frames (no face anywhere) with {@code audio} as the soundtrack. */
    private static Path noise(Path file, float[] audio) {
        Random rnd = new Random(3);
        try (Mp4Writer w = new Mp4Writer(file, 96, 96, 25, audio)) {
            for (int k = 0; k < 150; k++) {
                RgbImage f = new RgbImage(96, 96);
                rnd.nextBytes(f.rgb);
                w.write(f);
            }
        }
        return file;
    }

    private static float[] tone() {
        float[] a = new float[6 * 16000];
        for (int i = 0; i < a.length; i++) a[i] = (float) (0.3 * Math.sin(2 * Math.PI * 220 * i / 16000.0));
        return a;
    }
}
