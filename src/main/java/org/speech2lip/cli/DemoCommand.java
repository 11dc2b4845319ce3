package org.speech2lip.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.speech2lip.AtomicWrite;
import org.speech2lip.FileTrees;
import org.speech2lip.UserError;
import org.speech2lip.data.SubjectData;
import org.speech2lip.media.AudioReader;
import org.speech2lip.synth.SpeechSynth;
import org.speech2lip.train.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The whole chain on one subject, each step run as its verb would be run by hand (so each leaves its
 * own run.json and log): prepare, train, render new speech, eval. Run again on the same directory,
 * it reuses what is finished and resumes training from its last checkpoint.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Learn a speaker and make them say something new, end to end: prepare -> train (fast preset, --steps, at most --minutes) "
                + "-> render new speech -> eval against the baselines; then a seven-line summary and where every result is. "
                + "Run again on the same -o, it skips what is done and resumes training.",
                "With no --video the speaker is the built-in synthetic one and the new speech another synthetic sentence; "
                        + "with --video it is your clip, and the new speech is the clip's own held-out last tenth, which the model never trained on."})
final class DemoCommand implements Callable<Integer>, RunRecord.Recorded {

    @Option(names = "--video", paramLabel = "MY_CLIP.mp4", description = "A talking-head clip of one person (default: the built-in synthetic speaker).")
    Path video;

    @Option(names = "--steps", paramLabel = "N",
            description = "Training steps (default: " + SYNTH_STEPS + " for the built-in speaker, about 8 minutes on 2 idle cores; "
                    + VIDEO_STEPS + " for --video, about an hour). A step count gives the same model on a busy machine as on an idle one.")
    Integer steps;

    @Option(names = "--minutes", paramLabel = "M",
            description = "Upper limit of the training time, for a machine much busier than expected (default: " + SYNTH_MINUTES
                    + " for the built-in speaker, " + VIDEO_MINUTES + " for --video).")
    Double minutes;

    @picocli.CommandLine.Mixin
    ThreadsOption threads;

    @Option(names = {"-o", "--output"}, defaultValue = "out/demo", paramLabel = "DIR", description = "Where everything goes (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--judge-steps", defaultValue = "2000", paramLabel = "N", description = "Training steps of eval's sync judge (default: ${DEFAULT-VALUE}).")
    int judgeSteps;

    /**
     * The built-in speaker's training: lip steps and sync-expert steps that take 8 minutes on 2 idle
     * cores (the expert about 1 of them), with a cap that a busy machine should not reach.
     */
    static final int SYNTH_STEPS = 3900, SYNTH_EXPERT_STEPS = 1000;
    static final double SYNTH_MINUTES = 15;
    /** A real clip's: about an hour of the fast preset on 2 idle cores, at most two. */
    static final int VIDEO_STEPS = 20_000;
    static final double VIDEO_MINUTES = 120;
    /** The built-in speaker: 20 s at 256x256 (seed 1); the new sentence: 6 s of seed 2, which says something else. */
    static final int SYNTH_SIZE = 256, SYNTH_SECONDS = 20, NEW_SENTENCE_SEED = 2, NEW_SENTENCE_SECONDS = 6;

    @Override
    public Path recordedOutput() {
        return out;
    }

    @Override
    public Integer call() throws IOException {
        if (minutes != null && (!(minutes > 0) || minutes > 24 * 60)) throw new UserError("--minutes " + minutes + ": give a training time between 0 and 1440");
        if (steps != null && steps < 1) throw new UserError("--steps " + steps + ": give at least 1");
        if (video != null && !Files.isRegularFile(video)) throw new UserError(video + ": no such video; check the --video path");
        // a demo that stopped before anything was made leaves no empty directory; one that got further is resumed
        return FileTrees.removedOnFailure(out, FileTrees::isEmptyDirectory, this::run);
    }

