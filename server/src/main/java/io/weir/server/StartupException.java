package io.weir.server;

/**
 * A node could not start for a reason the user can act on (a data directory in use, not
 * writable...). The message is one line, shown as is; no stack trace is needed.
 */
public final class StartupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a one-line, user-facing message. */
    public StartupException(String message) {
        super(message);
    }

    /** Creates an exception with a one-line, user-facing message and its cause. */
    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
