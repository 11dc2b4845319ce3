package org.speech2lip;

/**
 * A problem the user can fix: bad input, missing tool, wrong directory. Its message is one line
 * that names the problem and the fix; the CLI prints it without a stack trace and exits non-zero.
 */
public class UserError extends RuntimeException {
    /** The exit code of a user error unless a case says otherwise. */
    public static final int EXIT_CODE = 2;

    private final int exitCode;

    public UserError(String message) {
        this(message, EXIT_CODE, null);
    }

    public UserError(String message, Throwable cause) {
        this(message, EXIT_CODE, cause);
    }

    public UserError(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
