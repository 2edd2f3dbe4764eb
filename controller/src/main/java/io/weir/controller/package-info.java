/**
 * The controller quorum: the metadata log replicated by Apache Ratis. {@link
 * io.weir.controller.QuorumController} runs one voter; its Raft leader is the active controller,
 * which validates proposed batches of {@link io.weir.metadata.record.MetadataRecord}s against the
 * image and appends them to the replicated log. Every voter applies committed batches to its
 * {@link io.weir.metadata.image.MetadataImage} in log order and snapshots the image so that
 * restarts and lagging voters do not replay the whole log. Consensus itself is Ratis' work; this
 * package owns the state machine, its snapshot files, the mapping of Kafka's
 * {@code controller.quorum.voters} onto Raft peers, and the commit path.
 */
package io.weir.controller;
