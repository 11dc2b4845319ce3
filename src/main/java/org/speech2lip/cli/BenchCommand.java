package org.speech2lip.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.speech2lip.FileTrees;
import org.speech2lip.UserError;
import org.speech2lip.data.Prepare;
import org.speech2lip.data.SubjectData;
import org.speech2lip.data.SubjectMeta;
import org.speech2lip.model.ComputeThreads;
import org.speech2lip.model.Devices;
import org.speech2lip.model.ModelConfig;
import org.speech2lip.media.AudioReader;
import org.speech2lip.render.PoseOffset;
import org.speech2lip.render.Render;
import org.speech2lip.synth.SynthSpec;
import org.speech2lip.synth.SynthSubject;
import org.speech2lip.train.ModelDirectory;
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
        description = {"Speed figures, one JSON line each, comparable across days and machines.",
                "Alone, it runs every figure in turn, each stage in its own process so that its peak memory is its own: "
                        + "prepare of VIDEO (default: the built-in synthetic speaker, 512x512, 30 s), training speed of both presets "
                        + "on the subject it made, and render speed of MODEL_DIR (default: a model trained for a minute on that "
                        + "subject; render speed does not depend on how well a model is trained)."},
        subcommands = {BenchCommand.PrepareBench.class, BenchCommand.TrainSpeed.class, BenchCommand.RenderSpeed.class})
