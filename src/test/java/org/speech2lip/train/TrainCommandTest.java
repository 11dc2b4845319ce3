package org.speech2lip.train;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speech2lip.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The train verb end to end: a short run, a resume, and one-line refusals of bad input. */
class TrainCommandTest {
    @TempDir
    static Path dir;
    static Path subject;

    @BeforeAll
    static void prepare() {
        subject = TinySubject.prepare(dir, 5);
    }

    /** Runs the program, returning its exit code and stderr. */
    private static Object[] run(String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true));
        try {
            return new Object[] {Main.run(args), captured.toString()};
        } finally {
            System.setErr(err);
        }
    }

    @Test
    void trainsAndResumesToTheGivenStepCount() {
        Path model = dir.resolve("model");
        assertEquals(0, run("train", subject.toString(), "-o", model.toString(), "--steps", "2", "-q")[0]);
        assertTrue(Files.isRegularFile(model.resolve(ModelDirectory.META)));
        assertTrue(Checkpoint.exists(model));
        assertEquals(0, run("train", subject.toString(), "-o", model.toString(), "--steps", "4", "-q")[0]);
        assertTrue(Files.exists(model.resolve(Checkpoint.DIR).resolve("lips.params")));
    }

    @Test
    void refusesAnUnknownPresetWithOneLine() {
        Path model = dir.resolve("preset");
        Object[] r = run("train", subject.toString(), "-o", model.toString(), "--preset", "huge", "-q");
        assertNotEquals(0, r[0]);
        String err = ((String) r[1]).strip();
        assertTrue(err.startsWith("error: Unknown preset huge"), err);
        assertFalse(err.contains("\n"), err);
        assertFalse(Files.exists(model));
    }

    @Test
    void refusesABudgetOfNothing() {
        for (String[] budget : new String[][] {{"--steps", "0"}, {"--minutes", "-1"}}) {
            Object[] r = run("train", subject.toString(), "-o", dir.resolve("nothing").toString(), budget[0], budget[1], "-q");
            assertNotEquals(0, r[0]);
            assertTrue(((String) r[1]).strip().startsWith("error: " + budget[0]), (String) r[1]);
        }
    }

    @Test
    void refusesAnIncompleteSubjectWithOneLine() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty-subject")), model = dir.resolve("none");
        Object[] r = run("train", empty.toString(), "-o", model.toString(), "--steps", "1", "-q");
        assertNotEquals(0, r[0]);
        String err = ((String) r[1]).strip();
        assertTrue(err.startsWith("error: "), err);
        assertFalse(err.contains("\n"), err);
        assertFalse(Files.exists(model));
    }

    /** A one-line error, a non-zero exit and no model directory left behind. */
    private static String refused(Path model, String... args) {
        Object[] r = run(args);
        assertNotEquals(0, r[0]);
        String err = ((String) r[1]).strip();
        assertTrue(err.startsWith("error: "), err);
        assertFalse(err.contains("\n"), err);
        if (model != null) assertFalse(Files.exists(model), model + " was left behind");
        return err;
    }

    private static Path copyOfSubject(String name) throws Exception {
        Path copy = dir.resolve(name);
        try (var files = Files.list(subject)) {
            Files.createDirectories(copy);
            for (Path f : files.toList()) if (Files.isRegularFile(f)) Files.copy(f, copy.resolve(f.getFileName()));
        }
        return copy;
    }

    @Test
    void refusesASubjectOfAnotherFormatVersion() throws Exception {
        Path old = copyOfSubject("old-subject");
        Path meta = old.resolve("meta.json");
        Files.writeString(meta, Files.readString(meta).replaceFirst("\"formatVersion\"\\s*:\\s*\\d+", "\"formatVersion\": 99"));
        Path model = dir.resolve("from-old");
        String err = refused(model, "train", old.toString(), "-o", model.toString(), "--steps", "1", "-q");
        assertTrue(err.contains("version"), err);
    }

    @Test
    void refusesASubjectFromAnInterruptedPrepare() throws Exception {
        // prepare writes meta.json last: without it the directory is unfinished
        Path unfinished = copyOfSubject("unfinished-subject");
        Files.delete(unfinished.resolve("meta.json"));
        Path model = dir.resolve("from-unfinished");
        refused(model, "train", unfinished.toString(), "-o", model.toString(), "--steps", "1", "-q");
    }

    @Test
    void refusesAGpuThatIsNotThere() {
        org.junit.jupiter.api.Assumptions.assumeTrue(ai.djl.engine.Engine.getInstance().getGpuCount() == 0, "this machine has a GPU");
        Path model = dir.resolve("gpu");
        String err = refused(model, "train", subject.toString(), "-o", model.toString(), "--steps", "1", "--device", "gpu", "-q");
        assertTrue(err.toLowerCase().contains("gpu"), err);
    }

    @Test
    void refusesAnUnknownSyncLossAndOtherSwitchesOnResume() {
        Path model = dir.resolve("switches");
        String err = refused(model, "train", subject.toString(), "-o", model.toString(), "--steps", "1", "--sync-loss", "maybe", "-q");
        assertTrue(err.contains("--sync-loss maybe"), err);
        assertEquals(0, run("train", subject.toString(), "-o", model.toString(), "--steps", "1", "--sync-loss", "off", "-q")[0]);
        err = refused(null, "train", subject.toString(), "-o", model.toString(), "--steps", "2", "--no-blend-net", "--sync-loss", "off", "-q");
        assertTrue(err.contains("other settings"), err);
    }
}
