package io.weir.storage.producer;

/**
 * A non-transactional batch from a producer whose transaction is still open on this partition.
 *
 * <p>Maps to Kafka error 48 ({@code INVALID_TXN_STATE}).
 */
public final class InvalidTxnStateException extends ProducerStateException {
    public static final short ERROR_CODE = 48;

    public InvalidTxnStateException(String message) {
        super(message);
    }

    @Override
    public short errorCode() {
        return ERROR_CODE;
    }

    @Override
    public String errorName() {
        return "INVALID_TXN_STATE";
    }
}