final class BenchCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "VIDEO", description = "Video to time prepare on (default: the built-in synthetic speaker).")
    Path video;

    @picocli.CommandLine.Option(names = "--model", paramLabel = "MODEL_DIR", description = "Model to time render with (default: one trained for a minute on VIDEO's subject).")
    Path model;

    @picocli.CommandLine.Option(names = "--train-steps", defaultValue = "10", paramLabel = "N", description = "Steps timed per preset and stage, after the warm-up (default: ${DEFAULT-VALUE}; a paper-preset step takes 7-11 s on 2 cores).")
    int trainSteps;

    @picocli.CommandLine.Option(names = "--presets", defaultValue = "fast,paper", split = ",", paramLabel = "NAME", description = "Presets whose training speed is timed (default: ${DEFAULT-VALUE}).")
    List<String> presets;

    @picocli.CommandLine.Option(names = "--render-seconds", defaultValue = "30", paramLabel = "S", description = "Length of the speech rendered (default: ${DEFAULT-VALUE}).")
    double renderSeconds;

    @picocli.CommandLine.Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu, for training and render (default: ${DEFAULT-VALUE}).")
    String device;

    @picocli.CommandLine.Option(names = "--beside-busy", defaultValue = "0", paramLabel = "N",
            description = "Time every figure again beside N busy single-threaded processes (other work on the machine) and print "
                    + "each speed alone, beside them, and their ratio (default: ${DEFAULT-VALUE}: alone only).")
    int besideBusy;

    @picocli.CommandLine.Mixin
    ThreadsOption threads;

    /** Training time of the throwaway model timed when no --model is given. */
    static final int RENDER_MODEL_MINUTES = 1;

    @Override
    public Integer call() throws IOException {
        if (video != null && !Files.isRegularFile(video)) throw new UserError(video + ": no such video; give a talking-head clip, or none for the built-in speaker");
        if (model != null) new ModelDirectory(model).read();
        if (besideBusy < 0 || besideBusy > 64) throw new UserError("--beside-busy " + besideBusy + ": give a number of busy processes from 0 to 64");
        Path tmp = Files.createTempDirectory("speech2lip-bench-");
        try {
            Path clip = video;
            if (clip == null) {
                clip = tmp.resolve("synthetic.mp4");
                System.err.println("bench: making the built-in speaker (512x512, 30 s)");
                SynthSubject.generate(SynthSpec.DEFAULT.withSize(512, 512).withSeconds(30), clip, false);
            }
            Path subject = tmp.resolve("subject");
            figure("prepare", "bench", "prepare", clip.toString(), "--keep", subject.toString(), "--threads", threads.threads);
            figure("training speed", "bench", "train", subject.toString(), "--steps", Integer.toString(trainSteps),
                    "--presets", String.join(",", presets), "--device", device, "--threads", threads.threads);
            Path timed = model;
            if (timed == null) {
                timed = tmp.resolve("model");
                System.err.println("bench: training a model for " + RENDER_MODEL_MINUTES + " minute to time render with");
                ChildRun.figures("model for render", "train", subject.toString(), "-o", timed.toString(),
                        "--minutes", Integer.toString(RENDER_MODEL_MINUTES), "--device", device, "-q");
            }
            figure("render speed", "bench", "render", timed.toString(), "--seconds", Double.toString(renderSeconds), "--device", device,
                    "--threads", threads.threads);
            return 0;
        } finally {
            FileTrees.delete(tmp);
        }
    }

    /**
     * Runs one figure in its own process and, with --beside-busy, again beside the busy processes, then
     * prints a line comparing each speed (a field ending in PerSecond or Fps) of the two.
     */
    private void figure(String what, String... args) throws IOException {
        List<String> alone = ChildRun.figures(what, args);
        if (besideBusy == 0) return;
        // the second run writes where the first did (prepare's --keep): the first's copy is kept
        List<String> beside;
        System.err.println("bench: " + what + " again beside " + besideBusy + " busy process" + (besideBusy == 1 ? "" : "es"));
        try (BusyProcesses busy = new BusyProcesses(besideBusy)) {
            beside = ChildRun.figures(what + " beside busy processes", keepAside(args));
        }
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < Math.min(alone.size(), beside.size()); i++) {
            JsonNode a = json.readTree(alone.get(i)), b = json.readTree(beside.get(i));
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("figure", a.path("figure").asText() + " beside busy");
            if (a.has("preset")) line.put("preset", a.get("preset").asText());
            line.put("busyProcesses", besideBusy);
            a.fieldNames().forEachRemaining(f -> {
                if ((f.endsWith("PerSecond") || f.endsWith("Fps") || f.equals("fps")) && a.get(f).isNumber() && b.path(f).isNumber()) {
                    double x = a.get(f).asDouble(), y = b.get(f).asDouble();
                    line.put(f, Map.of("alone", x, "beside", y, "ratio", round(y / x)));
                }
            });
            Machine.printFigure(line);
        }
    }

    /** The arguments with prepare's --keep pointed at a scratch sibling, so that the second run does not overwrite the first's subject. */
    private static String[] keepAside(String[] args) {
        String[] out = args.clone();
        for (int i = 0; i + 1 < out.length; i++) if (out[i].equals("--keep")) out[i + 1] = out[i + 1] + "-beside-busy";
        return out;
    }

    @Command(name = "prepare", mixinStandardHelpOptions = true,
            description = "Time prepare on VIDEO (into a temporary directory): frames, faces found, seconds, frames per second, peak memory.")
    static final class PrepareBench implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "VIDEO", description = "A talking-head video, as for prepare.")
        Path video;

        @picocli.CommandLine.Option(names = "--threads", defaultValue = "auto", paramLabel = "N|auto", description = "Threads of the face models, as for prepare (default: ${DEFAULT-VALUE}).")
        String threads;

        @picocli.CommandLine.Option(names = "--keep", paramLabel = "SUBJECT_DIR", description = "Keep the subject in this new directory instead of a temporary one.")
        Path keep;

        @Override
        public Integer call() throws IOException {
            Path tmp = Files.createTempDirectory("speech2lip-bench-");
            try {
                Prepare.Result r = Prepare.run(new Prepare.Options(video, keep != null ? keep : tmp.resolve("subject"), true, ThreadsOption.faceModelThreads(threads), true));
                SubjectMeta m = r.meta();
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("figure", "prepare");
                line.put("video", video.getFileName().toString());
                line.put("size", m.source().width() + "x" + m.source().height());
                line.put("frames", m.frames());
                line.put("facesFound", m.tracking().detected());
                line.put("threads", ThreadsOption.faceModelThreads(threads));
                line.put("seconds", round(r.seconds()));
                line.put("fps", round(r.framesPerSecond()));
                line.put("stageSeconds", r.stageSeconds().entrySet().stream()
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> round(e.getValue()), (a, b) -> a, LinkedHashMap::new)));
                Machine.printFigure(line);
                return 0;
            } finally {
                FileTrees.delete(tmp);
            }
        }

    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Training speed of both presets on SUBJECT_DIR (short runs into a temporary directory, timed after a warm-up): "
                    + "steps per second, ms per step, parameters, peak memory so far.")
    static final class TrainSpeed implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "SUBJECT_DIR", description = "A subject directory written by prepare.")
        Path subject;

        @picocli.CommandLine.Option(names = "--steps", defaultValue = "10", paramLabel = "N",
                description = "Steps timed per preset, after " + TrainBench.WARM_UP_STEPS + " warm-up steps (default: ${DEFAULT-VALUE}).")
        int steps;

        @picocli.CommandLine.Option(names = "--presets", defaultValue = "fast,paper", split = ",", paramLabel = "NAME", description = "Presets to time (default: ${DEFAULT-VALUE}).")
        List<String> presets;

        @picocli.CommandLine.Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu (default: ${DEFAULT-VALUE}).")
        String device;

        @picocli.CommandLine.Mixin
        ThreadsOption threads;

        @Override
        public Integer call() throws IOException {
            threads.apply();
            List<ModelConfig> configs = presets.stream().map(ModelConfig::preset).toList();
            if (steps < 1) throw new UserError("--steps " + steps + ": give at least 1");
            var dev = Devices.choose(device);
            SubjectData data = SubjectData.open(subject);
            Path tmp = Files.createTempDirectory("speech2lip-bench-");
            try {
                for (ModelConfig cfg : configs) {
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
                    if (r.expertSteps() > 0) line.put("expertStepsPerSecond", round(r.expertStepsPerSecond()));
                    line.put("parameters", r.parameters());
                    line.put("threads", ComputeThreads.record());
                    Machine.printFigure(line);
                }
                return 0;
            } finally {
                FileTrees.delete(tmp);
            }
        }
    }

    @Command(name = "render", mixinStandardHelpOptions = true,
            description = "Render speed of MODEL_DIR: its subject's own speech, repeated to --seconds, rendered into a temporary file as "
                    + "a user would (voice matching on); frames per second end to end (audio decode to the mp4 written, model loading "
                    + "included) and per stage (a stage's time summed over the render lanes, so its fps is one lane's), and peak memory.")
    static final class RenderSpeed implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "MODEL_DIR", description = "A model directory written by train.")
        Path model;

        @picocli.CommandLine.Option(names = "--seconds", defaultValue = "60", paramLabel = "S", description = "Length of the speech (default: ${DEFAULT-VALUE}).")
        double seconds;

        @picocli.CommandLine.Option(names = "--yaw", defaultValue = "0", paramLabel = "DEG", description = "Time a render with this head turn (default: ${DEFAULT-VALUE}).")
        double yaw;

        @picocli.CommandLine.Option(names = "--batch", defaultValue = "2", paramLabel = "N", description = "Frames per pass through the networks (default: ${DEFAULT-VALUE}).")
        int batch;

        @picocli.CommandLine.Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu (default: ${DEFAULT-VALUE}).")
        String device;

        @picocli.CommandLine.Mixin
        ThreadsOption threads;

        @Override
        public Integer call() throws IOException {
            threads.apply();
            if (!(seconds > 0) || seconds > 3600) throw new UserError("--seconds " + seconds + ": give a length between 0 and 3600");
            if (batch < 1) throw new UserError("--batch " + batch + ": give at least 1");
            var dev = Devices.choose(device);
            PoseOffset pose = new PoseOffset(yaw, 0, 0);
            Path tmp = Files.createTempDirectory("speech2lip-bench-");
            try {
                Path speech = tmp.resolve("speech.wav");
                ModelDirectory.Meta meta = new ModelDirectory(model).read();
                float[] own = AudioReader.readMono16k(SubjectData.open(Path.of(meta.subjectPath())).sourceVideo());
                float[] audio = new float[(int) Math.round(seconds * AudioReader.SAMPLE_RATE)];
                for (int i = 0; i < audio.length; i += own.length) System.arraycopy(own, 0, audio, i, Math.min(own.length, audio.length - i));
                AudioReader.writeWav16(speech, audio, AudioReader.SAMPLE_RATE);
                Render.Result r = Render.run(new Render.Options(model, speech, tmp.resolve("render.mp4"), 0, pose, true, dev, batch, true, null), null);
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("figure", "render");
                line.put("model", model.getFileName().toString());
                line.put("preset", meta.config().name());
                line.put("device", device);
                line.put("speechSeconds", round(r.audioSeconds()));
                line.put("frames", r.frames());
                line.put("yaw", yaw);
                line.put("batch", batch);
                line.put("seconds", round(r.seconds()));
                line.put("endToEndFps", round(r.framesPerSecond()));
                line.put("threads", ComputeThreads.record());
                Map<String, Object> stages = new LinkedHashMap<>();
                r.stageSeconds().forEach((stage, s) -> stages.put(stage, round(r.frames() / Math.max(s, 1e-9))));
                line.put("stageFps", stages);
                Machine.printFigure(line);
                return 0;
            } finally {
                FileTrees.delete(tmp);
            }
        }
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
