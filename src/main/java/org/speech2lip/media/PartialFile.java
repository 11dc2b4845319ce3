package org.speech2lip.media;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.speech2lip.UserError;

/**
 * Output written under a hidden temporary name next to its target and renamed into place only
 * when complete, so an interrupted run never leaves a truncated file under the real name.
 */
final class PartialFile {
    private PartialFile() {}

    /** The temporary name for out, {@code .<stem>.partial.<ext>}, after checking its directory. */
    static Path of(Path out) {
        Path target = out.toAbsolutePath();
        Path dir = target.getParent();
        if (!Files.isDirectory(dir)) {
            throw new UserError("Output directory " + dir + " does not exist: create it or choose another output path");
        }
        if (!Files.isWritable(dir)) {
            throw unwritable(dir, null);
        }
        String name = target.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String partial = dot > 0 ? name.substring(0, dot) + ".partial" + name.substring(dot) : name + ".partial";
        return dir.resolve("." + partial);
    }

    static UserError unwritable(Path dir, Throwable cause) {
        return new UserError("Cannot write to output directory " + dir
                + ": check its permissions and free space, or choose another output path", cause);
    }

    static void commit(Path partial, Path out) {
        try {
            Files.move(partial, out.toAbsolutePath(), ATOMIC_MOVE);
        } catch (IOException e) {
            delete(partial);
            throw new UncheckedIOException("Could not rename " + partial + " to " + out, e);
        }
    }

    static void delete(Path partial) {
        try {
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete " + partial, e);
        }
    }
}
