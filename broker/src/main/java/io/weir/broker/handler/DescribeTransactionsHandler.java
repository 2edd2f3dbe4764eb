package io.weir.broker.handler;

import io.weir.broker.txn.TransactionCoordinator;
import io.weir.broker.txn.TxnException;
import io.weir.broker.txn.TxnMetadata;
import io.weir.protocol.VersionRange;
import io.weir.storage.TopicPartitionKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.DescribeTransactionsRequestData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData.TopicData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData.TransactionState;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * DescribeTransactions (api key 65), version 0 (KIP-664, used by kafka-transactions describe):
 * state, producer id and epoch, timeout, start time and partitions of each id this node
 * coordinates; NOT_COORDINATOR for an id of another node, TRANSACTIONAL_ID_NOT_FOUND for an
 * unknown one. Thread-safe.
 */
public final class DescribeTransactionsHandler implements ApiHandler<DescribeTransactionsRequestData> {
    public static final VersionRange VERSIONS = VersionRange.of(0, 0);

    private final TransactionCoordinator transactions;

    public DescribeTransactionsHandler(TransactionCoordinator transactions) {
        this.transactions = transactions;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_TRANSACTIONS;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, DescribeTransactionsRequestData request) {
        List<CompletableFuture<TransactionState>> pending = new ArrayList<>();
        for (String id : request.transactionalIds()) {
            pending.add(transactions.describe(id).handle((found, failure) -> state(id, found, failure)));
        }
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            DescribeTransactionsResponseData response = new DescribeTransactionsResponseData();
            pending.forEach(future -> response.transactionStates().add(future.join()));
            return Reply.respond(response);
        });
    }

    private static TransactionState state(String id, Optional<TxnMetadata> found, Throwable failure) {
        TransactionState state = new TransactionState().setTransactionalId(id).setTransactionState("").setProducerId(-1)
                .setProducerEpoch((short) -1).setTransactionStartTimeMs(-1);
        if (failure != null) {
            return state.setErrorCode(TxnException.errorOf(failure).code());
        }
        if (found.isEmpty()) {
            return state.setErrorCode(Errors.TRANSACTIONAL_ID_NOT_FOUND.code());
        }
        TxnMetadata m = found.get();
        state.setErrorCode(Errors.NONE.code()).setTransactionState(m.state().kafkaName()).setTransactionTimeoutMs(m.timeoutMs())
                .setTransactionStartTimeMs(m.txnStartTimestampMs()).setProducerId(m.producerId()).setProducerEpoch(m.producerEpoch());
        for (TopicPartitionKey partition : m.partitions()) {
            TopicData topic = state.topics().find(partition.topic());
            if (topic == null) {
                topic = new TopicData().setTopic(partition.topic());
                state.topics().add(topic);
            }
            topic.partitions().add(partition.partition());
        }
        return state;
    }
}
