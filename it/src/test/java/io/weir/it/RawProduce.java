package io.weir.it;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceDataCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * One Produce request of one transactional batch, written on a plain socket: what no well-behaved
 * client sends on purpose (a batch from a producer whose transaction ended, or that the coordinator
 * never heard of), so the tests can show what the broker does with it.
 */
final class RawProduce {
    private RawProduce() {}

    /** A transactional batch of one record with the given producer, epoch, sequence and timestamp. */
    static MemoryRecords transactionalBatch(long producerId, short epoch, int sequence, long timestampMs, String value) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(512), RecordBatch.CURRENT_MAGIC_VALUE, Compression.NONE,
                TimestampType.CREATE_TIME, 0L, timestampMs, producerId, epoch, sequence, true, RecordBatch.NO_PARTITION_LEADER_EPOCH);
        builder.append(timestampMs, null, value.getBytes(StandardCharsets.UTF_8));
        return builder.build();
    }

    /** Sends the batch at Produce {@code version} (acks=-1) and answers the partition's error code. */
    static short produce(String bootstrapServer, short version, String transactionalId, String topic, int partition, MemoryRecords records)
            throws IOException {
        TopicProduceDataCollection topics = new TopicProduceDataCollection();
        topics.add(new TopicProduceData().setName(topic).setPartitionData(List.of(
                new PartitionProduceData().setIndex(partition).setRecords(records))));
        ProduceRequestData data = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(30_000).setTransactionalId(transactionalId)
                .setTopicData(topics);
        ProduceRequest request = new ProduceRequest.Builder(version, version, data).build(version);
        RequestHeader header = new RequestHeader(ApiKeys.PRODUCE, version, "raw-produce", 1);
        ByteBuffer bytes = request.serializeWithHeader(header);
        String[] hostPort = bootstrapServer.split(",")[0].split(":");
        try (Socket socket = new Socket(hostPort[0], Integer.parseInt(hostPort[1]))) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(ByteBuffer.allocate(4).putInt(bytes.remaining()).array());
            out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] answer = new byte[in.readInt()];
            in.readFully(answer);
            ProduceResponse response = (ProduceResponse) AbstractResponse.parseResponse(ByteBuffer.wrap(answer), header);
            return response.data().responses().iterator().next().partitionResponses().get(0).errorCode();
        }
    }
}
