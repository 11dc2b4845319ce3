package org.speech2lip.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo's whole chain on the built-in speaker, with a few seconds of training. */
class DemoTest {
    @TempDir
    Path dir;

    @Test
    void runsTheChainAndSummarisesItInSevenLines() throws Exception {
        Path out = dir.resolve("demo");
        assertEquals(0, Main.run("demo", "-o", out.toString(), "--minutes", "0.25", "--judge-steps", "30"));
        for (String file : new String[] {"speaker.mp4", "subject/meta.json", "model/model.json", "new_speech.wav", "says_new_speech.mp4",
                "report/report.md", "report/side_by_side.mp4", "summary.txt", "run.json", "run.log"}) {
            assertTrue(Files.size(out.resolve(file)) > 0, file);
        }
        List<String> summary = Files.readAllLines(out.resolve("summary.txt"));
        assertEquals(7, summary.size(), summary.toString());
        assertTrue(summary.get(0).startsWith("subject: 500 frames 256x256"), summary.get(0));
        assertTrue(summary.get(4).matches("motion: +opening r \\S+ \\| .*spread \\S+ \\| .* of the real .*"), summary.get(4));
        assertTrue(summary.get(5).matches("silence: .* rests \\S+ of the way .* at r \\S+"), summary.get(5));
        assertTrue(summary.get(6).matches("render: +[0-9.]+ frames/s end to end, 150 frames"), summary.get(6));
        org.speech2lip.media.MediaInfo said = org.speech2lip.media.MediaInfo.probe(out.resolve("says_new_speech.mp4"));
        assertEquals(256, said.width());
        assertTrue(said.hasAudio());
        // every step left its own record, and the demo its own
        ObjectMapper json = new ObjectMapper();
        for (String record : new String[] {"speaker.run.json", "subject/run.json", "model/run.json", "says_new_speech.run.json", "report/run.json"}) {
            assertEquals("speech2lip-run", json.readTree(out.resolve(record).toFile()).get("format").asText(), record);
        }
        JsonNode demo = json.readTree(out.resolve("run.json").toFile());
        assertEquals("demo", demo.get("verb").asText());
        assertEquals(0.25, demo.get("options").get("--minutes").asDouble());
        assertTrue(Files.readString(out.resolve("run.log")).contains("5/5 eval"), "the demo's log holds its steps");

        // again on the same directory: what is done is not done again
        var printed = new java.io.ByteArrayOutputStream();
        var stdout = System.out;
        System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.run("demo", "-o", out.toString(), "--minutes", "0.25", "--judge-steps", "30"));
        } finally {
            System.setOut(stdout);
        }
        String again = printed.toString(java.nio.charset.StandardCharsets.UTF_8);
        for (String step : new String[] {"2/5 prepare: done before", "3/5 train: done before", "4/5 render: done before"}) {
            assertTrue(again.contains(step), step + " in:\n" + again);
        }
    }

    @Test
    void aMissingClipStopsItWithOneLine() {
        assertEquals(2, Main.run("demo", "--video", dir.resolve("none.mp4").toString(), "-o", dir.resolve("d").toString()));
    }
}
