package io.weir.protocol;

/**
 * A request frame that cannot be decoded: a length larger than the bytes remaining, a negative
 * length where none is allowed, or a truncated field. Thrown before anything is allocated for the
 * offending field. The transport closes the connection that sent it.
 */
public final class MalformedRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedRequestException(String message) {
        super(message);
    }
}
