package org.speech2lip.cli;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bytedeco.ffmpeg.global.avutil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a figure was measured on, and how much memory the process peaked at. */
final class Machine {
    private Machine() {}

    /** Prints one figure as a JSON line, with the process's peak memory and the machine appended. */
    static void printFigure(Map<String, Object> figure) throws IOException {
        Map<String, Object> line = new LinkedHashMap<>(figure);
        line.put("peakRssMiB", peakRssMiB());
        line.putAll(describe());
        System.out.println(new ObjectMapper().writeValueAsString(line));
    }

    static Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        m.put("speech2lip", org.speech2lip.data.Versions.PROJECT);
        m.put("djl", Engine.getDjlVersion());
        Engine engine = Engine.getInstance();
        m.put("engine", engine.getEngineName() + " " + engine.getVersion());
        m.put("ffmpeg", avutil.av_version_info().getString());
        return m;
    }

    /** Peak resident set size of this process (VmHWM), in MiB; -1 where /proc is not available. */
    static long peakRssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        } catch (IOException | NumberFormatException ignored) {
            // not Linux: report unknown
        }
        return -1;
    }
}
