package org.speech2lip.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speech2lip.cli.Main;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real train process stopped by a signal, as Ctrl-C stops it: the shutdown saves a checkpoint, the
 * person reads one line saying how to go on, and the same command resumes from that step.
 */
class InterruptedTrainingTest {
    @TempDir
    Path dir;

    @Test
    void aSignalLeavesACheckpointThatTheNextRunResumes() throws Exception {
        Path subject = TinySubject.prepare(dir, 11), model = dir.resolve("model"), err = dir.resolve("stderr.txt");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Djava.awt.headless=true", "-Dai.djl.offline=true",
                Main.class.getName(), "train", subject.toString(), "-o", model.toString(), "--minutes", "1", "-q");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
        pb.environment().put("SPEECH2LIP_HOME", dir.resolve("home").toString());
        Process train = pb.start();
        try {
            // wait until the lips are training: the sync expert is saved first
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
            while (!Files.exists(model.resolve(SyncStage.EXPERT)) && System.nanoTime() < deadline && train.isAlive()) Thread.sleep(200);
            assertTrue(Files.exists(model.resolve(SyncStage.EXPERT)), "the sync expert was trained: " + read(err));
            Thread.sleep(3000);
            train.destroy(); // SIGTERM runs the same shutdown hooks as Ctrl-C's SIGINT
            assertTrue(train.waitFor(2, TimeUnit.MINUTES), "train stopped");
        } finally {
            train.destroyForcibly();
        }
        assertEquals(128 + 15, train.exitValue());
        List<String> lines = read(err).strip().lines().filter(l -> !l.isBlank()).toList();
        assertEquals("error: interrupted: training stops after saving a checkpoint; run the same train command again to resume",
                lines.get(lines.size() - 1));
        assertTrue(Checkpoint.exists(model), "a checkpoint was saved on the way out");
        int saved = new ObjectMapper().readTree(model.resolve(Checkpoint.DIR).resolve("state.json").toFile()).get("step").asInt();
        assertTrue(saved > 0, "steps were saved: " + saved);

        var out = new java.io.ByteArrayOutputStream();
        var stdout = System.out;
        System.setOut(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.run("train", subject.toString(), "-o", model.toString(), "--steps", Integer.toString(saved + 2), "-q"));
        } finally {
            System.setOut(stdout);
        }
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("resuming " + model + " at step " + saved), out.toString(StandardCharsets.UTF_8));
    }

    private static String read(Path file) throws Exception {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
