package io.weir.broker.handler;

import io.weir.broker.topic.CreatedTopic;
import io.weir.broker.topic.NewTopic;
import io.weir.broker.topic.TopicConfigEntry;
import io.weir.broker.topic.TopicManager;
import io.weir.broker.topic.TopicOutcome;
import io.weir.protocol.VersionRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableReplicaAssignment;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicConfig;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicConfigs;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * CreateTopics (api key 19), versions 2 to 7 (all Kafka 4.4 keeps): creates each topic on its
 * own through the {@link TopicManager}, so one topic's error never fails another.
 *
 * <ul>
 *   <li>Per topic: INVALID_TOPIC_EXCEPTION, TOPIC_ALREADY_EXISTS, INVALID_PARTITIONS,
 *       INVALID_REPLICATION_FACTOR, INVALID_REPLICA_ASSIGNMENT, INVALID_CONFIG, with a message;
 *       a name given twice gets one INVALID_REQUEST entry ("Duplicate topic name.").
 *   <li>validate_only checks everything and commits nothing.
 *   <li>v5+ reports the partition count, replication factor and configuration of each created
 *       topic; v7 its topic id (zero after validate_only).
 *   <li>timeout_ms is accepted; the commit is local, so the answer comes when the topic exists.
 *   <li>Internal topic names may be created by clients, as Kafka allows.
 * </ul>
 *
 * <p>Thread-safe; does not block: the answer completes on the topic manager's executor.
 */
public final class CreateTopicsHandler implements ApiHandler<CreateTopicsRequestData> {

    /** The CreateTopics versions Weir implements. */
    public static final VersionRange VERSIONS = VersionRange.of(2, 7);

    private final TopicManager topics;

    /** @param topics the topic manager that creates the topics */
    public CreateTopicsHandler(TopicManager topics) {
        this.topics = topics;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CREATE_TOPICS;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, CreateTopicsRequestData request) {
        List<NewTopic> newTopics = new ArrayList<>(request.topics().size());
        for (CreatableTopic topic : request.topics()) {
            newTopics.add(toNewTopic(topic));
        }
        return topics.createTopics(newTopics, request.validateOnly()).thenApply(outcomes -> Reply.respond(response(outcomes)));
    }

    private static NewTopic toNewTopic(CreatableTopic topic) {
        List<NewTopic.Assignment> assignments = new ArrayList<>(topic.assignments().size());
        for (CreatableReplicaAssignment assignment : topic.assignments()) {
            assignments.add(new NewTopic.Assignment(assignment.partitionIndex(), assignment.brokerIds()));
        }
        List<NewTopic.Config> configs = new ArrayList<>(topic.configs().size());
        for (CreatableTopicConfig config : topic.configs()) {
            configs.add(new NewTopic.Config(config.name(), Optional.ofNullable(config.value())));
        }
        return new NewTopic(topic.name(), topic.numPartitions(), topic.replicationFactor(), assignments, configs);
    }

    private static CreateTopicsResponseData response(Map<String, TopicOutcome<CreatedTopic>> outcomes) {
        CreateTopicsResponseData response = new CreateTopicsResponseData().setThrottleTimeMs(0);
        outcomes.forEach((name, outcome) -> {
            CreatableTopicResult result = new CreatableTopicResult().setName(name);
            if (outcome instanceof TopicOutcome.Success<CreatedTopic> success) {
                describe(result, success.value());
            } else {
                TopicOutcome.Failure<CreatedTopic> failure = (TopicOutcome.Failure<CreatedTopic>) outcome;
                result.setErrorCode(TopicErrorCodes.of(failure.error()).code()).setErrorMessage(failure.message());
            }
            response.topics().add(result);
        });
        return response;
    }

    private static void describe(CreatableTopicResult result, CreatedTopic topic) {
        result.setErrorCode(Errors.NONE.code())
                .setErrorMessage(null)
                .setTopicId(KafkaIds.toKafka(topic.topicId()))
                .setNumPartitions(topic.numPartitions())
                .setReplicationFactor((short) topic.replicationFactor());
        List<CreatableTopicConfigs> configs = new ArrayList<>(topic.configs().size());
        for (TopicConfigEntry entry : topic.configs()) {
            configs.add(new CreatableTopicConfigs()
                    .setName(entry.name())
                    .setValue(entry.value().orElse(null))
                    .setReadOnly(entry.readOnly())
                    .setConfigSource((byte) entry.source().code())
                    .setIsSensitive(entry.sensitive()));
        }
        result.setConfigs(configs);
    }
}
