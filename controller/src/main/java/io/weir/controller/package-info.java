/**
 * The controller quorum: the metadata log replicated by Apache Ratis, and the active controller.
 * {@link io.weir.controller.QuorumController} runs one voter; its Raft leader is the active
 * controller, which validates proposed batches of {@link io.weir.metadata.record.MetadataRecord}s
 * against the image and appends them to the replicated log. Every voter applies committed batches
 * to its {@link io.weir.metadata.image.MetadataImage} in log order and snapshots the image so that
 * restarts and lagging voters do not replay the whole log. Consensus itself is Ratis' work.
 *
 * <p>This package owns the state machine and its snapshot files, the mapping of Kafka's
 * {@code controller.quorum.voters} onto Raft peers, the commit path, and:
 * <ul>
 *   <li>the active controller's rules ({@code ActiveController}, {@code ReplicaControl}): broker
 *       registration, heartbeats and session expiry, fencing and unfencing, leader election from
 *       the ISR (unclean only where allowed), controlled shutdown, AlterPartition; and the
 *       administrator's partition operations as pure functions: {@code LeaderElections}
 *       (ElectLeaders, KIP-460), {@code LeaderRebalance} (automatic return of leadership to
 *       preferred replicas) and {@code Reassignments} (KIP-455);
 *   <li>{@link io.weir.controller.ControllerNode}: a voter plus the active controller while it
 *       leads, the request route from any node to the leader (Ratis read-only messages,
 *       {@code ControllerMessages}), and what it hands the broker:
 *       {@link io.weir.controller.QuorumMetadataStore} and a
 *       {@link io.weir.metadata.controller.ControllerChannel};
 *   <li>{@link io.weir.controller.BrokerOnlyNode}: a node outside the quorum that follows the
 *       metadata by fetching it from the active controller's window of recent batches
 *       ({@code MetadataWindow}, a whole-image snapshot when it is too far behind) into a
 *       {@code FetchedMetadataStore}, and sends its requests there over a Ratis client;
 *   <li>{@link io.weir.controller.LocalControllerChannel}: the same rules in-process over a
 *       store this process alone writes.
 * </ul>
 */
package io.weir.controller;