    /** The five steps, each skipped or resumed when a previous demo in the same directory got that far (eval always runs). */
    private int run() throws IOException {
        AtomicWrite.createDirectories(out);
        Path clip = video, subject = out.resolve("subject"), model = out.resolve("model"), report = out.resolve("report");
        Path speech = out.resolve("new_speech.wav"), said = out.resolve("says_new_speech.mp4");
        if (clip == null) {
            clip = out.resolve("speaker.mp4");
            if (!Files.exists(clip)) {
                step("1/5 synthesising the built-in speaker", "synth", "-o", clip.toString(), "--size", "" + SYNTH_SIZE, "--seconds", "" + SYNTH_SECONDS);
            }
        }
        if (prepared(subject)) {
            System.out.println("== 2/5 prepare: done before (" + subject + ")");
        } else {
            step("2/5 prepare: tracking the face and cutting the lips", "prepare", clip.toString(), "-o", subject.toString(), "--threads", threads.threads);
        }
        int trainSteps = steps != null ? steps : video == null ? SYNTH_STEPS : VIDEO_STEPS;
        double cap = minutes != null ? minutes : video == null ? SYNTH_MINUTES : VIDEO_MINUTES;
        List<String> train = new java.util.ArrayList<>(List.of("train", subject.toString(), "-o", model.toString(),
                "--steps", Integer.toString(trainSteps), "--minutes", fmt(cap), "--device", device, "--threads", threads.threads));
        if (video == null) train.addAll(List.of("--expert-steps", Integer.toString(Math.min(SYNTH_EXPERT_STEPS, trainSteps))));
        JsonNode trained = trainedState(model);
        // finished: all its steps, or all the steps its time cap left room for
        if (trained != null && (trained.path("step").asInt() >= trainSteps
                || trained.path("plannedSteps").asInt() > 0 && trained.path("step").asInt() >= trained.path("plannedSteps").asInt())) {
            System.out.println("== 3/5 train: done before (" + trained.path("step").asInt() + " steps in " + model + ")");
        } else {
            step("3/5 train: " + trainSteps + " steps, at most " + fmt(cap) + " minutes (a run cut short resumes from its last checkpoint)",
                    train.toArray(String[]::new));
        }
        SubjectData data = SubjectData.open(subject);
        if (video == null) {
            AudioReader.writeWav16(speech, SpeechSynth.generate(NEW_SENTENCE_SECONDS, data.meta().fps(), NEW_SENTENCE_SEED).audio(), AudioReader.SAMPLE_RATE);
        } else {
            // the test split's audio: speech of this person that the model never trained on
            float[] all = AudioReader.readMono16k(data.sourceVideo());
            int from = (int) Math.round((double) data.trainFrames() / data.meta().fps() * AudioReader.SAMPLE_RATE);
            AudioReader.writeWav16(speech, Arrays.copyOfRange(all, Math.min(from, all.length), all.length), AudioReader.SAMPLE_RATE);
        }
        if (newer(said, model.resolve(Checkpoint.DIR).resolve("state.json")) && Files.exists(RunRecord.jsonOf(said))) {
            System.out.println("== 4/5 render: done before (" + said + ")");
        } else {
            step("4/5 render: the new speech", "render", model.toString(), "--audio", speech.toString(), "-o", said.toString(),
                    "--no-voice-match", "--device", device, "--threads", threads.threads);
        }
        step("5/5 eval: the held-out test split against the baselines", "eval", model.toString(), "-o", report.toString(), "--device", device,
                "--judge-steps", Integer.toString(judgeSteps), "--threads", threads.threads);

        List<String> summary = summary(data, model, report, said);
        System.out.println();
        System.out.println("results:");
        System.out.println("  subject        " + subject);
        System.out.println("  model          " + model + " (training curves: validation.png)");
        System.out.println("  new speech     " + said);
        System.out.println("  report         " + report.resolve("report.md") + " (side by side: " + report.resolve("side_by_side.mp4") + ")");
        System.out.println();
        System.out.println("summary:");
        summary.forEach(line -> System.out.println("  " + line));
        AtomicWrite.write(out.resolve("summary.txt"), (String.join("\n", summary) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return 0;
    }

    /** Whether a previous demo finished preparing the subject, in this program's format. */
    private static boolean prepared(Path subject) {
        try {
            SubjectData.open(subject);
            return true;
        } catch (UserError notYet) {
            return false;
        }
    }

    /** The training state in the model's last checkpoint (step, elapsedSeconds, ...); null when it has none. */
    private static JsonNode trainedState(Path model) {
        Path state = model.resolve(Checkpoint.DIR).resolve("state.json");
        if (!Files.isRegularFile(state)) return null;
        try {
            return new ObjectMapper().readTree(state.toFile());
        } catch (IOException unreadable) {
            return null;
        }
    }

    /** Whether {@code file} exists and was written after {@code than}. */
    private static boolean newer(Path file, Path than) throws IOException {
        return Files.isRegularFile(file) && Files.isRegularFile(than)
                && Files.getLastModifiedTime(file).compareTo(Files.getLastModifiedTime(than)) > 0;
    }

    /** Runs one verb as from the command line; its own error message has been printed if it fails. */
    private static void step(String title, String... args) {
        System.out.println("== " + title);
        int code = Main.run(args);
        if (code != 0) throw new DemoStopped(code);
    }

    /** A few lines: the subject, the training, the quality, sync and mouth motion against the baselines, silence, the render. */
    private static List<String> summary(SubjectData data, Path model, Path report, Path said) throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode state = json.readTree(model.resolve(Checkpoint.DIR).resolve("state.json").toFile());
        JsonNode m = json.readTree(report.resolve("metrics.json").toFile()).get("methods");
        JsonNode render = json.readTree(RunRecord.jsonOf(said).toFile());
        List<String> lines = new ArrayList<>();
        lines.add(String.format("subject: %d frames %dx%d (%d train, %d test), lip box %dx%d", data.frames(), data.meta().source().width(),
                data.meta().source().height(), data.trainFrames(), data.frames() - data.trainFrames(), data.lipBox().w(), data.lipBox().h()));
        lines.add(String.format("model:   fast preset, %d steps in %.1f min", state.get("step").asInt(), state.get("elapsedSeconds").asDouble() / 60));
        lines.add(String.format("mouth:   PSNR %s dB, SSIM %s, LMD %s px   (model | static | retrieval)",
                three(m, "mouthPsnr", "%.2f"), three(m, "mouthSsim", "%.4f"), three(m, "lmd", "%.2f")));
        lines.add(String.format("sync:    confidence %s | real %s   (model | static | retrieval)",
                three(m, "syncConfidence", "%.3f"), value(m.get("real"), "syncConfidence", "%.3f")));
        lines.add(String.format("motion:  opening r %s, spreading r %s, opening spread %s of the real   (model | static | retrieval)",
                three(m, "openingCorrelation", "%.3f"), three(m, "spreadingCorrelation", "%.3f"), three(m, "openingSpreadRatio", "%.2f")));
        JsonNode silence = json.readTree(report.resolve("metrics.json").toFile()).get("silence");
        if (silence != null) {
            lines.add(String.format("silence: the model's mouth rests %s of the way from closed to open; follows the background's own mouth at r %s",
                    value(silence, "restFraction", "%.2f"), value(silence, "replayCorrelation", "%.3f")));
        }
        lines.add(String.format("render:  %.1f frames/s end to end, %d frames", render.get("framesPerSecond").asDouble(), render.get("frames").asInt()));
        return lines;
    }

    private static String three(JsonNode methods, String key, String format) {
        return value(methods.get("model"), key, format) + " | " + value(methods.get("static"), key, format) + " | "
                + value(methods.get("retrieval"), key, format);
    }

    private static String value(JsonNode method, String key, String format) {
        JsonNode v = method == null ? null : method.get(key);
        return v == null || !v.isNumber() ? "n/a" : String.format(format, v.asDouble());
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** A step failed and said why; the demo exits with its code and adds no second message. */
    static final class DemoStopped extends RuntimeException {
        final int exitCode;

        DemoStopped(int exitCode) {
            super(null, null, false, false);
            this.exitCode = exitCode;
        }
    }
}
