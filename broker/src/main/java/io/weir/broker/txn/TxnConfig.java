package io.weir.broker.txn;

/**
 * The transaction coordinator's settings, with Kafka's property names and defaults.
 *
 * @param stateLogNumPartitions {@code transaction.state.log.num.partitions} (50)
 * @param stateLogReplicationFactor {@code transaction.state.log.replication.factor}
 * @param stateLogSegmentBytes {@code transaction.state.log.segment.bytes} (100 MiB)
 * @param maxTimeoutMs {@code transaction.max.timeout.ms} (15 minutes)
 * @param abortTimedOutCheckIntervalMs {@code transaction.abort.timed.out.transaction.cleanup.interval.ms} (10 s)
 * @param transactionalIdExpirationMs {@code transactional.id.expiration.ms} (7 days)
 * @param removeExpiredCheckIntervalMs {@code transaction.remove.expired.transaction.cleanup.interval.ms} (1 hour)
 * @param markerRetryBackoffMs how long to wait before writing a marker again after a failure
 * @param partitionVerificationEnable {@code transaction.partition.verification.enable} (true): a
 *     leader checks that a transaction version 1 producer added a partition before appending its
 *     transactional batch (KIP-890 part 1)
 */
public record TxnConfig(int stateLogNumPartitions, short stateLogReplicationFactor, int stateLogSegmentBytes, int maxTimeoutMs,
        long abortTimedOutCheckIntervalMs, long transactionalIdExpirationMs, long removeExpiredCheckIntervalMs,
        long markerRetryBackoffMs, boolean partitionVerificationEnable) {

    public static final int DEFAULT_SEGMENT_BYTES = 100 * 1024 * 1024;
    public static final int DEFAULT_MAX_TIMEOUT_MS = 900_000;
    public static final long DEFAULT_ABORT_CHECK_INTERVAL_MS = 10_000;
    public static final long DEFAULT_REMOVE_EXPIRED_INTERVAL_MS = 3_600_000;
    public static final long DEFAULT_MARKER_RETRY_BACKOFF_MS = 100;

    public TxnConfig {
        if (stateLogNumPartitions < 1) {
            throw new IllegalArgumentException("transaction.state.log.num.partitions must be at least 1");
        }
    }

    /** Kafka's defaults with the given partition count, replication factor and id expiration. */
    public static TxnConfig defaults(int numPartitions, short replicationFactor, long transactionalIdExpirationMs) {
        return new TxnConfig(numPartitions, replicationFactor, DEFAULT_SEGMENT_BYTES, DEFAULT_MAX_TIMEOUT_MS,
                DEFAULT_ABORT_CHECK_INTERVAL_MS, transactionalIdExpirationMs, DEFAULT_REMOVE_EXPIRED_INTERVAL_MS,
                DEFAULT_MARKER_RETRY_BACKOFF_MS, true);
    }
}
