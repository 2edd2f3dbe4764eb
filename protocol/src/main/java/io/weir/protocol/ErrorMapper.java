package io.weir.protocol;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.UnknownServerException;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where exceptions become Kafka error codes, and error codes become an API's error
 * response.
 *
 * <p>Mapping, first match wins: kafka-clients' {@link ApiException} subclasses map to their own
 * {@link Errors} entry; Weir's domain exceptions map through the table given at construction
 * (the most specific registered superclass wins); anything else is a bug and becomes
 * {@code UNKNOWN_SERVER_ERROR} with one ERROR log line naming the request. Wrappers from
 * futures ({@link CompletionException}, {@link ExecutionException}) are unwrapped first.
 *
 * <p>The client sees the error's default message, never an internal exception's message.
 * Immutable and thread-safe.
 */
public final class ErrorMapper {

    private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

    private final Map<Class<? extends Throwable>, Errors> domainErrors;

    /** @param domainErrors Weir exception types and the one error code each maps to */
    public ErrorMapper(Map<Class<? extends Throwable>, Errors> domainErrors) {
        this.domainErrors = Map.copyOf(domainErrors);
    }

    /** The error code for {@code failure}, without logging. */
    public Errors errorFor(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof ApiException) {
            return Errors.forException(cause);
        }
        for (Class<?> type = cause.getClass(); type != null; type = type.getSuperclass()) {
            Errors mapped = domainErrors.get(type);
            if (mapped != null) {
                return mapped;
            }
        }
        return Errors.UNKNOWN_SERVER_ERROR;
    }

    /**
     * The API's error response to {@code request} for {@code failure}; logs one ERROR line when
     * the failure is unexpected. Empty when the API sends no response in this case (a Produce
     * request with acks=0).
     *
     * @param logPrefix the context prefix of that log line, e.g. {@code "[node 1 PLAINTEXT 10.0.0.7:5123] "}
     */
    public Optional<ApiMessage> errorResponse(DecodedRequest request, Throwable failure, String logPrefix) {
        Errors error = errorFor(failure);
        if (error == Errors.UNKNOWN_SERVER_ERROR && !(unwrap(failure) instanceof UnknownServerException)) {
            log.error("{}unexpected failure handling {}", logPrefix, request, unwrap(failure));
        }
        return errorResponse(request, error);
    }

    /**
     * The API's error response to {@code request} carrying {@code error} everywhere the response
     * has an error code. Empty when the API sends no response in this case.
     */
    public Optional<ApiMessage> errorResponse(DecodedRequest request, Errors error) {
        if (error == Errors.NONE) {
            throw new IllegalArgumentException("an error response needs an error, not NONE");
        }
        AbstractResponse response = request.request().getErrorResponse(0, error.exception());
        return Optional.ofNullable(response).map(AbstractResponse::data);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
