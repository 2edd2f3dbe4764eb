package io.weir.broker.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.broker.fetch.FetchManager;
import io.weir.broker.fetch.FetchSessionCache;
import io.weir.broker.fetch.TestPartitions;
import io.weir.protocol.EncodedResponse;
import io.weir.protocol.RequestHeader;
import io.weir.protocol.ResponseEncoder;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.requests.FetchResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Fetch v4 to v18 through the handler and the encoder, parsed back by kafka-clients. */
class FetchHandlerTest {

    private static final ConnectionInfo CONNECTION = new ConnectionInfo(1, "PLAINTEXT", "test", new InetSocketAddress(0));

    @TempDir
    Path dir;

    private TestPartitions partitions;
    private FetchHandler handler;

    @BeforeEach
    void setUp() {
        partitions = new TestPartitions(dir);
        partitions.create("orders", 0);
        partitions.append("orders", 0, "v", 3);
        FetchManager manager = new FetchManager(partitions, new FetchSessionCache(10, new java.util.concurrent.atomic.AtomicInteger(41)::incrementAndGet), (task, delayMs) -> () -> {},
                Runnable::run, 10);
        handler = new FetchHandler(manager);
    }

    @AfterEach
    void tearDown() {
        partitions.close();
    }

    static short[] versions() {
        short[] versions = new short[15];
        for (short v = 4; v <= 18; v++) {
            versions[v - 4] = v;
        }
        return versions;
    }

    @ParameterizedTest
    @MethodSource("versions")
    void everyVersionAnswersRecordsAndOffsetsThatKafkaClientsParses(short version) {
        FetchResponseData parsed = roundTrip(version, request(version, "orders", partitions.topicId("orders"), 0));

        FetchResponseData.PartitionData partition = parsed.responses().get(0).partitions().get(0);
        assertThat(partition.errorCode()).isZero();
        assertThat(partition.highWatermark()).isEqualTo(3);
        assertThat(partition.preferredReadReplica()).isEqualTo(-1);
        assertThat(values((Records) partition.records())).containsExactly("v-0", "v-1", "v-2");
        assertThat(parsed.sessionId()).isEqualTo(version >= 7 ? 42 : 0);
        if (version >= 13) {
            assertThat(parsed.responses().get(0).topicId()).isEqualTo(toKafka(partitions.topicId("orders")));
        } else {
            assertThat(parsed.responses().get(0).topic()).isEqualTo("orders");
        }
    }

    @ParameterizedTest
    @MethodSource("versions")
    void unknownTopicsAndFencedEpochsGetTheirErrors(short version) {
        io.weir.metadata.Uuid unknownId = io.weir.metadata.Uuid.random();
        FetchResponseData unknown = roundTrip(version, request(version, "nope", unknownId, 0));
        short expected = version >= 13 ? Errors.UNKNOWN_TOPIC_ID.code() : Errors.UNKNOWN_TOPIC_OR_PARTITION.code();
        assertThat(unknown.responses().get(0).partitions().get(0).errorCode()).isEqualTo(expected);

        if (version >= 9) {
            partitions.setLeaderEpoch("orders", 0, 3);
            FetchRequestData fenced = request(version, "orders", partitions.topicId("orders"), 0);
            fenced.topics().get(0).partitions().get(0).setCurrentLeaderEpoch(2);
            FetchResponseData.PartitionData partition = roundTrip(version, fenced).responses().get(0).partitions().get(0);
            assertThat(partition.errorCode()).isEqualTo(Errors.FENCED_LEADER_EPOCH.code());
            if (version >= 12) {
                assertThat(partition.currentLeader().leaderId()).isEqualTo(1);
                assertThat(partition.currentLeader().leaderEpoch()).isEqualTo(3);
            }
        }
    }

    private FetchResponseData roundTrip(short version, FetchRequestData request) {
        RequestHeader header = new RequestHeader(ApiKeys.FETCH, version, 9, "c", ApiKeys.FETCH.requestHeaderVersion(version));
        Reply reply = handler.handle(new RequestContext(header, CONNECTION), request).toCompletableFuture().join();
        EncodedResponse encoded = new ResponseEncoder().encode(header, ((Reply.Respond) reply).body());
        ByteBuffer wire = encoded.toByteBuffer();
        encoded.release();
        wire.getInt();
        wire.getInt();
        if (ApiKeys.FETCH.responseHeaderVersion(version) >= 1) {
            wire.get();
        }
        return FetchResponse.parse(new ByteBufferAccessor(wire), version).data();
    }

    private static FetchRequestData request(short version, String topic, io.weir.metadata.Uuid topicId, long offset) {
        FetchRequestData.FetchTopic fetchTopic = new FetchRequestData.FetchTopic();
        if (version >= 13) {
            fetchTopic.setTopicId(toKafka(topicId));
        } else {
            fetchTopic.setTopic(topic);
        }
        fetchTopic.partitions().add(new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(offset)
                .setPartitionMaxBytes(1 << 20));
        FetchRequestData request = new FetchRequestData().setMaxWaitMs(0).setMinBytes(0).setMaxBytes(1 << 20)
                .setSessionId(0).setSessionEpoch(version >= 7 ? 0 : -1);
        request.topics().add(fetchTopic);
        return request;
    }

    private static Uuid toKafka(io.weir.metadata.Uuid id) {
        return new Uuid(id.mostSignificantBits(), id.leastSignificantBits());
    }

    private static List<String> values(Records records) {
        List<String> values = new ArrayList<>();
        for (RecordBatch batch : records.batches()) {
            for (Record record : batch) {
                byte[] bytes = new byte[record.valueSize()];
                record.value().get(bytes);
                values.add(new String(bytes, StandardCharsets.UTF_8));
            }
        }
        return values;
    }
}
