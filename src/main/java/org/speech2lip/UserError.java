package org.speech2lip;

/**
 * A problem the user can fix: bad input, missing tool, wrong directory. Its message is one line
 * that names the problem and the fix; the CLI prints it without a stack trace and exits non-zero.
 */
public class UserError extends RuntimeException {
    private final int exitCode;

    public UserError(String message) {
        this(message, 2, null);
    }

    public UserError(String message, Throwable cause) {
        this(message, 2, cause);
    }

    public UserError(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
