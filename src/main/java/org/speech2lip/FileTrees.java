package org.speech2lip;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Whole directories: is one empty, remove one with everything in it, and remove what a failed run made. */
public final class FileTrees {
    private FileTrees() {}

    /** A run's work, which may throw {@code E}. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T run() throws E;
    }

    /** Whether a failed run's output directory holds nothing worth keeping (for a resume, say). */
    @FunctionalInterface
    public interface Disposable {
        boolean test(Path dir) throws IOException;
    }

    /**
     * Runs {@code work} that writes into {@code dir}. If it fails and {@code dir} did not exist before,
     * {@code dir} is removed when {@code disposable} says nothing in it is worth keeping, so a failed
     * run leaves no stray half-output behind.
     */
    public static <T, E extends Exception> T removedOnFailure(Path dir, Disposable disposable, Work<T, E> work) throws E {
        boolean existed = Files.exists(dir);
        try {
            return work.run();
        } catch (Exception e) {
            try {
                if (!existed && Files.isDirectory(dir) && disposable.test(dir)) deleteQuietly(dir);
            } catch (IOException | RuntimeException ignored) {
                // keep the directory: the failure being reported is the one that matters
            }
            throw e;
        }
    }

    /** For {@link #removedOnFailure}: a failed run's directory is never worth keeping. */
    public static boolean always(Path dir) {
        return true;
    }

    /** True for an existing directory with no entries. */
    public static boolean isEmptyDirectory(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    /** Deletes {@code root} and all below it; nothing happens when it does not exist. */
    public static void delete(Path root) throws IOException {
        if (root == null || !Files.exists(root)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    /** As {@link #delete}, for clean-up on a path that already failed: a leftover is better than a second error. */
    public static void deleteQuietly(Path root) {
        try {
            delete(root);
        } catch (IOException | RuntimeException ignored) {
            // the caller is already reporting the failure that matters
        }
    }
}
