package io.weir.storage.producer;

/**
 * A data batch whose first sequence does not follow the producer's last sequence, or a new
 * epoch that does not start at sequence 0 (KIP-98, KIP-360).
 *
 * <p>Maps to Kafka error 45 ({@code OUT_OF_ORDER_SEQUENCE_NUMBER}).
 */
public final class OutOfOrderSequenceException extends ProducerStateException {
    public static final short ERROR_CODE = 45;

    public OutOfOrderSequenceException(String message) {
        super(message);
    }

    @Override
    public short errorCode() {
        return ERROR_CODE;
    }

    @Override
    public String errorName() {
        return "OUT_OF_ORDER_SEQUENCE_NUMBER";
    }
}
