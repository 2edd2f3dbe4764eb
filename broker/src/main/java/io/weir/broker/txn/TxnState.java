package io.weir.broker.txn;

import java.util.Arrays;
import java.util.Optional;

/**
 * The states of a transactional id, with the names Kafka's tools show (ListTransactions,
 * DescribeTransactions) and a stable id for the record format.
 *
 * <pre>
 * Empty / CompleteCommit / CompleteAbort --AddPartitions--> Ongoing
 * Ongoing --EndTxn(commit)--> PrepareCommit --markers written--> CompleteCommit
 * Ongoing --EndTxn(abort), timeout, fencing InitProducerId--> PrepareAbort --markers--> CompleteAbort
 * Empty / Complete* --expiration--> Dead (tombstone)
 * </pre>
 *
 * PrepareEpochFence is Kafka's state for a fencing InitProducerId; Weir goes straight to
 * PrepareAbort with the bumped epoch, so it only appears when read from elsewhere.
 */
public enum TxnState {
    EMPTY(0, "Empty"),
    ONGOING(1, "Ongoing"),
    PREPARE_COMMIT(2, "PrepareCommit"),
    PREPARE_ABORT(3, "PrepareAbort"),
    COMPLETE_COMMIT(4, "CompleteCommit"),
    COMPLETE_ABORT(5, "CompleteAbort"),
    DEAD(6, "Dead"),
    PREPARE_EPOCH_FENCE(7, "PrepareEpochFence");

    private final byte id;
    private final String kafkaName;

    TxnState(int id, String kafkaName) {
        this.id = (byte) id;
        this.kafkaName = kafkaName;
    }

    /** The id stored in records. */
    public byte id() {
        return id;
    }

    /** The name Kafka's APIs and tools use. */
    public String kafkaName() {
        return kafkaName;
    }

    public static TxnState ofId(byte id) {
        return Arrays.stream(values()).filter(s -> s.id == id).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown transaction state " + id));
    }

    /** The state Kafka names {@code name}, if any. */
    public static Optional<TxnState> ofKafkaName(String name) {
        return Arrays.stream(values()).filter(s -> s.kafkaName.equals(name)).findFirst();
    }

    /** PrepareCommit, PrepareAbort or PrepareEpochFence: markers are being written. */
    public boolean isPreparing() {
        return this == PREPARE_COMMIT || this == PREPARE_ABORT || this == PREPARE_EPOCH_FENCE;
    }

    /** Empty, CompleteCommit or CompleteAbort: no transaction is open. */
    public boolean isIdle() {
        return this == EMPTY || this == COMPLETE_COMMIT || this == COMPLETE_ABORT;
    }
}
