/**
 * The log cleaner: compaction of partition logs whose {@code cleanup.policy} includes
 * {@code compact}, keeping the latest record of each key. Owns the decoding and re-encoding of the
 * records inside v2 record batches (with gzip, snappy, lz4 and zstd), the bounded key-to-offset
 * map, the per-batch retention rules (superseded records, tombstones after
 * {@code delete.retention.ms} via KIP-534 delete horizons, idempotent producers' last batches),
 * the choice of which log to clean, the I/O throttle and the per-partition cleaner state.
 *
 * <p>It works on a {@link io.weir.storage.PartitionLog} through the log's cleaning methods
 * ({@code closedSegments}, {@code createCleanedSegment}, {@code replaceSegments}); segment files,
 * the crash-safe swap and its recovery stay in {@code io.weir.storage}, whose
 * {@link io.weir.storage.LogManager} drives the cleaner on the injected scheduler and persists its
 * checkpoint. The two packages therefore refer to each other; the cleaner owns no threads.
 */
package io.weir.storage.cleaner;
