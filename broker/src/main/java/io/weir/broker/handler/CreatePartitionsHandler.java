package io.weir.broker.handler;

import io.weir.broker.topic.PartitionIncrease;
import io.weir.broker.topic.TopicManager;
import io.weir.broker.topic.TopicOutcome;
import io.weir.protocol.VersionRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsAssignment;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * CreatePartitions (api key 37), versions 0 to 3 (KIP-195): raises the partition count of each
 * topic on its own through the {@link TopicManager}.
 *
 * <ul>
 *   <li>UNKNOWN_TOPIC_OR_PARTITION for a missing topic; INVALID_PARTITIONS when the count is not
 *       an increase (or above Weir's per-topic limit); INVALID_REPLICA_ASSIGNMENT when explicit
 *       assignments do not match the number of new partitions, the topic's replication factor,
 *       or registered brokers; INVALID_REQUEST for a topic named twice.
 *   <li>validate_only checks everything and commits nothing.
 * </ul>
 *
 * <p>Thread-safe; does not block: the answer completes on the topic manager's executor.
 */
public final class CreatePartitionsHandler implements ApiHandler<CreatePartitionsRequestData> {

    /** The CreatePartitions versions Weir implements. */
    public static final VersionRange VERSIONS = VersionRange.of(0, 3);

    private final TopicManager topics;

    /** @param topics the topic manager that adds the partitions */
    public CreatePartitionsHandler(TopicManager topics) {
        this.topics = topics;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CREATE_PARTITIONS;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, CreatePartitionsRequestData request) {
        List<PartitionIncrease> increases = new ArrayList<>(request.topics().size());
        for (CreatePartitionsTopic topic : request.topics()) {
            Optional<List<List<Integer>>> assignments = Optional.ofNullable(topic.assignments())
                    .map(list -> list.stream().map(CreatePartitionsAssignment::brokerIds).toList());
            increases.add(new PartitionIncrease(topic.name(), topic.count(), assignments));
        }
        return topics.createPartitions(increases, request.validateOnly()).thenApply(outcomes -> Reply.respond(response(outcomes)));
    }

    private static CreatePartitionsResponseData response(Map<String, TopicOutcome<Integer>> outcomes) {
        CreatePartitionsResponseData response = new CreatePartitionsResponseData().setThrottleTimeMs(0);
        outcomes.forEach((name, outcome) -> {
            CreatePartitionsTopicResult result = new CreatePartitionsTopicResult().setName(name);
            if (outcome instanceof TopicOutcome.Failure<Integer> failure) {
                result.setErrorCode(TopicErrorCodes.of(failure.error()).code()).setErrorMessage(failure.message());
            } else {
                result.setErrorCode(Errors.NONE.code()).setErrorMessage(null);
            }
            response.results().add(result);
        });
        return response;
    }
}
