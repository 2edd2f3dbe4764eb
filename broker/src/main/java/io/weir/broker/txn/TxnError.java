package io.weir.broker.txn;

/** The errors a transaction operation can answer, with their Kafka wire codes (Kafka's error table). */
public enum TxnError {
    NONE(0),
    UNKNOWN_SERVER_ERROR(-1),
    UNKNOWN_TOPIC_OR_PARTITION(3),
    COORDINATOR_LOAD_IN_PROGRESS(14),
    COORDINATOR_NOT_AVAILABLE(15),
    NOT_COORDINATOR(16),
    INVALID_REQUEST(42),
    INVALID_PRODUCER_EPOCH(47),
    INVALID_TXN_STATE(48),
    INVALID_PRODUCER_ID_MAPPING(49),
    INVALID_TRANSACTION_TIMEOUT(50),
    CONCURRENT_TRANSACTIONS(51),
    OPERATION_NOT_ATTEMPTED(55),
    PRODUCER_FENCED(90),
    TRANSACTIONAL_ID_NOT_FOUND(105);

    private final short code;

    TxnError(int code) {
        this.code = (short) code;
    }

    /** The Kafka error code. */
    public short code() {
        return code;
    }
}
