package io.weir.broker.handler;

import io.weir.broker.replica.PartitionError;
import io.weir.broker.replica.ProduceResult;
import io.weir.broker.replica.ReplicaManager;
import io.weir.broker.txn.TxnProduceVerifier;
import io.weir.protocol.VersionRange;
import io.weir.storage.TopicPartitionKey;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidRequiredAcksException;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ProduceResponseData.BatchIndexAndErrorMessage;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData.TopicProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * Produce (api key 0), versions 3 to 13: the versions kafka-clients 4.4 parses (Kafka 4.4
 * advertises 0 to 13 for librdkafka's sake, KAFKA-18659, but refuses 0 to 2). v13 names topics
 * by id (KIP-516; an unknown id is UNKNOWN_TOPIC_ID). acks must be 0, 1 or -1
 * (INVALID_REQUIRED_ACKS otherwise); acks=0 sends no response, after the append finished, since
 * the records live in the request. acks=1 answers after the leader's append; acks=-1 once the
 * ISR has the records (the high watermark passed them) or after the request's timeout
 * (REQUEST_TIMED_OUT), with NOT_ENOUGH_REPLICAS when the ISR is below min.insync.replicas.
 * Per-partition checks and the append are {@link ReplicaManager}'s; one partition's error never
 * fails another. A transactional batch is appended only once {@link TxnProduceVerifier} put its
 * partition in the producer's transaction (v12+, transaction version 2) or found it there (older
 * versions, KIP-890 part 1). Stateless and thread-safe.
 */
public final class ProduceHandler implements ApiHandler<ProduceRequestData> {
    public static final VersionRange VERSIONS = VersionRange.of(3, 13);
    private static final short TOPIC_ID_VERSION = 13;
    private static final short ZSTD_VERSION = 7;

    private final ReplicaManager replicaManager;
    private final Optional<TxnProduceVerifier> txnVerifier;

    /** A handler without transaction checks (tests of the produce path alone). */
    public ProduceHandler(ReplicaManager replicaManager) {
        this(replicaManager, Optional.empty());
    }

    public ProduceHandler(ReplicaManager replicaManager, Optional<TxnProduceVerifier> txnVerifier) {
        this.replicaManager = replicaManager;
        this.txnVerifier = txnVerifier;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.PRODUCE;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, ProduceRequestData request) {
        short acks = request.acks();
        if (acks != 0 && acks != 1 && acks != -1) {
            throw new InvalidRequiredAcksException("acks must be 0, 1 or -1, got " + acks);
        }
        short version = context.header().apiVersion();
        boolean byTopicId = version >= TOPIC_ID_VERSION;
        Map<TopicPartitionKey, ByteBuffer> appends = new LinkedHashMap<>();
        for (TopicProduceData topic : request.topicData()) {
            Optional<String> name = byTopicId ? replicaManager.topicName(toWeir(topic.topicId())) : Optional.of(topic.name());
            name.ifPresent(n -> topic.partitionData().forEach(p -> appends.put(new TopicPartitionKey(n, p.index()), buffer(p))));
        }
        return append(request.transactionalId(), version, appends, acks, request.timeoutMs())
                .thenApply(results -> acks == 0 ? Reply.none() : Reply.respond(response(request, byTopicId, results)));
    }

    /** Appends what the transaction checks allow; a refused partition answers the check's error. */
    private CompletableFuture<Map<TopicPartitionKey, ProduceResult>> append(String transactionalId, short version,
            Map<TopicPartitionKey, ByteBuffer> appends, short acks, int timeoutMs) {
        if (transactionalId == null || txnVerifier.isEmpty()) {
            return replicaManager.appendRecords(appends, version >= ZSTD_VERSION, acks, timeoutMs);
        }
        return txnVerifier.get().check(transactionalId, version, appends).thenCompose(checked -> {
            Map<TopicPartitionKey, ByteBuffer> allowed = new LinkedHashMap<>(appends);
            allowed.keySet().removeAll(checked.refused().keySet());
            return replicaManager.appendRecords(allowed, version >= ZSTD_VERSION, acks, timeoutMs, checked.verifications())
                    .thenApply(results -> {
                        Map<TopicPartitionKey, ProduceResult> all = new LinkedHashMap<>(results);
                        checked.refused().forEach((key, code) -> all.put(key, ProduceResult.error(code, -1, List.of(), Optional.empty())));
                        return all;
                    });
        });
    }

    private ProduceResponseData response(ProduceRequestData request, boolean byTopicId, Map<TopicPartitionKey, ProduceResult> results) {
        ProduceResponseData response = new ProduceResponseData();
        for (TopicProduceData topic : request.topicData()) {
            Optional<String> name = byTopicId ? replicaManager.topicName(toWeir(topic.topicId())) : Optional.of(topic.name());
            TopicProduceResponse topicResponse = new TopicProduceResponse().setName(byTopicId ? "" : topic.name()).setTopicId(topic.topicId());
            for (PartitionProduceData partition : topic.partitionData()) {
                ProduceResult result = name.map(n -> results.get(new TopicPartitionKey(n, partition.index())))
                        .orElse(ProduceResult.error(PartitionError.UNKNOWN_TOPIC_ID.code(), -1, List.of(), Optional.empty()));
                topicResponse.partitionResponses().add(partitionResponse(partition.index(), result));
            }
            response.responses().add(topicResponse);
        }
        return response;
    }

    private static PartitionProduceResponse partitionResponse(int index, ProduceResult result) {
        PartitionProduceResponse response = new PartitionProduceResponse()
                .setIndex(index)
                .setErrorCode(result.errorCode())
                .setBaseOffset(result.baseOffset())
                .setLogAppendTimeMs(result.logAppendTimeMs())
                .setLogStartOffset(result.logStartOffset())
                .setErrorMessage(result.errorMessage().orElse(null));
        for (ProduceResult.RecordError error : result.recordErrors()) {
            response.recordErrors().add(new BatchIndexAndErrorMessage().setBatchIndex(error.batchIndex()).setBatchIndexErrorMessage(error.message()));
        }
        return response;
    }

    private static ByteBuffer buffer(PartitionProduceData partition) {
        BaseRecords records = partition.records();
        return records instanceof MemoryRecords memory ? memory.buffer() : ByteBuffer.allocate(0);
    }

    static io.weir.metadata.Uuid toWeir(Uuid id) {
        return new io.weir.metadata.Uuid(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }
}
