package io.weir.broker.handler;

import io.weir.broker.topic.PartitionAdmin;
import io.weir.metadata.controller.PartitionRef;
import io.weir.metadata.controller.PartitionResult;
import io.weir.metadata.controller.ReassignmentRequest;
import io.weir.metadata.image.PartitionRegistration;
import io.weir.protocol.VersionRange;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData.ReassignablePartition;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData.ReassignableTopic;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData.ReassignablePartitionResponse;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData.ReassignableTopicResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * AlterPartitionReassignments (api key 45), versions 0 to 1 (KIP-455; v1 adds KIP-860's
 * AllowReplicationFactorChange): starts, replaces or cancels (null replicas) the reassignment of
 * each partition on the active controller through {@link PartitionAdmin}. Per-partition errors:
 * UNKNOWN_TOPIC_OR_PARTITION, INVALID_REPLICA_ASSIGNMENT, NO_REASSIGNMENT_IN_PROGRESS, and
 * INVALID_REPLICATION_FACTOR when the request forbids changing the replica count and the target
 * would. The answer comes once the reassignment has started, not when it completes.
 *
 * <p>Thread-safe; does not block.
 */
public final class AlterPartitionReassignmentsHandler implements ApiHandler<AlterPartitionReassignmentsRequestData> {

    /** The AlterPartitionReassignments versions Weir implements. */
    public static final VersionRange VERSIONS = VersionRange.of(0, 1);

    private final PartitionAdmin admin;

    /** @param admin where reassignments run */
    public AlterPartitionReassignmentsHandler(PartitionAdmin admin) {
        this.admin = admin;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ALTER_PARTITION_REASSIGNMENTS;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, AlterPartitionReassignmentsRequestData request) {
        List<ReassignmentRequest> accepted = new ArrayList<>();
        // One entry per partition of the request, in order: a refusal, or empty for the next accepted result.
        List<Optional<PartitionResult>> slots = new ArrayList<>();
        for (ReassignableTopic topic : request.topics()) {
            for (ReassignablePartition partition : topic.partitions()) {
                PartitionRef ref = new PartitionRef(topic.name(), partition.partitionIndex());
                Optional<List<Integer>> target = Optional.ofNullable(partition.replicas());
                if (!request.allowReplicationFactorChange() && changesReplicationFactor(ref, target)) {
                    slots.add(Optional.of(PartitionResult.failed(ref, PartitionResult.Error.INVALID_REPLICATION_FACTOR,
                            "The reassignment of " + ref + " changes its replication factor, which the request"
                                    + " forbids.")));
                } else {
                    slots.add(Optional.empty());
                    accepted.add(new ReassignmentRequest(ref, target));
                }
            }
        }
        return admin.alterReassignments(accepted).thenApply(results -> {
            Iterator<PartitionResult> next = results.iterator();
            List<PartitionResult> all = slots.stream().map(slot -> slot.orElseGet(next::next)).toList();
            return Reply.respond(response(all, request.allowReplicationFactorChange()));
        });
    }

    private boolean changesReplicationFactor(PartitionRef ref, Optional<List<Integer>> target) {
        Optional<PartitionRegistration> current = admin.image().topics().getTopic(ref.topic())
                .flatMap(topic -> topic.partition(ref.partition()));
        return target.isPresent() && current.isPresent()
                && target.get().size() != current.get().targetReplicas().size();
    }

    private static AlterPartitionReassignmentsResponseData response(List<PartitionResult> results,
            boolean allowReplicationFactorChange) {
        Map<String, ReassignableTopicResponse> byTopic = new LinkedHashMap<>();
        for (PartitionResult result : results) {
            byTopic.computeIfAbsent(result.partition().topic(), name -> new ReassignableTopicResponse().setName(name))
                    .partitions().add(new ReassignablePartitionResponse()
                            .setPartitionIndex(result.partition().partition())
                            .setErrorCode(Errors.valueOf(result.error().name()).code())
                            .setErrorMessage(result.message().orElse(null)));
        }
        return new AlterPartitionReassignmentsResponseData()
                .setErrorCode(Errors.NONE.code())
                .setAllowReplicationFactorChange(allowReplicationFactorChange)
                .setResponses(new ArrayList<>(byTopic.values()));
    }
}
