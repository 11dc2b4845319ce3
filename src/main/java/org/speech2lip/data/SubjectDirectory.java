package org.speech2lip.data;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.speech2lip.AtomicWrite;
import org.speech2lip.FileTrees;
import org.speech2lip.UserError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A subject directory on disk: file names, the completeness rule (meta.json is written last) and the
 * checks that keep stages from reading a directory they should not trust.
 */
public final class SubjectDirectory {
    public static final String META = "meta.json";
    /** Dropped at the start of prepare: marks a directory as ours even before meta.json exists. */
    public static final String MARKER = ".speech2lip-subject";
    public static final String VIDEO = "video.mp4";
    public static final String AUDIO = "audio.wav";
    public static final String DEBUG = "debug";

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path dir;

    public SubjectDirectory(Path dir) {
        this.dir = dir;
    }

    public Path path() {
        return dir;
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    public boolean isComplete() {
        return Files.isRegularFile(file(META));
    }

    /**
     * Makes the directory ready for a new prepare: creates it, or accepts it when it is empty or one
     * of ours; refuses a directory that holds anything else, so prepare never mixes with user files.
     */
    public void claim() {
        try {
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new UserError(dir + " is a file, not a directory: choose another output directory (-o)");
            }
            if (Files.isDirectory(dir) && !FileTrees.isEmptyDirectory(dir) && !Files.exists(file(MARKER)) && !Files.exists(file(META))) {
                throw new UserError(dir + " already holds other files: choose an empty or new output directory (-o)");
            }
            Files.createDirectories(dir.resolve(DEBUG));
            Files.deleteIfExists(file(META));
            AtomicWrite.write(file(MARKER), new byte[0]);
        } catch (IOException e) {
            throw AtomicWrite.writeError(dir, e);
        }
    }

    /** Reads meta.json of a finished directory, refusing an incomplete one or another format version. */
    public SubjectMeta readMeta() {
        SubjectMeta meta = readMetaOfAnyVersion();
        if (meta.formatVersion() != Versions.SUBJECT_FORMAT) {
            String fix = meta.formatVersion() >= Versions.SUBJECT_FORMAT_UPGRADABLE && meta.formatVersion() < Versions.SUBJECT_FORMAT
                    ? "run ./speech2lip prepare " + meta.source().path() + " -o " + dir + " to bring it up to date (it adds what is new without tracking again)"
                    : "run ./speech2lip prepare again with --force";
            throw new UserError(dir + " has subject format version " + meta.formatVersion() + " but this program reads version "
                    + Versions.SUBJECT_FORMAT + ": " + fix);
        }
        return meta;
    }

    /** meta.json of a finished directory of any format version, its arrays checked to be there. */
    SubjectMeta readMetaOfAnyVersion() {
        if (Files.isRegularFile(dir)) {
            // most likely the video itself, given where its prepared subject belongs
            throw new UserError(dir + " is a file, not a subject directory: if it is your video, prepare it first with ./speech2lip prepare "
                    + dir + " -o SUBJECT_DIR and give SUBJECT_DIR here");
        }
        if (!Files.isDirectory(dir)) {
            throw new UserError("Subject directory " + dir + " does not exist: run ./speech2lip prepare VIDEO -o " + dir);
        }
        if (!isComplete() && !Files.exists(file(MARKER))) {
            throw new UserError(dir + " is not a subject directory (no " + META + "): give the directory that prepare wrote");
        }
        if (!isComplete()) {
            throw new UserError("Subject directory " + dir + " is incomplete (prepare did not finish): run ./speech2lip prepare VIDEO -o " + dir + " --force");
        }
        SubjectMeta meta;
        try {
            meta = JSON.readValue(file(META).toFile(), SubjectMeta.class);
        } catch (IOException e) {
            throw new UserError("Cannot read " + file(META) + " (" + e.getMessage().lines().findFirst().orElse("") + "): run prepare again with --force", e);
        }
        if (!SubjectMeta.FORMAT.equals(meta.format())) {
            throw new UserError(dir + " is not a speech2lip subject directory: give the directory that prepare wrote");
        }
        for (SubjectMeta.ArrayInfo a : meta.arrays().values()) {
            if (!Files.isRegularFile(file(a.file()))) {
                throw new UserError(dir + " is missing " + a.file() + ": run ./speech2lip prepare again with --force");
            }
        }
        return meta;
    }

    /** Writes meta.json; call it last, after every array is in place. */
    public void writeMeta(SubjectMeta meta) {
        AtomicWrite.write(file(META), out -> JSON.writeValue(out, meta));
    }
}
