/**
 * The fetch side of the broker, in Weir's own types: reading partitions for a Fetch request
 * within its byte limits, long polling (a fetch with less than {@code min_bytes} available waits
 * up to {@code max_wait_ms} and is woken by appends), incremental fetch sessions (KIP-227), and
 * the isolation levels (read_committed reads stop at the last stable offset and carry the aborted
 * transactions of the range, KIP-98), and fetching from the nearest replica (KIP-392: followers
 * serving consumers, leaders naming a preferred read replica chosen by
 * {@link io.weir.broker.fetch.RackAwareReplicaSelector}).
 *
 * <p>Owns: {@link io.weir.broker.fetch.FetchManager} (the entry point: {@code fetch} and
 * {@code onAppend}), {@link io.weir.broker.fetch.FetchSessionCache} (sessions, bounded, LRU),
 * {@link io.weir.broker.fetch.PartitionReader} (one partition's read and its error rules), the
 * request/response values, and {@link io.weir.broker.fetch.FetchablePartitions}, the small
 * interface through which the hosting replica manager lends its partition logs.
 *
 * <p>Knows nothing of kafka-clients or Netty: {@code io.weir.broker.handler.FetchHandler} converts
 * the wire messages, and the transport sends the returned log slices with {@code sendfile}.
 */
package io.weir.broker.fetch;
