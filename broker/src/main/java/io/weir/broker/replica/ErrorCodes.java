package io.weir.broker.replica;

import io.weir.storage.errors.StorageException;
import io.weir.storage.producer.ProducerStateException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where a failure of a partition operation becomes a Kafka error code: replica,
 * storage and producer-state exceptions carry their code; anything else is a bug, reported as
 * UNKNOWN_SERVER_ERROR with one ERROR log line. Thread-safety: stateless.
 */
public final class ErrorCodes {
    private static final Logger log = LoggerFactory.getLogger(ErrorCodes.class);

    private ErrorCodes() {}

    /** The error code for {@code failure}; {@code logPrefix} prefixes the log line of a bug. */
    public static short codeOf(Throwable failure, String logPrefix) {
        Throwable cause = unwrap(failure);
        if (cause instanceof ReplicaException e) {
            return e.errorCode();
        }
        if (cause instanceof StorageException e) {
            return e.errorCode();
        }
        if (cause instanceof ProducerStateException e) {
            return e.errorCode();
        }
        log.error("{}unexpected failure in a partition operation", logPrefix, cause);
        return PartitionError.UNKNOWN_SERVER_ERROR.code();
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
