package io.weir.broker.txn;

import io.weir.broker.group.GroupError;
import io.weir.broker.group.GroupException;

/** A transaction operation refused with one {@link TxnError}; the handlers answer its code. */
public final class TxnException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient TxnError error;

    public TxnException(TxnError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    public TxnError error() {
        return error;
    }

    /**
     * The error of {@code failure}, unwrapping future wrappers; a record append's
     * {@link GroupException} keeps its coordinator error; anything else is UNKNOWN_SERVER_ERROR.
     */
    public static TxnError errorOf(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && !(cause instanceof TxnException) && !(cause instanceof GroupException)) {
            cause = cause.getCause();
        }
        if (cause instanceof TxnException e) {
            return e.error();
        }
        if (cause instanceof GroupException e) {
            return e.error() == GroupError.NOT_COORDINATOR ? TxnError.NOT_COORDINATOR : TxnError.COORDINATOR_NOT_AVAILABLE;
        }
        return TxnError.UNKNOWN_SERVER_ERROR;
    }
}
