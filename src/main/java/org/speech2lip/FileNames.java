package org.speech2lip;

import java.nio.file.Path;

/** Names of files written beside another one. */
public final class FileNames {
    private FileNames() {}

    /** {@code dir/NAME.ext} → {@code dir/NAME + suffix} (a name without an extension keeps it whole). */
    public static Path besides(Path file, String suffix) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return file.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + suffix);
    }
}
