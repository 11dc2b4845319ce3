package org.speech2lip.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speech2lip.UserError;
import org.speech2lip.cli.Main;
import org.speech2lip.synth.SynthSpec;
import org.speech2lip.synth.SynthSubject;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every bad input stops with a one-line message naming the problem and leaves no trusted output. */
class PrepareBadInputTest {
    @TempDir
    Path dir;

    private String fails(Path video, Path out) {
        UserError e = assertThrows(UserError.class, () -> Prepare.run(new Prepare.Options(video, out, false, 1, true)));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertFalse(Files.exists(out.resolve(SubjectDirectory.META)), "no meta.json after a failure");
        return e.getMessage();
    }

    @Test
    void missingFile() {
        assertTrue(fails(dir.resolve("nope.mp4"), dir.resolve("s")).contains("not found"));
    }

    @Test
    void notAVideo() throws Exception {
        Path txt = dir.resolve("notes.mp4");
        Files.writeString(txt, "this is not a video\n".repeat(50));
        assertTrue(fails(txt, dir.resolve("s")).contains("notes.mp4"));
    }

    @Test
    void videoWithoutAudio() {
        Path v = TestClips.noise(dir, "silent.mp4", 6, false);
        assertTrue(fails(v, dir.resolve("s")).contains("no audio track"));
    }

    @Test
    void silentSoundtrack() {
        Path v = TestClips.noise(dir, "muted.mp4", 6, new float[6 * 16000]);
        assertTrue(fails(v, dir.resolve("s")).contains("audio track is silent"));
    }

    @Test
    void soundingSecondsCountsOnlySoundAboveTheFloor() {
        assertEquals(6.0, Prepare.soundingSeconds(TestClips.tone(6)), 0.05);
        float[] hum = TestClips.tone(6);
        for (int i = 0; i < hum.length; i++) hum[i] *= 1e-3f; // -60 dBFS room tone
        assertEquals(0.0, Prepare.soundingSeconds(hum), 1e-9);
        float[] half = new float[6 * 16000];
        System.arraycopy(TestClips.tone(3), 0, half, 0, 3 * 16000);
        assertEquals(3.0, Prepare.soundingSeconds(half), 0.05);
    }

    @Test
    void audioOnly() {
        Path a = TestClips.wav(dir, "speech.wav", 6);
        assertTrue(fails(a, dir.resolve("s")).contains("no video"));
    }

    @Test
    void tooShort() {
        Path v = TestClips.noise(dir, "short.mp4", 2, true);
        assertTrue(fails(v, dir.resolve("s")).contains("at least 5 s"));
    }

    @Test
    void noFace() {
        Path v = TestClips.noise(dir, "noise.mp4", 6, true);
        Path out = dir.resolve("s");
        assertTrue(fails(v, out).startsWith("No face found"));
    }

    @Test
    void outputHoldsSomethingElse() throws Exception {
        Path v = TestClips.noise(dir, "noise.mp4", 6, true);
        Path out = dir.resolve("mine");
        Files.createDirectories(out);
        Files.writeString(out.resolve("thesis.txt"), "precious");
        assertTrue(fails(v, out).contains("already holds other files"));
        assertEquals("precious", Files.readString(out.resolve("thesis.txt")));
    }

    @Test
    void unwritableOutput() throws Exception {
        Path v = TestClips.noise(dir, "noise.mp4", 6, true);
        Path file = dir.resolve("plain-file");
        Files.writeString(file, "x");
        assertTrue(fails(v, file.resolve("subject")).startsWith("Cannot write"));
    }

    @Test
    void twoFaces() {
        Path v = dir.resolve("two.mp4");
        SynthSubject.generate(SynthSpec.TWO_FACES.withSeconds(6), v);
        assertTrue(fails(v, dir.resolve("s")).startsWith("Two faces"));
    }

    @Test
    void faceLeavesTheFrame() {
        Path v = dir.resolve("leaves.mp4");
        SynthSubject.generate(SynthSpec.FACE_LEAVES.withSeconds(6), v);
        assertTrue(fails(v, dir.resolve("s")).contains("missing in"));
    }

    @Test
    void cliPrintsOneLineAndExitsNonZero() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run("prepare", dir.resolve("missing.mp4").toString(), "-o", dir.resolve("s").toString(), "-q");
        } finally {
            System.setErr(old);
        }
        String text = err.toString(StandardCharsets.UTF_8).strip();
        assertNotEquals(0, code);
        assertEquals(1, text.lines().count(), text);
        assertTrue(text.startsWith("error: Video not found"), text);
    }
}
