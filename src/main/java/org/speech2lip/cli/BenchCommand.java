package org.speech2lip.cli;

import org.speech2lip.UserError;
import org.speech2lip.data.Prepare;
import org.speech2lip.data.SubjectData;
import org.speech2lip.data.SubjectMeta;
import org.speech2lip.model.Devices;
import org.speech2lip.model.ModelConfig;
import org.speech2lip.train.TrainBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Speed figures, one JSON line each, comparable across days and machines.",
        subcommands = {BenchCommand.PrepareBench.class, BenchCommand.TrainSpeed.class})
final class BenchCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "prepare", mixinStandardHelpOptions = true,
            description = "Time prepare on VIDEO (into a temporary directory): frames, faces found, seconds, frames per second, peak memory.")
    static final class PrepareBench implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "VIDEO", description = "A talking-head video, as for prepare.")
        Path video;

        @picocli.CommandLine.Option(names = "--threads", defaultValue = "2", description = "Inference threads (default: ${DEFAULT-VALUE}).")
        int threads;

        @Override
        public Integer call() throws IOException {
            Path tmp = Files.createTempDirectory("speech2lip-bench-");
            try {
                Prepare.Result r = Prepare.run(new Prepare.Options(video, tmp.resolve("subject"), true, threads, true));
                SubjectMeta m = r.meta();
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("figure", "prepare");
                line.put("video", video.getFileName().toString());
                line.put("size", m.source().width() + "x" + m.source().height());
                line.put("frames", m.frames());
                line.put("facesFound", m.tracking().detected());
                line.put("seconds", round(r.seconds()));
                line.put("fps", round(r.framesPerSecond()));
                line.put("stageSeconds", r.stageSeconds().entrySet().stream()
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> round(e.getValue()), (a, b) -> a, LinkedHashMap::new)));
                Machine.printFigure(line);
                return 0;
            } finally {
                delete(tmp);
            }
        }

    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Training speed of both presets on SUBJECT_DIR (short runs into a temporary directory, timed after a warm-up): "
                    + "steps per second, ms per step, parameters, peak memory so far.")
    static final class TrainSpeed implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "SUBJECT_DIR", description = "A subject directory written by prepare.")
        Path subject;

        @picocli.CommandLine.Option(names = "--steps", defaultValue = "60", paramLabel = "N",
                description = "Steps timed per preset, after " + TrainBench.WARM_UP_STEPS + " warm-up steps (default: ${DEFAULT-VALUE}).")
        int steps;

        @picocli.CommandLine.Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu (default: ${DEFAULT-VALUE}).")
        String device;

        @Override
        public Integer call() throws IOException {
            if (steps < 1) throw new UserError("--steps " + steps + ": give at least 1");
            var dev = Devices.choose(device);
            SubjectData data = SubjectData.open(subject);
            Path tmp = Files.createTempDirectory("speech2lip-bench-");
            try {
                for (ModelConfig cfg : List.of(ModelConfig.FAST, ModelConfig.PAPER)) {
                    TrainBench.Result r = TrainBench.run(cfg, data, tmp.resolve(cfg.name()), dev, steps);
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("figure", "train");
                    line.put("preset", r.preset());
                    line.put("subjectFrames", data.frames());
                    line.put("device", device);
                    line.put("steps", r.steps());
                    line.put("stage1StepsPerSecond", round(r.stage1StepsPerSecond()));
                    line.put("stage1MsPerStep", round(1000 / r.stage1StepsPerSecond()));
                    if (r.stage2Seconds() > 0) {
                        line.put("stage2StepsPerSecond", round(r.stage2StepsPerSecond()));
                        line.put("stage2MsPerStep", round(1000 / r.stage2StepsPerSecond()));
                    }
                    line.put("parameters", r.parameters());
                    Machine.printFigure(line);
                }
                return 0;
            } finally {
                delete(tmp);
            }
        }
    }

    private static void delete(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
