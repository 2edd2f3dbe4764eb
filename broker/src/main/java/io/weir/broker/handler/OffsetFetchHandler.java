package io.weir.broker.handler;

import io.weir.broker.group.CommittedOffset;
import io.weir.broker.group.GroupCoordinator;
import io.weir.broker.topic.TopicManager;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.image.TopicImage;
import io.weir.protocol.VersionRange;
import io.weir.storage.TopicPartitionKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartition;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartitions;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopic;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopics;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * OffsetFetch (api key 9), versions 1 to 10. v1-7 ask for one group (null topics: all its offsets,
 * v2+), v8+ for several (KIP-709), v10 names topics by id. A partition without a committed offset
 * answers offset -1 and metadata "". With require_stable (v7+, KIP-447) a partition whose
 * transactional offset commit waits for its transaction to end answers UNSTABLE_OFFSET_COMMIT and
 * offset -1; the consumer retries until the transaction is over. A group-level error (NOT_COORDINATOR, COORDINATOR_LOAD_IN_PROGRESS) is
 * answered per partition in v1 and at the group level from v2. Thread-safe.
 */
public final class OffsetFetchHandler implements ApiHandler<OffsetFetchRequestData> {
    public static final VersionRange VERSIONS = VersionRange.of(1, 10);
    private static final short TOP_LEVEL_ERROR_VERSION = 2;
    private static final short MULTI_GROUP_VERSION = 8;
    private static final short TOPIC_ID_VERSION = 10;

    private final GroupCoordinator coordinator;
    private final TopicManager topics;

    public OffsetFetchHandler(GroupCoordinator coordinator, TopicManager topics) {
        this.coordinator = coordinator;
        this.topics = topics;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_FETCH;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    private static final short REQUIRE_STABLE_VERSION = 7;

    /** One group's answer: offsets by partition, or an error code; {@code unstable}: pending transactional commits. */
    private record Fetched(Map<TopicPartitionKey, Optional<CommittedOffset>> offsets, short errorCode, Set<TopicPartitionKey> unstable) {

        short partitionError(TopicPartitionKey partition) {
            return unstable.contains(partition) ? Errors.UNSTABLE_OFFSET_COMMIT.code() : 0;
        }

        Optional<CommittedOffset> stableOffset(TopicPartitionKey partition) {
            return unstable.contains(partition) ? Optional.empty() : offsets.get(partition);
        }
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, OffsetFetchRequestData request) {
        short version = context.header().apiVersion();
        boolean requireStable = version >= REQUIRE_STABLE_VERSION && request.requireStable();
        if (version < MULTI_GROUP_VERSION) {
            Optional<List<TopicPartitionKey>> partitions = request.topics() == null ? Optional.empty() : Optional.of(
                    request.topics().stream().flatMap(t -> t.partitionIndexes().stream().map(p -> new TopicPartitionKey(t.name(), p)))
                            .toList());
            return fetch(request.groupId(), partitions, requireStable).thenApply(fetched -> Reply.respond(singleGroup(fetched, partitions, version)));
        }
        MetadataImage image = topics.image();
        OffsetFetchResponseData response = new OffsetFetchResponseData();
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (OffsetFetchRequestGroup group : request.groups()) {
            OffsetFetchResponseGroup answer = new OffsetFetchResponseGroup().setGroupId(group.groupId());
            response.groups().add(answer);
            Optional<List<TopicPartitionKey>> partitions = group.topics() == null ? Optional.empty()
                    : Optional.of(requested(group.topics(), image, version));
            pending.add(fetch(group.groupId(), partitions, requireStable).thenAccept(fetched -> fillGroup(answer, fetched, image, version)));
        }
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).thenApply(ignored -> Reply.respond(response));
    }

    /** Pending transactional commits are read before the offsets, so a commit that completes in between is not missed. */
    private CompletableFuture<Fetched> fetch(String groupId, Optional<List<TopicPartitionKey>> partitions, boolean requireStable) {
        CompletableFuture<Set<TopicPartitionKey>> unstable = requireStable
                ? coordinator.pendingTransactionalOffsets(groupId)
                : CompletableFuture.completedFuture(Set.of());
        return unstable.thenCompose(pending -> coordinator.fetchOffsets(groupId, partitions)
                        .thenApply(offsets -> new Fetched(offsets, (short) 0, pending)))
                .handle((fetched, failure) -> failure == null
                        ? fetched
                        : new Fetched(failedPartitions(partitions), GroupRequests.codeOf(failure), Set.of()));
    }

