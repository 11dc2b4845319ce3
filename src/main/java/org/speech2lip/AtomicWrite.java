package org.speech2lip;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file so that readers see either the old content or the complete new one, never half a
 * file: the bytes go to a hidden temp file in the same directory ({@code .name.partial.ext}, the
 * extension kept so tools that choose a format by it still work), which is renamed over the target.
 */
public final class AtomicWrite {

    /** Writes the body of one file. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicWrite() {}

    public static void write(Path target, Body body) {
        Path tmp = partialPath(target);
        try (OutputStream out = Files.newOutputStream(tmp)) {
            body.writeTo(out);
        } catch (IOException e) {
            discard(tmp);
            throw writeError(target, e);
        }
        commit(tmp, target);
    }

    public static void write(Path target, byte[] bytes) {
        write(target, out -> out.write(bytes));
    }

    /** The hidden name a writer that needs a path of its own (an encoder) writes to before {@link #commit}. */
    public static Path partialPath(Path target) {
        Path abs = target.toAbsolutePath();
        String name = abs.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String partial = dot > 0 ? name.substring(0, dot) + ".partial" + name.substring(dot) : name + ".partial";
        return abs.resolveSibling("." + partial);
    }

    /** Renames a finished partial file over its target; on failure the partial file is removed. */
    public static void commit(Path partial, Path target) {
        try {
            Files.move(partial, target.toAbsolutePath(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            discard(partial);
            throw writeError(target, e);
        }
    }

    /** Removes a partial file that will not be committed. */
    public static void discard(Path partial) {
        try {
            Files.deleteIfExists(partial);
        } catch (IOException ignored) {
            // the hidden partial name is never read by anything, so a leftover is harmless
        }
    }

    /** Creates {@code dir} and its parents, or stops with the one-line error that says why it cannot. */
    public static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw writeError(dir, e);
        }
    }

    /** The one-line error for a failed write: names the file and the likely fix. */
    public static UserError writeError(Path target, IOException e) {
        boolean denied = e instanceof AccessDeniedException;
        String why = denied ? "permission denied"
                : e instanceof FileAlreadyExistsException ? "a file is in the way of that directory"
                : e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason()
                : e.getMessage();
        // image writers wrap the system's "no space" in their own words, so the free space decides too
        if (why != null && why.toLowerCase().contains("no space") || !denied && nearlyFull(target)) return diskFull(target, e);
        return new UserError("Cannot write " + target + " (" + why + "): choose a writable output directory", e);
    }

    public static UserError diskFull(Path target, Exception cause) {
        return new UserError("Disk full while writing " + target + ": free some space and run the command again", cause);
    }

    /** Whether the file system that holds {@code target} has less than 1 MiB left for us. */
    public static boolean nearlyFull(Path target) {
        try {
            Path dir = target.toAbsolutePath().getParent();
            while (dir != null && !Files.exists(dir)) dir = dir.getParent();
            return dir != null && Files.getFileStore(dir).getUsableSpace() < 1 << 20;
        } catch (IOException e) {
            return false;
        }
    }
}
