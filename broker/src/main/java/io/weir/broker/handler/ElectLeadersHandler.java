package io.weir.broker.handler;

import io.weir.broker.topic.PartitionAdmin;
import io.weir.metadata.controller.ElectLeadersRequest;
import io.weir.metadata.controller.ElectionType;
import io.weir.metadata.controller.PartitionRef;
import io.weir.metadata.controller.PartitionResult;
import io.weir.protocol.VersionRange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.ElectLeadersRequestData;
import org.apache.kafka.common.message.ElectLeadersRequestData.TopicPartitions;
import org.apache.kafka.common.message.ElectLeadersResponseData;
import org.apache.kafka.common.message.ElectLeadersResponseData.ReplicaElectionResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * ElectLeaders (api key 43), versions 0 to 2 (KIP-183, KIP-460): preferred or unclean leader
 * election on the active controller through {@link PartitionAdmin}. Version 0 always asks for
 * the preferred leader. A null topic list means every partition; the answer then leaves out the
 * partitions that needed no election. Per-partition errors: ELECTION_NOT_NEEDED,
 * PREFERRED_LEADER_NOT_AVAILABLE, ELIGIBLE_LEADERS_NOT_AVAILABLE, UNKNOWN_TOPIC_OR_PARTITION;
 * an unknown election type is INVALID_REQUEST for the whole request.
 *
 * <p>Thread-safe; does not block.
 */
public final class ElectLeadersHandler implements ApiHandler<ElectLeadersRequestData> {

    /** The ElectLeaders versions Weir implements. */
    public static final VersionRange VERSIONS = VersionRange.of(0, 2);

    private final PartitionAdmin admin;

    /** @param admin where elections run */
    public ElectLeadersHandler(PartitionAdmin admin) {
        this.admin = admin;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ELECT_LEADERS;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, ElectLeadersRequestData request) {
        ElectionType type;
        try {
            type = ElectionType.fromWire(request.electionType());
        } catch (IllegalArgumentException e) {
            return Reply.completed(new ElectLeadersResponseData().setErrorCode(Errors.INVALID_REQUEST.code()));
        }
        Optional<List<PartitionRef>> partitions = Optional.ofNullable(request.topicPartitions()).map(topics -> {
            List<PartitionRef> refs = new ArrayList<>();
            for (TopicPartitions topic : topics) {
                topic.partitions().forEach(p -> refs.add(new PartitionRef(topic.topic(), p)));
            }
            return refs;
        });
        return admin.electLeaders(new ElectLeadersRequest(type, partitions))
                .thenApply(results -> Reply.respond(response(results)));
    }

    static ElectLeadersResponseData response(List<PartitionResult> results) {
        Map<String, ReplicaElectionResult> byTopic = new LinkedHashMap<>();
        for (PartitionResult result : results) {
            ReplicaElectionResult topic = byTopic.computeIfAbsent(result.partition().topic(),
                    name -> new ReplicaElectionResult().setTopic(name));
            topic.partitionResult().add(new ElectLeadersResponseData.PartitionResult()
                    .setPartitionId(result.partition().partition())
                    .setErrorCode(Errors.valueOf(result.error().name()).code())
                    .setErrorMessage(result.message().orElse(null)));
        }
        return new ElectLeadersResponseData()
                .setErrorCode(Errors.NONE.code())
                .setReplicaElectionResults(new ArrayList<>(byTopic.values()));
    }
}
