package io.weir.broker.handler;

import io.weir.metadata.controller.QuorumDescription;
import io.weir.metadata.controller.QuorumDescription.ReplicaState;
import io.weir.protocol.VersionRange;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DescribeQuorumRequestData;
import org.apache.kafka.common.message.DescribeQuorumResponseData;
import org.apache.kafka.common.message.DescribeQuorumResponseData.Listener;
import org.apache.kafka.common.message.DescribeQuorumResponseData.Node;
import org.apache.kafka.common.message.DescribeQuorumResponseData.PartitionData;
import org.apache.kafka.common.message.DescribeQuorumResponseData.TopicData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * DescribeQuorum (api key 55), versions 0 to 2 (KIP-595, KIP-836 timestamps in v1, KIP-853
 * directory ids and nodes in v2): the metadata quorum, as {@code kafka-metadata-quorum.sh
 * describe --status / --replication} and {@code Admin.describeMetadataQuorum} show it. Every
 * broker answers, with what the quorum's leader reports (as a Kafka broker forwards the request to
 * the active controller).
 *
 * <p>What the fields mean on Weir (Kafka's partition {@code __cluster_metadata-0}):
 *
 * <ul>
 *   <li>A cluster's quorum is Apache Ratis: the leader epoch is the Raft term, the high watermark
 *       the committed index plus one, a voter's log end offset its match index plus one, in Raft
 *       log entries (a batch of metadata records is one entry); a follower's last fetch time is its
 *       last answer to the leader, its caught-up time the same when it holds the leader's whole log
 *       and -1 otherwise. Observers are the broker-only nodes, whose position and times the leader
 *       does not track in Raft terms: -1. The exact mapping is {@code QuorumController.describe}'s.
 *   <li>A single node (no {@code controller.quorum.voters}) is a quorum of one voter, itself the
 *       leader at epoch 0, whose high watermark and log end offset are the offset after its last
 *       metadata record.
 *   <li>Directory ids (v2) are the zero id: the quorum is static ({@code controller.quorum.voters}),
 *       as a Kafka quorum at {@code kraft.version} 0 reports it.
 *   <li>Nodes (v2): each voter's {@code controller.quorum.voters} address, under the node's first
 *       {@code controller.listener.names} entry ({@code CONTROLLER} when none is set). It is the
 *       voter's Raft port: it speaks Ratis' protocol, not Kafka's. A single node lists no
 *       endpoint.
 * </ul>
 *
 * <p>A request naming anything but {@code __cluster_metadata} partition 0 gets
 * UNKNOWN_TOPIC_OR_PARTITION for each partition it names, as in Kafka; no reachable leader within
 * the controller request timeout gets NOT_CONTROLLER, which clients retry.
 *
 * <p>Stateless and thread-safe.
 */
public final class DescribeQuorumHandler implements ApiHandler<DescribeQuorumRequestData> {

    /** The DescribeQuorum versions Weir implements. */
    public static final VersionRange VERSIONS = VersionRange.of(0, 2);

    /** The name of Kafka's metadata log, the one partition DescribeQuorum describes. */
    public static final String METADATA_TOPIC = "__cluster_metadata";

    private static final short FIRST_VERSION_WITH_NODES = 2;

    private final Supplier<? extends CompletionStage<QuorumDescription>> quorum;
    private final List<VoterEndpoint> voterEndpoints;

    /**
     * Where a voter's controller listener is, for the v2 nodes.
     *
     * @param nodeId the voter
     * @param listenerName the listener's name, e.g. {@code CONTROLLER}
     * @param host its host
     * @param port its port
     */
    public record VoterEndpoint(int nodeId, String listenerName, String host, int port) {}

    /**
     * @param quorum asks the quorum's leader for its description; may fail with the exceptions the
     *     controller channel fails with
     * @param voterEndpoints the voters' controller listeners (empty: none)
     */
    public DescribeQuorumHandler(Supplier<? extends CompletionStage<QuorumDescription>> quorum,
            List<VoterEndpoint> voterEndpoints) {
        this.quorum = quorum;
        this.voterEndpoints = List.copyOf(voterEndpoints);
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_QUORUM;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, DescribeQuorumRequestData request) {
        if (!namesTheMetadataPartitionOnly(request)) {
            return Reply.completed(unknownPartitions(request));
        }
        short version = context.header().apiVersion();
        return quorum.get().thenApply(description -> Reply.respond(response(description, version)));
    }

    private static boolean namesTheMetadataPartitionOnly(DescribeQuorumRequestData request) {
        return request.topics().size() == 1
                && request.topics().get(0).topicName().equals(METADATA_TOPIC)
                && request.topics().get(0).partitions().size() == 1
                && request.topics().get(0).partitions().get(0).partitionIndex() == 0;
    }

    private static DescribeQuorumResponseData unknownPartitions(DescribeQuorumRequestData request) {
        DescribeQuorumResponseData response = new DescribeQuorumResponseData();
        for (DescribeQuorumRequestData.TopicData topic : request.topics()) {
            TopicData answered = new TopicData().setTopicName(topic.topicName());
            for (DescribeQuorumRequestData.PartitionData partition : topic.partitions()) {
                answered.partitions().add(new PartitionData()
                        .setPartitionIndex(partition.partitionIndex())
                        .setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code())
                        .setErrorMessage(Errors.UNKNOWN_TOPIC_OR_PARTITION.message()));
            }
            response.topics().add(answered);
        }
        return response;
    }

    private DescribeQuorumResponseData response(QuorumDescription description, short version) {
        PartitionData partition = new PartitionData()
                .setPartitionIndex(0)
                .setLeaderId(description.leaderId())
                .setLeaderEpoch(description.leaderEpoch())
                .setHighWatermark(description.highWatermark())
                .setCurrentVoters(replicaStates(description.voters()))
                .setObservers(replicaStates(description.observers()));
        DescribeQuorumResponseData response = new DescribeQuorumResponseData();
        response.topics().add(new TopicData().setTopicName(METADATA_TOPIC).setPartitions(List.of(partition)));
        if (version >= FIRST_VERSION_WITH_NODES) {
            for (ReplicaState voter : description.voters()) {
                response.nodes().add(node(voter.replicaId()));
            }
        }
        return response;
    }

    private static List<DescribeQuorumResponseData.ReplicaState> replicaStates(List<ReplicaState> replicas) {
        return replicas.stream()
                .map(replica -> new DescribeQuorumResponseData.ReplicaState()
                        .setReplicaId(replica.replicaId())
                        .setReplicaDirectoryId(Uuid.ZERO_UUID)
                        .setLogEndOffset(replica.logEndOffset())
                        .setLastFetchTimestamp(replica.lastFetchTimestampMs())
                        .setLastCaughtUpTimestamp(replica.lastCaughtUpTimestampMs()))
                .toList();
    }

    private Node node(int nodeId) {
        Node node = new Node().setNodeId(nodeId);
        for (VoterEndpoint endpoint : voterEndpoints) {
            if (endpoint.nodeId() == nodeId) {
                node.listeners().add(new Listener()
                        .setName(endpoint.listenerName())
                        .setHost(endpoint.host())
                        .setPort(endpoint.port()));
            }
        }
        return node;
    }
}
