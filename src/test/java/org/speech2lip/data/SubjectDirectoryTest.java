package org.speech2lip.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speech2lip.UserError;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Later stages trust a subject directory only when prepare finished it, in this format version. */
class SubjectDirectoryTest {
    @TempDir
    Path dir;

    private static SubjectMeta meta(String format, int version) {
        return new SubjectMeta(format, version, "test", "now", null, 25, 1, null, null, 0, null, null, null, null, null, null,
                Map.of("landmarks", new SubjectMeta.ArrayInfo("landmarks.npy", "float32", new int[] {1}, "x")));
    }

    private String refused(SubjectDirectory d) {
        return assertThrows(UserError.class, d::readMeta).getMessage();
    }

    @Test
    void interruptedPrepareIsNotTrusted() throws Exception {
        SubjectDirectory d = new SubjectDirectory(dir.resolve("s"));
        d.claim();
        Npy.writeFloat(d.file("landmarks.npy"), new float[] {1}, 1);
        assertTrue(refused(d).contains("incomplete"));
    }

    @Test
    void otherFormatVersionIsRefused() {
        SubjectDirectory d = new SubjectDirectory(dir.resolve("s"));
        d.claim();
        Npy.writeFloat(d.file("landmarks.npy"), new float[] {1}, 1);
        d.writeMeta(meta(SubjectMeta.FORMAT, Versions.SUBJECT_FORMAT + 1));
        assertTrue(refused(d).contains("format version"));
        d.writeMeta(meta(SubjectMeta.FORMAT, Versions.SUBJECT_FORMAT));
        assertEquals(1, d.readMeta().frames());
    }

    @Test
    void missingArrayIsRefused() throws Exception {
        SubjectDirectory d = new SubjectDirectory(dir.resolve("s"));
        d.claim();
        d.writeMeta(meta(SubjectMeta.FORMAT, Versions.SUBJECT_FORMAT));
        assertTrue(refused(d).contains("missing landmarks.npy"));
    }

    @Test
    void someoneElsesDirectoryIsRefused() throws Exception {
        SubjectDirectory d = new SubjectDirectory(dir.resolve("s"));
        d.claim();
        d.writeMeta(meta("something-else", 1));
        assertTrue(refused(d).contains("not a speech2lip subject"));
        assertTrue(refused(new SubjectDirectory(dir.resolve("nothing"))).contains("does not exist"));
        Files.writeString(dir.resolve("s").resolve(SubjectDirectory.META), "{ not json");
        assertTrue(refused(d).startsWith("Cannot read"));
    }

    @Test
    void reclaimingRemovesTheOldMetaFirst() {
        SubjectDirectory d = new SubjectDirectory(dir.resolve("s"));
        d.claim();
        d.writeMeta(meta(SubjectMeta.FORMAT, Versions.SUBJECT_FORMAT));
        d.claim();
        assertTrue(!d.isComplete(), "a prepare that starts over is incomplete until it finishes");
    }
}