    private static Map<TopicPartitionKey, Optional<CommittedOffset>> failedPartitions(Optional<List<TopicPartitionKey>> partitions) {
        Map<TopicPartitionKey, Optional<CommittedOffset>> none = new LinkedHashMap<>();
        partitions.ifPresent(list -> list.forEach(p -> none.put(p, Optional.empty())));
        return none;
    }

    private static List<TopicPartitionKey> requested(List<OffsetFetchRequestTopics> requested, MetadataImage image, short version) {
        List<TopicPartitionKey> partitions = new ArrayList<>();
        for (OffsetFetchRequestTopics topic : requested) {
            String name = version >= TOPIC_ID_VERSION
                    ? image.topics().getTopic(KafkaIds.fromKafka(topic.topicId())).map(TopicImage::name).orElse("")
                    : topic.name();
            topic.partitionIndexes().forEach(p -> partitions.add(new TopicPartitionKey(name, p)));
        }
        return partitions;
    }

    private static OffsetFetchResponseData singleGroup(Fetched fetched, Optional<List<TopicPartitionKey>> requested, short version) {
        OffsetFetchResponseData response = new OffsetFetchResponseData();
        boolean perPartitionError = version < TOP_LEVEL_ERROR_VERSION;
        if (!perPartitionError) {
            response.setErrorCode(fetched.errorCode());
        }
        Map<String, OffsetFetchResponseTopic> byTopic = new LinkedHashMap<>();
        fetched.offsets().forEach((partition, offset) -> {
            OffsetFetchResponseTopic topic = byTopic.computeIfAbsent(partition.topic(), name -> {
                OffsetFetchResponseTopic created = new OffsetFetchResponseTopic().setName(name);
                response.topics().add(created);
                return created;
            });
            Optional<CommittedOffset> stable = fetched.stableOffset(partition);
            topic.partitions().add(new OffsetFetchResponsePartition().setPartitionIndex(partition.partition())
                    .setCommittedOffset(stable.map(CommittedOffset::offset).orElse(-1L))
                    .setCommittedLeaderEpoch(stable.map(CommittedOffset::leaderEpoch).orElse(-1))
                    .setMetadata(stable.map(CommittedOffset::metadata).orElse(""))
                    .setErrorCode(perPartitionError ? fetched.errorCode() : fetched.partitionError(partition)));
        });
        return response;
    }

    private static void fillGroup(OffsetFetchResponseGroup answer, Fetched fetched, MetadataImage image, short version) {
        answer.setErrorCode(fetched.errorCode());
        Map<String, OffsetFetchResponseTopics> byTopic = new LinkedHashMap<>();
        fetched.offsets().forEach((partition, offset) -> {
            Optional<TopicImage> known = image.topics().getTopic(partition.topic());
            if (version >= TOPIC_ID_VERSION && known.isEmpty()) {
                return;
            }
            OffsetFetchResponseTopics topic = byTopic.computeIfAbsent(partition.topic(), name -> {
                OffsetFetchResponseTopics created = new OffsetFetchResponseTopics().setName(name);
                known.ifPresent(t -> created.setTopicId(KafkaIds.toKafka(t.topicId())));
                answer.topics().add(created);
                return created;
            });
            Optional<CommittedOffset> stable = fetched.stableOffset(partition);
            topic.partitions().add(new OffsetFetchResponsePartitions().setPartitionIndex(partition.partition())
                    .setCommittedOffset(stable.map(CommittedOffset::offset).orElse(-1L))
                    .setCommittedLeaderEpoch(stable.map(CommittedOffset::leaderEpoch).orElse(-1))
                    .setMetadata(stable.map(CommittedOffset::metadata).orElse(""))
                    .setErrorCode(fetched.partitionError(partition)));
        });
    }
}
