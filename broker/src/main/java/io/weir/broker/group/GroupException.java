package io.weir.broker.group;

/** A group operation refused with one {@link GroupError}; the handlers answer its code. */
public final class GroupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient GroupError error;

    public GroupException(GroupError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    public GroupError error() {
        return error;
    }

    /** The group error of {@code failure} (unwrapping future wrappers); UNKNOWN_SERVER_ERROR for anything else. */
    public static GroupError errorOf(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && !(cause instanceof GroupException)) {
            cause = cause.getCause();
        }
        return cause instanceof GroupException e ? e.error() : GroupError.UNKNOWN_SERVER_ERROR;
    }
}
