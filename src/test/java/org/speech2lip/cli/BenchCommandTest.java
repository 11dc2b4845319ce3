package org.speech2lip.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speech2lip.data.SubjectData;
import org.speech2lip.train.LipTrainer;
import org.speech2lip.train.TinySubject;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bench} alone: every figure as one JSON line, each stage run in a process of its own. */
class BenchCommandTest {
    @TempDir
    Path dir;

    @Test
    void printsEveryFigureWithItsOwnPeakMemory() throws Exception {
        Path subject = TinySubject.prepare(dir, 3);
        Path model = dir.resolve("model");
        try (LipTrainer trainer = TinySubject.trainer(TinySubject.config(5, 1e-3), SubjectData.open(subject), model)) {
            trainer.run((s, l) -> { });
        }
        Path video = dir.resolve("synth-3.mp4");

        PrintStream old = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            code = Main.run("bench", video.toString(), "--model", model.toString(), "--train-steps", "1", "--presets", "fast", "--render-seconds", "2");
        } finally {
            System.setOut(old);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        System.out.print(out);
        assertEquals(0, code, out);

        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.split("\n")) if (!line.isBlank()) lines.add(new ObjectMapper().readTree(line));
        List<String> figures = lines.stream().map(l -> l.get("figure").asText() + (l.has("preset") ? "/" + l.get("preset").asText() : "")).toList();
        assertEquals(List.of("prepare", "train/fast", "render/fast"), figures);
        JsonNode prepare = lines.get(0), fast = lines.get(1), render = lines.get(2);
        assertEquals(150, prepare.get("frames").asInt(), "6 s at 25 fps");
        assertTrue(prepare.get("fps").asDouble() > 0);
        assertTrue(fast.get("stage1StepsPerSecond").asDouble() > 0 && fast.get("stage2StepsPerSecond").asDouble() > 0, fast.toString());
        assertEquals(50, render.get("frames").asInt(), "2 s at 25 fps");
        assertTrue(render.get("endToEndFps").asDouble() > 0 && render.get("stageFps").size() >= 4, render.toString());
        for (JsonNode l : lines) {
            assertTrue(l.get("peakRssMiB").asLong() > 0, l.toString());
            assertTrue(l.get("engine").asText().startsWith("PyTorch"), l.toString());
        }
    }

    @Test
    void refusesAMissingVideo() {
        assertEquals(2, Main.run("bench", dir.resolve("nothing.mp4").toString()));
    }
}
