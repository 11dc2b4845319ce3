package org.speech2lip.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.speech2lip.AtomicWrite;
import org.speech2lip.FileTrees;
import org.speech2lip.UserError;
import org.speech2lip.data.SubjectMeta;
import org.speech2lip.model.ModelConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model directory: {@code model.json} (format, version, the subject it learns, the preset) and
 * the training checkpoint beside it. A model belongs to one subject: training or rendering with
 * another subject's directory is refused, so a model is never silently mixed with the wrong person.
 */
public final class ModelDirectory {
    public static final String FORMAT = "speech2lip-model";
    public static final int VERSION = 1;
    public static final String META = "model.json";

    /**
     * Which subject a model learns (its directory as given, and the checksum of its source video) and
     * the whole configuration it was built with, which later stages rebuild the networks from.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Meta(String format, int formatVersion, String createdBy, String subjectPath, String subjectSha256,
                       int subjectFrames, String preset, ModelConfig config) {}

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path dir;

    public ModelDirectory(Path dir) {
        this.dir = dir;
    }

    public Path path() {
        return dir;
    }

    public boolean exists() {
        return Files.isRegularFile(dir.resolve(META));
    }

    /** Whether the directory holds training worth resuming: a checkpoint, or a trained sync expert. */
    public boolean holdsTraining() {
        return Checkpoint.exists(dir) || Files.exists(dir.resolve(SyncStage.EXPERT));
    }

    /**
     * Makes the directory ready to train {@code subject} with {@code preset}: creates it, or accepts
     * an earlier model of the same subject (to resume); refuses another subject's model, another
     * format version, or a directory holding other files.
     */
    public Meta claim(Path subjectDir, SubjectMeta subject, ModelConfig cfg, String createdBy) {
        String preset = cfg.name();
        if (exists()) {
            Meta m = read();
            if (!m.subjectSha256().equals(subject.source().sha256())) {
                throw new UserError(dir + " holds a model of another subject (" + m.subjectPath()
                        + "): train into a new directory, or give that subject");
            }
            if (!m.preset().equals(preset)) {
                throw new UserError(dir + " was trained with preset " + m.preset() + ", not " + preset
                        + ": resume with --preset " + m.preset() + " or train into a new directory");
            }
            // the budget and seed may change on resume, the networks may not
            if (m.config() != null && !m.config().withTraining(cfg.training()).equals(cfg)) {
                throw new UserError(dir + " was trained with other settings (" + differences(m.config(), cfg) + " differ; its "
                        + META + " holds them): resume with the switches it was trained with, or train into a new directory");
            }
            return m;
        }
        try {
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new UserError(dir + " is a file, not a directory: choose another model directory (-o)");
            }
            if (Files.isDirectory(dir) && !FileTrees.isEmptyDirectory(dir)) {
                throw new UserError(dir + " already holds other files: choose an empty or new model directory (-o)");
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw AtomicWrite.writeError(dir, e);
        }
        Meta m = new Meta(FORMAT, VERSION, createdBy, subjectDir.toAbsolutePath().normalize().toString(), subject.source().sha256(), subject.frames(), preset, cfg);
        AtomicWrite.write(dir.resolve(META), out -> JSON.writeValue(out, m));
        return m;
    }

    /** The sections of two configurations that differ, by name: "mouth, ablation". */
    static String differences(ModelConfig a, ModelConfig b) {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (!a.field().equals(b.field())) out.add("field");
        if (!a.audio().equals(b.audio())) out.add("audio (--speech-features)");
        if (!a.mouth().equals(b.mouth())) out.add("mouth (--no-mouth-shape)");
        if (!a.blend().equals(b.blend())) out.add("blend");
        if (!a.sync().equals(b.sync())) out.add("sync");
        if (!a.losses().equals(b.losses())) out.add("losses");
        if (!a.ablation().equals(b.ablation())) out.add("ablation (" + a.ablation() + ")");
        return String.join(", ", out);
    }

    /** The model's record, refusing a directory that is not a model of this format version. */
    public Meta read() {
        if (Files.isRegularFile(dir)) {
            throw new UserError(dir + " is a file, not a model directory: give the directory that train wrote first (the speech goes after --audio)");
        }
        if (!exists()) {
            throw new UserError(dir + " is not a model directory (no " + META + "): give the directory that train wrote");
        }
        Meta m;
        try {
            m = JSON.readValue(dir.resolve(META).toFile(), Meta.class);
        } catch (IOException e) {
            throw new UserError("Cannot read " + dir.resolve(META) + " (" + e.getMessage().lines().findFirst().orElse("")
                    + "): train the model again into a new directory", e);
        }
        if (!FORMAT.equals(m.format())) throw new UserError(dir + " is not a speech2lip model directory: give the directory that train wrote");
        if (m.formatVersion() != VERSION) {
            throw new UserError(dir + " has model format version " + m.formatVersion() + " but this program reads version "
                    + VERSION + ": train the model again into a new directory");
        }
        return m;
    }

    /** Refuses rendering or evaluating this model with another subject's directory. */
    public void requireSubject(SubjectMeta subject) {
        Meta m = read();
        if (!m.subjectSha256().equals(subject.source().sha256())) {
            throw new UserError(dir + " is a model of another subject (" + m.subjectPath() + "): give that subject");
        }
    }
}
