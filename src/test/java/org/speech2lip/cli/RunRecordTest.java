package org.speech2lip.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every run leaves a log, and a successful one a run.json beside its outputs; errors are one line. */
class RunRecordTest {
    @TempDir
    Path dir;

    @Test
    void aSuccessfulRunLeavesItsRecordBesideItsOutput() throws Exception {
        Path video = dir.resolve("clip.mp4");
        assertEquals(0, Main.run("synth", "-o", video.toString(), "--size", "96", "--seconds", "2", "--seed", "4"));
        JsonNode run = new ObjectMapper().readTree(dir.resolve("clip.run.json").toFile());
        assertEquals("speech2lip-run", run.get("format").asText());
        assertEquals(1, run.get("formatVersion").asInt());
        assertEquals("synth", run.get("verb").asText());
        assertEquals("-o", run.get("commandLine").get(1).asText());
        assertEquals(96, run.get("options").get("--size").asInt());
        assertEquals(4, run.get("options").get("--seed").asInt());
        assertEquals(false, run.get("options").get("--two-faces").asBoolean(), "defaults are recorded too");
        assertTrue(run.get("machine").get("engine").asText().startsWith("PyTorch"), run.toString());
        assertEquals(64, run.get("faceModelsSha256").elements().next().asText().length());
        String log = Files.readString(dir.resolve("clip.log"));
        assertTrue(log.startsWith("$ speech2lip synth -o "), log);
        assertTrue(log.contains("wrote " + video), "what the run printed is in its log: " + log);
    }

    @Test
    void askingForHelpLeavesTheLastRunsRecordAlone() throws Exception {
        Path video = dir.resolve("clip.mp4");
        assertEquals(0, Main.run("synth", "-o", video.toString(), "--size", "96", "--seconds", "2", "--seed", "4"));
        byte[] record = Files.readAllBytes(dir.resolve("clip.run.json")), log = Files.readAllBytes(dir.resolve("clip.log"));
        PrintStream old = System.out;
        try {
            System.setOut(new PrintStream(new java.io.ByteArrayOutputStream(), true));
            assertEquals(0, Main.run("synth", "-o", video.toString(), "--help"));
            assertEquals(0, Main.run("synth", "-o", video.toString(), "--version"));
            assertEquals(0, Main.run("--help"));
        } finally {
            System.setOut(old);
        }
        assertTrue(java.util.Arrays.equals(record, Files.readAllBytes(dir.resolve("clip.run.json"))), "--help wrote no record over the run's");
        assertTrue(java.util.Arrays.equals(log, Files.readAllBytes(dir.resolve("clip.log"))));
        assertTrue(Main.onlyHelp(null));
    }

    @Test
    void aFailedRunLeavesNoRecordAndSaysWhatToDoInOneLine() {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int badNumber, missing;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            badNumber = Main.run("synth", "-o", dir.resolve("x.mp4").toString(), "--size", "big");
            missing = Main.run("eval", dir.resolve("no-model").toString(), "-o", dir.resolve("report").toString());
        } finally {
            System.setErr(old);
        }
        String text = err.toString(StandardCharsets.UTF_8);
        System.out.print(text);
        assertEquals(2, badNumber);
        assertEquals(2, missing);
        String[] lines = text.strip().split("\n");
        assertEquals(2, lines.length, "one line per failure, no usage dump, no stack trace: " + text);
        assertTrue(lines[0].startsWith("error: ") && lines[0].contains("'big'") && lines[0].endsWith("see ./speech2lip synth --help"), lines[0]);
        assertTrue(lines[1].startsWith("error: ") && lines[1].contains("no-model"), lines[1]);
        assertFalse(Files.exists(dir.resolve("x.run.json")));
        assertFalse(Files.exists(dir.resolve("report").resolve("run.json")));
    }

    @Test
    void aRecordThatCannotBeWrittenFailsTheRunInOneLineAndKeepsTheWholeOutput() throws Exception {
        Path video = dir.resolve("kept.mp4"), blocker = dir.resolve("kept.run.json");
        Files.createDirectories(blocker.resolve("in-the-way"));
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            code = Main.run("synth", "-o", video.toString(), "--size", "96", "--seconds", "1");
        } finally {
            System.setErr(old);
        }
        List<String> said = Stderr.messages(err.toString(StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertEquals(1, said.size(), said.toString());
        assertTrue(said.get(0).startsWith("error: Cannot write " + blocker), said.get(0));
        assertTrue(Files.size(video) > 0, "the video itself was finished before the record, and stays");
    }
}
