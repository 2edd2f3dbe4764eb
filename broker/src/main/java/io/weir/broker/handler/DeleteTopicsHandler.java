package io.weir.broker.handler;

import io.weir.broker.topic.DeletedTopic;
import io.weir.broker.topic.TopicError;
import io.weir.broker.topic.TopicManager;
import io.weir.broker.topic.TopicOutcome;
import io.weir.broker.topic.TopicRef;
import io.weir.metadata.Uuid;
import io.weir.protocol.VersionRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsRequestData.DeleteTopicState;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * DeleteTopics (api key 20), versions 1 to 6: deletes each topic on its own through the
 * {@link TopicManager}.
 *
 * <ul>
 *   <li>By name (v1-5 topic_names, v6 topics with a name) or, from v6, by topic id (KIP-516): an
 *       unknown name gets UNKNOWN_TOPIC_OR_PARTITION, an unknown id UNKNOWN_TOPIC_ID with a null
 *       name; a v6 entry with both a name and an id, or neither, gets INVALID_REQUEST; a topic
 *       named twice gets INVALID_REQUEST.
 *   <li>{@code delete.topic.enable=false}: TOPIC_DELETION_DISABLED from v3 (KIP-322), and
 *       INVALID_REQUEST before, as Kafka answers older clients.
 *   <li>Internal topics may be deleted, as in Kafka.
 *   <li>timeout_ms is accepted; the deletion is committed before the answer.
 * </ul>
 *
 * <p>Thread-safe; does not block: the answer completes on the topic manager's executor.
 */
public final class DeleteTopicsHandler implements ApiHandler<DeleteTopicsRequestData> {

    /** The DeleteTopics versions Weir implements. */
    public static final VersionRange VERSIONS = VersionRange.of(1, 6);

    private static final short FIRST_VERSION_WITH_TOPIC_IDS = 6;
    private static final short FIRST_VERSION_WITH_DELETION_DISABLED = 3;

    private final TopicManager topics;

    /** @param topics the topic manager that deletes the topics */
    public DeleteTopicsHandler(TopicManager topics) {
        this.topics = topics;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_TOPICS;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, DeleteTopicsRequestData request) {
        short version = context.header().apiVersion();
        DeleteTopicsResponseData response = new DeleteTopicsResponseData().setThrottleTimeMs(0);
        List<TopicRef> refs = new ArrayList<>();
        if (version >= FIRST_VERSION_WITH_TOPIC_IDS) {
            for (DeleteTopicState state : request.topics()) {
                Uuid id = KafkaIds.fromKafka(state.topicId());
                boolean hasId = !Uuid.ZERO.equals(id);
                if ((state.name() != null) == hasId) {
                    response.responses().add(new DeletableTopicResult().setName(state.name()).setTopicId(state.topicId())
                            .setErrorCode(Errors.INVALID_REQUEST.code())
                            .setErrorMessage("A topic must be named by exactly one of its name and its id."));
                } else {
                    refs.add(hasId ? TopicRef.id(id) : TopicRef.name(state.name()));
                }
            }
        } else {
            request.topicNames().forEach(name -> refs.add(TopicRef.name(name)));
        }
        return topics.deleteTopics(refs).thenApply(outcomes -> Reply.respond(fill(response, outcomes, version)));
    }

    private static DeleteTopicsResponseData fill(
            DeleteTopicsResponseData response, Map<TopicRef, TopicOutcome<DeletedTopic>> outcomes, short version) {
        outcomes.forEach((ref, outcome) -> {
            DeletableTopicResult result = new DeletableTopicResult();
            if (ref instanceof TopicRef.ById byId) {
                result.setTopicId(KafkaIds.toKafka(byId.topicId())).setName(null);
            } else {
                result.setName(((TopicRef.ByName) ref).name());
            }
            if (outcome instanceof TopicOutcome.Success<DeletedTopic> success) {
                result.setName(success.value().name()).setTopicId(KafkaIds.toKafka(success.value().topicId()))
                        .setErrorCode(Errors.NONE.code());
            } else {
                TopicOutcome.Failure<DeletedTopic> failure = (TopicOutcome.Failure<DeletedTopic>) outcome;
                Errors error = failure.error() == TopicError.TOPIC_DELETION_DISABLED && version < FIRST_VERSION_WITH_DELETION_DISABLED
                        ? Errors.INVALID_REQUEST
                        : TopicErrorCodes.of(failure.error());
                result.setErrorCode(error.code()).setErrorMessage(failure.message());
            }
            response.responses().add(result);
        });
        return response;
    }
}
