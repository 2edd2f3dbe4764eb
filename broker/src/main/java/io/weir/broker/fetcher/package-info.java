/**
 * The follower side of replication: {@link io.weir.broker.fetcher.ReplicaFetcherManager} runs
 * {@code num.replica.fetchers} threads per leader broker, each fetching every partition it is
 * given from that leader with Fetch v17 (sessionless, {@code replica_state.replica_id} = this
 * node) through an {@link io.weir.broker.net.BrokerClient}, appending what it gets as follower
 * and keeping the follower's high watermark at min(leader's, own log end). Truncation follows
 * leader epochs, never the follower's own high watermark (KIP-101, KIP-279): a partition that
 * starts following asks the leader with OffsetForLeaderEpoch v4 for the end of its latest epoch,
 * and a fetch answered with a diverging epoch (Fetch v12+) truncates to it.
 */
package io.weir.broker.fetcher;
