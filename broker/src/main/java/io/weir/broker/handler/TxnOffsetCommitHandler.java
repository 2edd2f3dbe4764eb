package io.weir.broker.handler;

import io.weir.broker.group.GroupCoordinator;
import io.weir.broker.group.GroupError;
import io.weir.broker.group.OffsetCommitRequest;
import io.weir.broker.group.OffsetCommitRequest.OffsetToCommit;
import io.weir.broker.topic.TopicManager;
import io.weir.broker.txn.TxnError;
import io.weir.broker.txn.TxnPartitionRegistrar;
import io.weir.metadata.TopicNames;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.image.TopicImage;
import io.weir.protocol.VersionRange;
import io.weir.storage.TopicPartitionKey;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData.TxnOffsetCommitResponsePartition;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * TxnOffsetCommit (api key 28), versions 0 to 5 (v6 names topics by id, KIP-1319, not yet). The
 * group checks are OffsetCommit's (v3+ carries the member and generation; before, the commit is
 * outside membership); the offsets stay pending for the producer until its transaction's marker
 * reaches the group's {@code __consumer_offsets} partition ({@code AddOffsetsToTxn} put it in the
 * transaction): committed then, dropped on abort. A partition of an unknown topic is
 * UNKNOWN_TOPIC_OR_PARTITION.
 *
 * <p>v5 comes from a transaction version 2 client (KIP-890 part 2), which sends no
 * AddOffsetsToTxn: the group's {@code __consumer_offsets} partition is added to the transaction
 * here first. Older versions come from transaction version 1 clients, which sent AddOffsetsToTxn
 * before: with {@code transaction.partition.verification.enable} the coordinator is asked whether
 * they did (KIP-890 part 1), so that offsets cannot be left pending by a transaction that already
 * ended. A refusal answers every partition with INVALID_PRODUCER_EPOCH (fenced),
 * INVALID_TXN_STATE, INVALID_PRODUCER_ID_MAPPING or, while the transaction coordinator is busy,
 * COORDINATOR_LOAD_IN_PROGRESS (the client retries). Thread-safe.
 */
public final class TxnOffsetCommitHandler implements ApiHandler<TxnOffsetCommitRequestData> {
    public static final VersionRange VERSIONS = VersionRange.of(0, 5);

    private static final short TRANSACTION_V2_VERSION = 5;

    private final GroupCoordinator groups;
    private final TopicManager topics;
    private final Optional<TxnPartitionRegistrar> registrar;
    private final boolean verifyTransactionVersion1;

    /** A handler that does not talk to the transaction coordinator (tests of the group side alone). */
    public TxnOffsetCommitHandler(GroupCoordinator groups, TopicManager topics) {
        this(groups, topics, Optional.empty(), false);
    }

    /**
     * @param registrar how the offsets partition is added to (v5) or checked in (v0-4) the transaction
     * @param verifyTransactionVersion1 {@code transaction.partition.verification.enable}
     */
    public TxnOffsetCommitHandler(GroupCoordinator groups, TopicManager topics, Optional<TxnPartitionRegistrar> registrar,
            boolean verifyTransactionVersion1) {
        this.groups = groups;
        this.topics = topics;
        this.registrar = registrar;
        this.verifyTransactionVersion1 = verifyTransactionVersion1;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.TXN_OFFSET_COMMIT;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, TxnOffsetCommitRequestData request) {
        MetadataImage image = topics.image();
        TxnOffsetCommitResponseData response = new TxnOffsetCommitResponseData();
        Map<TopicPartitionKey, OffsetToCommit> offsets = new LinkedHashMap<>();
        Map<TopicPartitionKey, TxnOffsetCommitResponsePartition> answers = new HashMap<>();
        for (TxnOffsetCommitRequestTopic topic : request.topics()) {
            TxnOffsetCommitResponseTopic topicAnswer = new TxnOffsetCommitResponseTopic().setName(topic.name());
            response.topics().add(topicAnswer);
            Optional<TopicImage> known = image.topics().getTopic(topic.name());
            for (TxnOffsetCommitRequestPartition partition : topic.partitions()) {
                TxnOffsetCommitResponsePartition answer = new TxnOffsetCommitResponsePartition().setPartitionIndex(partition.partitionIndex());
                topicAnswer.partitions().add(answer);
                if (known.isEmpty() || known.get().partition(partition.partitionIndex()).isEmpty()) {
                    answer.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                    continue;
                }
                TopicPartitionKey key = new TopicPartitionKey(topic.name(), partition.partitionIndex());
                offsets.put(key, new OffsetToCommit(partition.committedOffset(), partition.committedLeaderEpoch(),
                        partition.committedMetadata() == null ? "" : partition.committedMetadata()));
                answers.put(key, answer);
            }
        }
        if (offsets.isEmpty()) {
            return Reply.completed(response);
        }
        short version = context.header().apiVersion();
        return addOffsetsPartition(request, version).thenCompose(refusal -> {
            if (refusal != Errors.NONE.code()) {
                answers.values().forEach(answer -> answer.setErrorCode(refusal));
                return CompletableFuture.completedFuture(Reply.respond(response));
            }
            return commit(request, offsets, answers, response);
        });
    }

    /** v5 adds the group's offsets partition to the transaction, v0-4 checks it is there; answers NONE or the code to refuse with. */
    private CompletableFuture<Short> addOffsetsPartition(TxnOffsetCommitRequestData request, short version) {
        boolean add = version >= TRANSACTION_V2_VERSION;
        if (registrar.isEmpty() || (!add && !verifyTransactionVersion1)) {
            return CompletableFuture.completedFuture(Errors.NONE.code());
        }
        TopicPartitionKey offsetsPartition = new TopicPartitionKey(TopicNames.CONSUMER_OFFSETS, groups.partitionFor(request.groupId()));
        return registrar.get().register(request.transactionalId(), request.producerId(), request.producerEpoch(), List.of(offsetsPartition),
                add ? TxnPartitionRegistrar.Operation.ADD : TxnPartitionRegistrar.Operation.VERIFY).thenApply(results -> {
                    TxnError error = results.getOrDefault(offsetsPartition, TxnError.UNKNOWN_SERVER_ERROR);
                    return switch (error) {
                        case NONE -> Errors.NONE.code();
                        case PRODUCER_FENCED -> Errors.INVALID_PRODUCER_EPOCH.code();
                        case CONCURRENT_TRANSACTIONS, NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE, COORDINATOR_LOAD_IN_PROGRESS ->
                                Errors.COORDINATOR_LOAD_IN_PROGRESS.code();
                        default -> error.code();
                    };
                });
    }

    private CompletionStage<Reply> commit(TxnOffsetCommitRequestData request, Map<TopicPartitionKey, OffsetToCommit> offsets,
            Map<TopicPartitionKey, TxnOffsetCommitResponsePartition> answers, TxnOffsetCommitResponseData response) {
        OffsetCommitRequest commit = new OffsetCommitRequest(request.groupId(), request.generationIdOrMemberEpoch(),
                request.memberId() == null ? "" : request.memberId(), GroupRequests.optional(request.groupInstanceId()),
                OptionalLong.empty(), false, offsets);
        return groups.commitTransactionalOffsets(request.producerId(), commit).handle((results, failure) -> {
            answers.forEach((key, answer) -> answer.setErrorCode(failure != null
                    ? GroupRequests.codeOf(failure)
                    : results.getOrDefault(key, GroupError.UNKNOWN_SERVER_ERROR).code()));
            return Reply.respond(response);
        });
    }
}
