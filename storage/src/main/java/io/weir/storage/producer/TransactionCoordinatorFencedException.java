package io.weir.storage.producer;

/**
 * A marker written by a transaction coordinator older than the one that wrote this producer's
 * last marker.
 *
 * <p>Maps to Kafka error 52 ({@code TRANSACTION_COORDINATOR_FENCED}).
 */
public final class TransactionCoordinatorFencedException extends ProducerStateException {
    public static final short ERROR_CODE = 52;

    public TransactionCoordinatorFencedException(String message) {
        super(message);
    }

    @Override
    public short errorCode() {
        return ERROR_CODE;
    }

    @Override
    public String errorName() {
        return "TRANSACTION_COORDINATOR_FENCED";
    }
}
