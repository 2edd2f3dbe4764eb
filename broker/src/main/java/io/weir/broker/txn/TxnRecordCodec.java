package io.weir.broker.txn;

import io.weir.storage.TopicPartitionKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The bytes of {@code __transaction_state} records (big-endian; strings are an int16 length and
 * UTF-8 bytes).
 *
 * <pre>
 * key   := version int16 (0), transactional id string
 * value := version int16 ({@value #VALUE_VERSION}), producer id int64, previous producer id int64,
 *          producer epoch int16, last producer epoch int16, timeout ms int32, state int8
 *          ({@link TxnState#id()}), txn start ms int64, last update ms int64,
 *          client transaction version int16, topic count int32,
 *          per topic: name string, partition count int32, partitions int32...
 * </pre>
 *
 * The key layout is Kafka's (version 0 + id), so compaction and Kafka's tools agree on which
 * records belong together; the value layout is Weir's own and versioned. Stateless, thread-safe.
 */
public final class TxnRecordCodec {
    private static final short KEY_VERSION = 0;
    static final short VALUE_VERSION = 0x100;

    private TxnRecordCodec() {}

    public static byte[] key(TxnRecord record) {
        byte[] id = record.transactionalId().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + id.length).putShort(KEY_VERSION).putShort((short) id.length).put(id).array();
    }

    public static Optional<byte[]> value(TxnRecord record) {
        return record.value().map(TxnRecordCodec::encodeValue);
    }

    private static byte[] encodeValue(TxnMetadata m) {
        Map<String, List<Integer>> byTopic = new TreeMap<>();
        m.partitions().forEach(p -> byTopic.computeIfAbsent(p.topic(), t -> new ArrayList<>()).add(p.partition()));
        int size = 2 + 8 + 8 + 2 + 2 + 4 + 1 + 8 + 8 + 2 + 4;
        List<byte[]> names = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> topic : byTopic.entrySet()) {
            byte[] name = topic.getKey().getBytes(StandardCharsets.UTF_8);
            names.add(name);
            size += 2 + name.length + 4 + 4 * topic.getValue().size();
        }
        ByteBuffer out = ByteBuffer.allocate(size).putShort(VALUE_VERSION).putLong(m.producerId()).putLong(m.previousProducerId())
                .putShort(m.producerEpoch()).putShort(m.lastProducerEpoch()).putInt(m.timeoutMs()).put(m.state().id())
                .putLong(m.txnStartTimestampMs()).putLong(m.lastUpdateTimestampMs()).putShort(m.clientTransactionVersion())
                .putInt(byTopic.size());
        int i = 0;
        for (List<Integer> partitions : byTopic.values()) {
            byte[] name = names.get(i++);
            out.putShort((short) name.length).put(name).putInt(partitions.size());
            partitions.stream().sorted().forEach(out::putInt);
        }
        return out.array();
    }

    /**
     * The record for a key and value read back.
     *
     * @throws IllegalArgumentException for a key or value version this code does not know
     */
    public static TxnRecord decode(ByteBuffer key, Optional<ByteBuffer> value) {
        ByteBuffer k = key.duplicate();
        short keyVersion = k.getShort();
        if (keyVersion != KEY_VERSION) {
            throw new IllegalArgumentException("unknown __transaction_state key version " + keyVersion);
        }
        String id = string(k);
        return new TxnRecord(id, value.map(v -> decodeValue(id, v.duplicate())));
    }

    private static TxnMetadata decodeValue(String id, ByteBuffer in) {
        short version = in.getShort();
        if (version != VALUE_VERSION) {
            throw new IllegalArgumentException("unknown __transaction_state value version " + version);
        }
        long producerId = in.getLong();
        long previousProducerId = in.getLong();
        short epoch = in.getShort();
        short lastEpoch = in.getShort();
        int timeoutMs = in.getInt();
        TxnState state = TxnState.ofId(in.get());
        long startMs = in.getLong();
        long updateMs = in.getLong();
        short txnVersion = in.getShort();
        int topics = in.getInt();
        Set<TopicPartitionKey> partitions = new HashSet<>();
        for (int t = 0; t < topics; t++) {
            String topic = string(in);
            int count = in.getInt();
            for (int p = 0; p < count; p++) {
                partitions.add(new TopicPartitionKey(topic, in.getInt()));
            }
        }
        return new TxnMetadata(id, producerId, previousProducerId, epoch, lastEpoch, timeoutMs, state, partitions, startMs, updateMs,
                txnVersion);
    }

    private static String string(ByteBuffer in) {
        byte[] bytes = new byte[in.getShort()];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
