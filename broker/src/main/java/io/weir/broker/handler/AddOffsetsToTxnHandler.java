package io.weir.broker.handler;

import io.weir.broker.group.GroupCoordinator;
import io.weir.broker.txn.TransactionCoordinator;
import io.weir.metadata.TopicNames;
import io.weir.protocol.VersionRange;
import io.weir.storage.TopicPartitionKey;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddOffsetsToTxnResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * AddOffsetsToTxn (api key 25), versions 0 to 4: adds the group's {@code __consumer_offsets}
 * partition ({@link GroupCoordinator#partitionFor}) to the producer's transaction, so that the
 * transaction's end marker reaches the offsets its TxnOffsetCommit left pending there. Errors as
 * AddPartitionsToTxn (PRODUCER_FENCED is INVALID_PRODUCER_EPOCH before v2). Thread-safe.
 */
public final class AddOffsetsToTxnHandler implements ApiHandler<AddOffsetsToTxnRequestData> {
    public static final VersionRange VERSIONS = VersionRange.of(0, 4);
    private static final int PRODUCER_FENCED_VERSION = 2;

    private final TransactionCoordinator transactions;
    private final GroupCoordinator groups;

    public AddOffsetsToTxnHandler(TransactionCoordinator transactions, GroupCoordinator groups) {
        this.transactions = transactions;
        this.groups = groups;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ADD_OFFSETS_TO_TXN;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, AddOffsetsToTxnRequestData request) {
        if (request.groupId() == null || request.groupId().isEmpty()) {
            return Reply.completed(new AddOffsetsToTxnResponseData().setErrorCode(Errors.INVALID_GROUP_ID.code()));
        }
        short version = context.header().apiVersion();
        TopicPartitionKey offsetsPartition = new TopicPartitionKey(TopicNames.CONSUMER_OFFSETS, groups.partitionFor(request.groupId()));
        return transactions.addPartitions(request.transactionalId(), request.producerId(), request.producerEpoch(), List.of(offsetsPartition))
                .handle((ignored, failure) -> Reply.respond(new AddOffsetsToTxnResponseData().setErrorCode(failure == null
                        ? Errors.NONE.code()
                        : TxnRequests.codeOf(failure, version, PRODUCER_FENCED_VERSION))));
    }
}
