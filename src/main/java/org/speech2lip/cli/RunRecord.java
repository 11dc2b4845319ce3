package org.speech2lip.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.speech2lip.AtomicWrite;
import org.speech2lip.FileNames;
import org.speech2lip.UserError;
import org.speech2lip.model.ComputeThreads;
import org.speech2lip.data.Prepare;
import org.speech2lip.face.ModelStore;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The record of one run. While it runs, everything it prints also goes to a log in
 * {@code $SPEECH2LIP_HOME/logs} (progress bars only as their last state), with the stack trace of
 * any unexpected error. When a verb that writes outputs succeeds, the log and a {@code run.json}
 * (command line, options, versions, face models' checksums, the verb's own facts such as seeds,
 * the machine) are put beside those outputs; see docs/run-format.md.
 */
final class RunRecord implements AutoCloseable {
    static final String FORMAT = "speech2lip-run";
    static final int FORMAT_VERSION = 1;
    /** Logs kept in $SPEECH2LIP_HOME/logs; older ones are deleted. */
    static final int KEPT_LOGS = 100;

    /** A verb whose successful run leaves outputs that its record belongs beside. */
    interface Recorded {
        /**
         * The run's output: a directory (the record goes in as {@code run.json} and {@code run.log})
         * or a file {@code NAME.ext} (the record goes beside it as {@code NAME.run.json} and
         * {@code NAME.log}); null when this run left none (e.g. a stream to stdout).
         */
        Path recordedOutput();

        /** Facts of this run beyond its options: seeds, the models it read and their checksums. */
        default Map<String, Object> recordedFacts() {
            return Map.of();
        }
    }

    private final String[] args;
    private final Instant started = Instant.now();
    private final PrintStream out, err;
    private final Path log;
    private final OutputStream logFile;
    private final List<Tee> tees = new ArrayList<>();
    private boolean discarded;

