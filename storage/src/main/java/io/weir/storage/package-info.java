/**
 * The storage engine: partition logs of Kafka record batches (format v2) on disk, and nothing
 * else. Owns the on-disk layout (one {@code <topic>-<partition>} directory per partition holding
 * {@code <20-digit base offset>.log}, {@code .index}, {@code .timeindex}, {@code .txnindex}
 * (aborted transactions, for read_committed fetches), the producer-state {@code .snapshot} files and {@code leader-epoch-checkpoint}; per log directory the
 * recovery-point, log-start-offset and high-watermark checkpoints), appends with offset
 * assignment, zero-copy reads ({@link io.weir.storage.LogSlice}), offset and time indexes, crash
 * recovery (including finishing or discarding an interrupted compaction swap: {@code .cleaned}
 * and {@code .swap} files), retention (by {@code cleanup.policy}), the segment side of compaction
 * (closed-segment snapshots, cleaned segments, the crash-safe swap; the cleaner itself is
 * {@code io.weir.storage.cleaner}), truncation for replication, leader-epoch tracking, flushing, and driving
 * the per-partition producer state of {@code io.weir.storage.producer} (duplicate detection for
 * idempotent producers, snapshots, replay; transactions: the last stable offset, coordinator marker
 * appends built by {@link io.weir.storage.ControlBatches}). It owns no threads and depends on nothing above it;
 * it works on raw bytes.
 *
 * <p>Entry points: {@link io.weir.storage.LogManager} (all logs of a broker) and
 * {@link io.weir.storage.PartitionLog} (one partition).
 */
package io.weir.storage;
