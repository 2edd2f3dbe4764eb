package io.weir.broker.net;

/** A broker-to-broker call failed: no connection, an I/O error, a timeout or a malformed answer. */
public final class BrokerClientException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BrokerClientException(String message) {
        super(message);
    }

    public BrokerClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
