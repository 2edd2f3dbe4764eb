package io.weir.broker.handler;

import io.weir.broker.fetch.FetchManager;
import io.weir.broker.fetch.FetchRequest;
import io.weir.broker.fetch.FetchResponse;
import io.weir.broker.fetch.PartitionFetch;
import io.weir.broker.fetch.PartitionId;
import io.weir.broker.fetch.PartitionResult;
import io.weir.protocol.SliceRecords;
import io.weir.protocol.VersionRange;
import io.weir.storage.AbortedTxn;
import io.weir.storage.LogSlice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.FetchResponseData.FetchableTopicResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * Fetch (api key 1), versions 4 to 18: the whole range Kafka 4.4 parses. Topics by name up to
 * v12, by id from v13 (UNKNOWN_TOPIC_ID); incremental fetch sessions from v7 (KIP-227); current
 * leader epoch fencing from v9; tagged diverging epoch and current leader from v12; the replica
 * id moves into the tagged replica state at v15. From v11 the consumer's rack is read and, with a
 * replica selector configured, a leader may name a preferred read replica (KIP-392). The last
 * stable offset is reported at both isolation levels; aborted transactions are null for
 * read_uncommitted and, for read_committed, the producer id and first offset of every aborted
 * transaction overlapping the returned range (KIP-98). Node endpoints (v16+) are not sent.
 *
 * <p>Record bytes are not copied: each partition's log slice becomes a {@link SliceRecords} that
 * the transport sends from the segment file, releasing the slice once written.
 *
 * <p>Thread-safe; the reads and the waiting happen in {@link FetchManager}.
 */
public final class FetchHandler implements ApiHandler<FetchRequestData> {

    private static final VersionRange VERSIONS = VersionRange.of(4, 18);
    private static final short FIRST_TOPIC_ID_VERSION = 13;
    private static final short FIRST_REPLICA_STATE_VERSION = 15;
    private static final short FIRST_TAGGED_LEADER_VERSION = 12;
    private static final short FIRST_RACK_ID_VERSION = 11;
    private static final byte READ_COMMITTED = 1;

    private final FetchManager fetchManager;

    public FetchHandler(FetchManager fetchManager) {
        this.fetchManager = fetchManager;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.FETCH;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, FetchRequestData request) {
        short version = context.header().apiVersion();
        FetchRequest fetch = toFetchRequest(request, version);
        int nodeId = context.connection().nodeId();
        return fetchManager.fetch(fetch).thenApply(response -> {
            try {
                return Reply.respond(toResponseData(response, version, fetch.readCommitted(), nodeId));
            } catch (RuntimeException e) {
                response.release();
                throw e;
            }
        });
    }

    static FetchRequest toFetchRequest(FetchRequestData request, short version) {
        boolean byId = version >= FIRST_TOPIC_ID_VERSION;
        int replicaId = version >= FIRST_REPLICA_STATE_VERSION ? request.replicaState().replicaId() : request.replicaId();
        List<PartitionFetch> partitions = new ArrayList<>();
        for (FetchRequestData.FetchTopic topic : request.topics()) {
            for (FetchRequestData.FetchPartition p : topic.partitions()) {
                PartitionId id = byId ? PartitionId.byId(toWeir(topic.topicId()), p.partition()) : PartitionId.byName(topic.topic(), p.partition());
                partitions.add(new PartitionFetch(id, p.fetchOffset(), p.currentLeaderEpoch(), p.lastFetchedEpoch(), p.partitionMaxBytes()));
            }
        }
        List<PartitionId> forgotten = new ArrayList<>();
        for (FetchRequestData.ForgottenTopic topic : request.forgottenTopicsData()) {
            for (int partition : topic.partitions()) {
                forgotten.add(byId ? PartitionId.byId(toWeir(topic.topicId()), partition) : PartitionId.byName(topic.topic(), partition));
            }
        }
        Optional<String> clientRackId = version >= FIRST_RACK_ID_VERSION
                ? Optional.of(request.rackId() == null ? "" : request.rackId())
                : Optional.empty();
        return new FetchRequest(replicaId, request.maxWaitMs(), request.minBytes(), request.maxBytes(),
                request.isolationLevel() == READ_COMMITTED, request.sessionId(), request.sessionEpoch(), byId, partitions, forgotten,
                clientRackId);
    }

    static FetchResponseData toResponseData(FetchResponse response, short version, boolean readCommitted, int nodeId) {
        FetchResponseData data = new FetchResponseData().setThrottleTimeMs(0).setErrorCode(response.errorCode())
                .setSessionId(response.sessionId());
        Map<String, FetchableTopicResponse> topics = new LinkedHashMap<>();
        for (PartitionResult result : response.partitions()) {
            PartitionId id = result.id();
            String key = id.usesTopicId() ? id.topicId().toString() : id.topic();
            FetchableTopicResponse topic = topics.computeIfAbsent(key, k -> new FetchableTopicResponse()
                    .setTopic(id.usesTopicId() ? "" : id.topic())
                    .setTopicId(id.usesTopicId() ? toKafka(id.topicId()) : Uuid.ZERO_UUID));
            topic.partitions().add(toPartitionData(result, version, readCommitted, nodeId));
        }
        data.setResponses(new ArrayList<>(topics.values()));
        return data;
    }

    private static FetchResponseData.PartitionData toPartitionData(PartitionResult result, short version, boolean readCommitted,
            int nodeId) {
        FetchResponseData.PartitionData partition = new FetchResponseData.PartitionData()
                .setPartitionIndex(result.id().partition())
                .setErrorCode(result.errorCode())
                .setHighWatermark(result.highWatermark())
                .setLastStableOffset(result.lastStableOffset())
                .setLogStartOffset(result.logStartOffset())
                .setAbortedTransactions(readCommitted ? abortedTransactions(result) : null)
                .setPreferredReadReplica(result.preferredReadReplica().orElse(-1))
                .setRecords(toRecords(result.records()));
        if (version < FIRST_TAGGED_LEADER_VERSION) {
            return partition;
        }
        result.divergingEpoch().ifPresent(epoch -> partition.divergingEpoch()
                .setEpoch(epoch.leaderEpoch()).setEndOffset(epoch.endOffset()));
        result.currentLeaderEpoch().ifPresent(epoch -> partition.currentLeader().setLeaderId(nodeId).setLeaderEpoch(epoch));
        return partition;
    }

    private static List<FetchResponseData.AbortedTransaction> abortedTransactions(PartitionResult result) {
        List<FetchResponseData.AbortedTransaction> aborted = new ArrayList<>();
        for (AbortedTxn txn : result.abortedTransactions().orElse(List.of())) {
            aborted.add(new FetchResponseData.AbortedTransaction().setProducerId(txn.producerId())
                    .setFirstOffset(txn.firstOffset()));
        }
        return aborted;
    }

    private static BaseRecords toRecords(LogSlice slice) {
        if (slice.isEmpty()) {
            return MemoryRecords.EMPTY;
        }
        return SliceRecords.of(slice.channel(), slice.position(), slice.sizeInBytes(), slice::release);
    }

    private static io.weir.metadata.Uuid toWeir(Uuid id) {
        return new io.weir.metadata.Uuid(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }

    private static Uuid toKafka(io.weir.metadata.Uuid id) {
        return new Uuid(id.mostSignificantBits(), id.leastSignificantBits());
    }
}
