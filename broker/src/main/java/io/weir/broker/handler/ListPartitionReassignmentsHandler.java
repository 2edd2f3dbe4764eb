package io.weir.broker.handler;

import io.weir.broker.topic.PartitionAdmin;
import io.weir.metadata.controller.PartitionRef;
import io.weir.metadata.image.PartitionRegistration;
import io.weir.protocol.VersionRange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.ListPartitionReassignmentsRequestData;
import org.apache.kafka.common.message.ListPartitionReassignmentsRequestData.ListPartitionReassignmentsTopics;
import org.apache.kafka.common.message.ListPartitionReassignmentsResponseData;
import org.apache.kafka.common.message.ListPartitionReassignmentsResponseData.OngoingPartitionReassignment;
import org.apache.kafka.common.message.ListPartitionReassignmentsResponseData.OngoingTopicReassignment;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * ListPartitionReassignments (api key 46), version 0 (KIP-455): the ongoing reassignments among
 * the named partitions (every partition when the topic list is null), with each partition's
 * current replicas and those being added and removed, read from this node's image. Partitions
 * that do not exist or are not being reassigned are left out.
 *
 * <p>Thread-safe; does not block.
 */
public final class ListPartitionReassignmentsHandler implements ApiHandler<ListPartitionReassignmentsRequestData> {

    /** The ListPartitionReassignments versions Weir implements. */
    public static final VersionRange VERSIONS = VersionRange.of(0, 0);

    private final PartitionAdmin admin;

    /** @param admin where ongoing reassignments are read */
    public ListPartitionReassignmentsHandler(PartitionAdmin admin) {
        this.admin = admin;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_PARTITION_REASSIGNMENTS;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, ListPartitionReassignmentsRequestData request) {
        Optional<List<PartitionRef>> partitions = Optional.ofNullable(request.topics()).map(topics -> {
            List<PartitionRef> refs = new ArrayList<>();
            for (ListPartitionReassignmentsTopics topic : topics) {
                topic.partitionIndexes().forEach(p -> refs.add(new PartitionRef(topic.name(), p)));
            }
            return refs;
        });
        Map<String, OngoingTopicReassignment> byTopic = new LinkedHashMap<>();
        for (PartitionAdmin.OngoingReassignment ongoing : admin.listReassignments(partitions)) {
            PartitionRegistration registration = ongoing.registration();
            byTopic.computeIfAbsent(ongoing.partition().topic(), name -> new OngoingTopicReassignment().setName(name))
                    .partitions().add(new OngoingPartitionReassignment()
                            .setPartitionIndex(ongoing.partition().partition())
                            .setReplicas(new ArrayList<>(registration.replicas()))
                            .setAddingReplicas(new ArrayList<>(registration.addingReplicas()))
                            .setRemovingReplicas(new ArrayList<>(registration.removingReplicas())));
        }
        return Reply.completed(new ListPartitionReassignmentsResponseData()
                .setErrorCode(Errors.NONE.code())
                .setTopics(new ArrayList<>(byTopic.values())));
    }
}