    private RunRecord(String[] args, Path log, OutputStream logFile) {
        this.args = args.clone();
        this.out = System.out;
        this.err = System.err;
        this.log = log;
        this.logFile = logFile;
        if (logFile != null) {
            tees.add(new Tee(out, logFile));
            tees.add(new Tee(err, logFile));
            System.setOut(new PrintStream(tees.get(0), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(tees.get(1), true, StandardCharsets.UTF_8));
        }
    }

    /** Starts recording: opens the log (if the home directory is writable) and copies the output there. */
    static RunRecord start(String[] args) {
        Path dir = ModelStore.home().resolve("logs");
        String verb = args.length == 0 || args[0].startsWith("-") ? "speech2lip" : args[0].replaceAll("[^A-Za-z0-9_-]", "");
        Path log = dir.resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")) + "-" + verb + ".log");
        try {
            Files.createDirectories(dir);
            prune(dir);
            OutputStream file = Files.newOutputStream(log, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            file.write(("$ speech2lip " + String.join(" ", args) + "\n").getBytes(StandardCharsets.UTF_8));
            return new RunRecord(args, log, file);
        } catch (IOException e) {
            return new RunRecord(args, null, null);
        }
    }

    /** Keeps no trace of this run: its log is deleted on close (asking for help is not a run). */
    void discard() {
        discarded = true;
    }

    /** The log of this run, or null if none could be written. */
    Path log() {
        return log;
    }

    /** Puts an unexpected error's stack trace into the log. */
    void trace(Throwable ex) {
        if (logFile == null) return;
        var text = new java.io.StringWriter();
        ex.printStackTrace(new PrintWriter(text));
        try {
            synchronized (logFile) {
                logFile.write(text.toString().getBytes(StandardCharsets.UTF_8));
                logFile.flush();
            }
        } catch (IOException ignored) {
            // the log is a convenience; the error itself has been reported on stderr
        }
    }

    /**
     * After a successful run of a {@link Recorded} verb, writes run.json and a copy of the log beside its
     * output. A record that cannot be written (a full disk) is a {@link UserError}, though the outputs
     * already written are whole and stay.
     */
    void finish(CommandLine.ParseResult parsed) {
        if (parsed == null) return;
        CommandLine.ParseResult leaf = parsed;
        while (leaf.hasSubcommand()) leaf = leaf.subcommand();
        if (!(leaf.commandSpec().userObject() instanceof Recorded verb)) return;
        Path output = verb.recordedOutput();
        if (output == null) return;
        Path json = jsonOf(output);
        Path logCopy = Files.isDirectory(output) ? output.resolve("run.log") : FileNames.besides(output, ".log");
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("format", FORMAT);
        record.put("formatVersion", FORMAT_VERSION);
        record.put("commandLine", List.of(args));
        record.put("verb", leaf.commandSpec().qualifiedName(" ").replaceFirst("^speech2lip ", ""));
        record.put("workingDirectory", Path.of("").toAbsolutePath().toString());
        record.put("started", started.toString());
        record.put("seconds", Duration.between(started, Instant.now()).toMillis() / 1000.0);
        record.put("peakRssMiB", Machine.peakRssMiB());
        record.put("options", options(leaf));
        record.putAll(verb.recordedFacts());
        Map<String, Object> threads = ComputeThreads.record();
        if (!threads.isEmpty()) record.put("threads", threads);
        Map<String, Object> faceModels = new LinkedHashMap<>();
        for (ModelStore.Model m : ModelStore.Model.values()) faceModels.put(m.fileName, m.sha256);
        record.put("faceModelsSha256", faceModels);
        record.put("machine", Machine.describe());
        record.put("log", logCopy.getFileName().toString());
        try {
            AtomicWrite.write(json, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(record));
            if (log != null) {
                System.out.flush();
                System.err.flush();
                logFile.flush();
                AtomicWrite.write(logCopy, Files.readAllBytes(log));
            }
        } catch (IOException e) {
            throw AtomicWrite.writeError(json, e);
        }
    }

    /** Where the run.json of a run whose output is {@code output} (a directory or a file) goes. */
    static Path jsonOf(Path output) {
        return Files.isDirectory(output) ? output.resolve("run.json") : FileNames.besides(output, ".run.json");
    }

    /** What identifies a trained model: its subject, preset, seed and the checksums of its learned weights. */
    static Map<String, Object> modelFacts(Path modelDir) {
        Map<String, Object> m = new LinkedHashMap<>();
        org.speech2lip.train.ModelDirectory.Meta meta = new org.speech2lip.train.ModelDirectory(modelDir).read();
        m.put("path", modelDir.toAbsolutePath().toString());
        m.put("subject", meta.subjectPath());
        m.put("subjectSha256", meta.subjectSha256());
        m.put("preset", meta.preset());
        m.put("seed", meta.config().training().seed());
        Map<String, String> sums = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(modelDir.resolve(org.speech2lip.train.Checkpoint.DIR))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".params")).sorted().toList()) {
                sums.put(f.getFileName().toString(), Prepare.sha256(f));
            }
        } catch (IOException e) {
            sums.put("error", e.toString());
        }
        m.put("weightsSha256", sums);
        return m;
    }

    /** Every option and parameter of the verb with the value it ran with, defaults included. */
    private static Map<String, Object> options(CommandLine.ParseResult leaf) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (CommandLine.Model.OptionSpec o : leaf.commandSpec().options()) {
            if (o.usageHelp() || o.versionHelp()) continue;
            m.put(o.longestName(), plain(o.getValue()));
        }
        for (CommandLine.Model.PositionalParamSpec p : leaf.commandSpec().positionalParameters()) m.put(p.paramLabel(), plain(p.getValue()));
        return m;
    }

    private static Object plain(Object v) {
        if (v instanceof Path p) return p.toString();
        if (v instanceof List<?> l) return l.stream().map(RunRecord::plain).toList();
        if (v == null || v instanceof Number || v instanceof Boolean || v instanceof String) return v;
        return v.toString();
    }

    @Override
    public void close() {
        System.out.flush();
        System.err.flush();
        System.setOut(out);
        System.setErr(err);
        if (logFile != null) {
            try {
                for (Tee t : tees) t.drain();
                logFile.close();
                if (discarded) Files.deleteIfExists(log);
            } catch (IOException ignored) {
                // nothing more can be logged
            }
        }
    }

    private static void prune(Path dir) throws IOException {
        List<Path> logs = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().endsWith(".log")).forEach(logs::add);
        }
        if (logs.size() < KEPT_LOGS) return;
        logs.sort(Comparator.comparing(p -> p.getFileName().toString()));
        for (Path p : logs.subList(0, logs.size() - KEPT_LOGS + 1)) Files.deleteIfExists(p);
    }

    /**
     * Writes through to the terminal and to the log. The log gets whole lines only, and a carriage
     * return drops the line so far, so a progress bar leaves only its final state there.
     */
    private static final class Tee extends OutputStream {
        private final OutputStream terminal, log;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        Tee(OutputStream terminal, OutputStream log) {
            this.terminal = terminal;
            this.log = log;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            terminal.write(b, off, len);
            synchronized (log) {
                for (int i = off; i < off + len; i++) {
                    if (b[i] == '\r') {
                        line.reset();
                    } else {
                        line.write(b[i]);
                        if (b[i] == '\n') {
                            line.writeTo(log);
                            line.reset();
                        }
                    }
                }
            }
        }

        /** Writes a last unfinished line to the log. */
        void drain() throws IOException {
            synchronized (log) {
                if (line.size() > 0) {
                    line.write('\n');
                    line.writeTo(log);
                    line.reset();
                }
            }
        }

        @Override
        public void flush() throws IOException {
            terminal.flush();
            synchronized (log) {
                log.flush();
            }
        }
    }
}
