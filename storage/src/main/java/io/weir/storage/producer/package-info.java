/**
 * Per-partition producer state: what the partition log remembers about each idempotent or
 * transactional producer that wrote to it.
 *
 * <p>This package owns:
 *
 * <ul>
 *   <li>validation of client batches against the producer's epoch and sequence numbers on the
 *       leader (KIP-98 idempotence, KIP-360 epoch bumps and unknown producers, KIP-890 epoch
 *       bump per transaction), including duplicate detection over the last five batches;
 *   <li>the no-validation update used by followers and by recovery;
 *   <li>open transactions per producer, the completed transactions that transaction markers close,
 *       and the first unstable offset from which the last stable offset is computed;
 *   <li>expiry of idle producers ({@code producer.id.expiration.ms});
 *   <li>producer state snapshot files ({@code <offset>.snapshot} in the partition directory).
 * </ul>
 *
 * <p>It works on plain values taken from record batch headers; it does not read segments, and it
 * has no threads. {@link io.weir.storage.producer.ProducerStateManager} is the entry point.
 */
package io.weir.storage.producer;
