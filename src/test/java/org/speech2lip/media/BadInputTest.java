package org.speech2lip.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.speech2lip.UserError;

class BadInputTest {
    @TempDir
    Path dir;

    @Test
    void missingFile() {
        Path missing = dir.resolve("nope.mp4");
        assertUserError(() -> MediaInfo.probe(missing), "not found");
        assertUserError(() -> VideoReader.open(missing, 25), "not found");
        assertUserError(() -> AudioReader.readMono16k(missing), "not found");
    }

    @Test
    void textFileNamedMp4() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.mp4"), "These are my notes, not a video.\n".repeat(20));
        assertUserError(() -> MediaInfo.probe(text), "cannot be read as video or audio");
        assertUserError(() -> VideoReader.open(text, 25), "cannot be read as video or audio");
        assertUserError(() -> AudioReader.readMono16k(text), "cannot be read as video or audio");
    }

    @Test
    void videoWithoutAudio() {
        Path silent = dir.resolve("silent.mp4");
        try (Mp4Writer out = new Mp4Writer(silent, 64, 48, 25, null)) {
            out.write(Clips.flat(64, 48, 10, 20, 30));
        }
        assertUserError(() -> AudioReader.readMono16k(silent), "audio");
    }

    @Test
    void audioWithoutVideo() {
        Path wav = dir.resolve("voice.wav");
        AudioReader.writeWav16(wav, new float[1600], 16000);
        assertFalse(MediaInfo.probe(wav).hasVideo());
        assertUserError(() -> VideoReader.open(wav, 25), "No video track");
    }

    @Test
    void outputDirectoryThatCannotHoldFiles() throws Exception {
        // A regular file standing where the directory should be: unwritable even for root.
        Path notADir = Files.writeString(dir.resolve("file"), "x");
        assertUserError(() -> new Mp4Writer(notADir.resolve("out.mp4"), 64, 48, 25, null), notADir.toString());
        assertUserError(() -> AudioReader.writeWav16(notADir.resolve("out.wav"), new float[10], 16000), notADir.toString());
        assertArrayEquals(new String[] {"file"}, dir.toFile().list());
    }

    private static void assertUserError(Executable call, String expected) {
        UserError e = assertThrows(UserError.class, call);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
}
