package org.speech2lip.cli;

import java.util.List;
import java.util.regex.Pattern;

/** What a person reads on stderr once the progress bars are set aside. */
final class Stderr {
    private static final Pattern BAR = Pattern.compile("\\d+% \\[|\\? % \\[");

    private Stderr() {}

    /** The non-blank lines of {@code text} that are not progress-bar renderings. */
    static List<String> messages(String text) {
        return text.lines().filter(l -> !l.isBlank() && !BAR.matcher(l).find()).toList();
    }
}
