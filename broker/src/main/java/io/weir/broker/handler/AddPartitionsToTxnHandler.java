package io.weir.broker.handler;

import io.weir.broker.topic.TopicManager;
import io.weir.broker.txn.LocalTxnPartitionRegistrar;
import io.weir.broker.txn.TransactionCoordinator;
import io.weir.broker.txn.TxnPartitionRegistrar;
import io.weir.broker.txn.TxnError;
import io.weir.broker.txn.TxnException;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.image.TopicImage;
import io.weir.protocol.VersionRange;
import io.weir.storage.TopicPartitionKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopicCollection;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTransaction;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResult;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnResult;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResult;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResultCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * AddPartitionsToTxn (api key 24), versions 0 to 5.
 *
 * <ul>
 *   <li>v0-3, the client form: one transaction. When a partition does not exist, it gets
 *       UNKNOWN_TOPIC_OR_PARTITION and every other OPERATION_NOT_ATTEMPTED, as in Kafka; otherwise
 *       all partitions get the transaction's outcome (PRODUCER_FENCED is INVALID_PRODUCER_EPOCH
 *       before v2).
 *   <li>v4+, the broker form (KIP-890): a batch of transactions, each either added like the client
 *       form or, with {@code verifyOnly}, checked: NONE for a partition already in the open
 *       transaction, INVALID_TXN_STATE otherwise.
 * </ul>
 *
 * Thread-safe.
 */
public final class AddPartitionsToTxnHandler implements ApiHandler<AddPartitionsToTxnRequestData> {
    public static final VersionRange VERSIONS = VersionRange.of(0, 5);
    private static final int PRODUCER_FENCED_VERSION = 2;
    private static final short BATCHED_VERSION = 4;

    private final TransactionCoordinator transactions;
    private final TopicManager topics;
    private final TxnPartitionRegistrar brokerAdds;

    public AddPartitionsToTxnHandler(TransactionCoordinator transactions, TopicManager topics) {
        this(transactions, topics, new LocalTxnPartitionRegistrar(transactions));
    }

    /**
     * @param brokerAdds adds the partitions of the broker form (v4+, not verify-only) in-process, one
     *     addition per transactional id at a time, so that the leaders of a producer's partitions
     *     do not race each other into CONCURRENT_TRANSACTIONS
     */
    public AddPartitionsToTxnHandler(TransactionCoordinator transactions, TopicManager topics, TxnPartitionRegistrar brokerAdds) {
        this.transactions = transactions;
        this.topics = topics;
        this.brokerAdds = brokerAdds;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ADD_PARTITIONS_TO_TXN;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, AddPartitionsToTxnRequestData request) {
        short version = context.header().apiVersion();
        if (version < BATCHED_VERSION) {
            return addOne(request.v3AndBelowTransactionalId(), request.v3AndBelowProducerId(), request.v3AndBelowProducerEpoch(), false,
                    request.v3AndBelowTopics(), version).thenApply(results -> Reply.respond(
                            new AddPartitionsToTxnResponseData().setResultsByTopicV3AndBelow(results)));
        }
        List<CompletableFuture<AddPartitionsToTxnResult>> pending = new ArrayList<>();
        for (AddPartitionsToTxnTransaction txn : request.transactions()) {
            pending.add(addOne(txn.transactionalId(), txn.producerId(), txn.producerEpoch(), txn.verifyOnly(), txn.topics(), version)
                    .thenApply(results -> new AddPartitionsToTxnResult().setTransactionalId(txn.transactionalId()).setTopicResults(results)));
        }
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            AddPartitionsToTxnResponseData response = new AddPartitionsToTxnResponseData().setErrorCode(Errors.NONE.code());
            pending.forEach(future -> response.resultsByTransaction().add(future.join()));
            return Reply.respond(response);
        });
    }

    private CompletableFuture<AddPartitionsToTxnTopicResultCollection> addOne(String transactionalId, long producerId, short epoch,
            boolean verifyOnly, AddPartitionsToTxnTopicCollection requested, short version) {
        MetadataImage image = topics.image();
        List<TopicPartitionKey> partitions = new ArrayList<>();
        Map<TopicPartitionKey, Short> unknown = new LinkedHashMap<>();
        for (AddPartitionsToTxnTopic topic : requested) {
            Optional<TopicImage> known = image.topics().getTopic(topic.name());
            for (int partition : topic.partitions()) {
                TopicPartitionKey key = new TopicPartitionKey(topic.name(), partition);
                partitions.add(key);
                if (known.isEmpty() || known.get().partition(partition).isEmpty()) {
                    unknown.put(key, Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                }
            }
        }
        if (!unknown.isEmpty()) {
            return CompletableFuture.completedFuture(results(partitions, p -> unknown.getOrDefault(p, Errors.OPERATION_NOT_ATTEMPTED.code())));
        }
        if (verifyOnly) {
            return transactions.verifyPartitions(transactionalId, producerId, epoch, partitions).handle((verified, failure) -> results(
                    partitions, p -> failure != null
                            ? TxnRequests.codeOf(failure, version, PRODUCER_FENCED_VERSION)
                            : TxnRequests.code(verified.getOrDefault(p, TxnError.UNKNOWN_SERVER_ERROR), version, PRODUCER_FENCED_VERSION)));
        }
        if (version >= BATCHED_VERSION) {
            return brokerAdds.register(transactionalId, producerId, epoch, partitions, TxnPartitionRegistrar.Operation.ADD)
                    .thenApply(added -> results(partitions, p -> TxnRequests.code(added.getOrDefault(p, TxnError.UNKNOWN_SERVER_ERROR),
                            version, PRODUCER_FENCED_VERSION)));
        }
        return transactions.addPartitions(transactionalId, producerId, epoch, partitions).handle((ignored, failure) -> {
            short code = failure == null ? Errors.NONE.code() : TxnRequests.code(TxnException.errorOf(failure), version, PRODUCER_FENCED_VERSION);
            return results(partitions, p -> code);
        });
    }

    private static AddPartitionsToTxnTopicResultCollection results(List<TopicPartitionKey> partitions,
            java.util.function.ToIntFunction<TopicPartitionKey> codes) {
        AddPartitionsToTxnTopicResultCollection results = new AddPartitionsToTxnTopicResultCollection();
        for (TopicPartitionKey partition : partitions) {
            AddPartitionsToTxnTopicResult topic = results.find(partition.topic());
            if (topic == null) {
                topic = new AddPartitionsToTxnTopicResult().setName(partition.topic());
                results.add(topic);
            }
            if (topic.resultsByPartition().find(partition.partition()) == null) {
                topic.resultsByPartition().add(new AddPartitionsToTxnPartitionResult().setPartitionIndex(partition.partition())
                        .setPartitionErrorCode((short) codes.applyAsInt(partition)));
            }
        }
        return results;
    }
}
