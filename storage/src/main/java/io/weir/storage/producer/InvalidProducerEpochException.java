package io.weir.storage.producer;

/**
 * A batch or marker whose producer epoch is older than the partition allows: older than the
 * latest epoch seen, or for a transaction-version-2 marker not newer than it (KIP-890). Since
 * KIP-588 the producer treats this as abortable rather than fatal.
 *
 * <p>Maps to Kafka error 47 ({@code INVALID_PRODUCER_EPOCH}).
 */
public final class InvalidProducerEpochException extends ProducerStateException {
    public static final short ERROR_CODE = 47;

    public InvalidProducerEpochException(String message) {
        super(message);
    }

    @Override
    public short errorCode() {
        return ERROR_CODE;
    }

    @Override
    public String errorName() {
        return "INVALID_PRODUCER_EPOCH";
    }
}
