package io.weir.broker.fetch;

import io.weir.metadata.Uuid;
import io.weir.storage.LogConfig;
import io.weir.storage.PartitionLog;
import io.weir.storage.TopicPartitionKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;

/** Real partition logs in a temp directory, served as {@link FetchablePartitions}. Test helper. */
public final class TestPartitions implements FetchablePartitions, AutoCloseable {

    private final Path dir;
    private final Map<TopicPartitionKey, FetchablePartition> byName = new ConcurrentHashMap<>();
    private final Map<String, Uuid> topicIds = new ConcurrentHashMap<>();

    public TestPartitions(Path dir) {
        this.dir = dir;
    }

    /** Creates (or returns) the log of {@code topic}-{@code partition} at leader epoch 0. */
    public PartitionLog create(String topic, int partition) {
        return create(topic, partition, 0, LogConfig.defaults());
    }

    public PartitionLog create(String topic, int partition, int leaderEpoch, LogConfig config) {
        TopicPartitionKey key = new TopicPartitionKey(topic, partition);
        Uuid id = topicIds.computeIfAbsent(topic, t -> Uuid.random());
        PartitionLog log = PartitionLog.open(dir.resolve(key.dirName()), config, Clock.systemUTC(),
                PartitionLog.CLEAN_SHUTDOWN_RECOVERY_POINT, 0);
        byName.put(key, new FetchablePartition(key, id, leaderEpoch, true, log));
        return log;
    }

    /** Replaces the partition's leader epoch (a leader change). */
    public void setLeaderEpoch(String topic, int partition, int leaderEpoch) {
        byName.computeIfPresent(new TopicPartitionKey(topic, partition),
                (k, p) -> new FetchablePartition(k, p.topicId(), leaderEpoch, p.isLeader(), p.log()));
    }

    public Uuid topicId(String topic) {
        return topicIds.get(topic);
    }

    public PartitionLog log(String topic, int partition) {
        return byName.get(new TopicPartitionKey(topic, partition)).log();
    }

    /** Appends one batch of {@code count} records "prefix-i" as leader and raises the high watermark to the log end. */
    public void append(String topic, int partition, String prefix, int count) {
        append(topic, partition, prefix, count, 0);
    }

    public void append(String topic, int partition, String prefix, int count, int valuePaddingBytes) {
        SimpleRecord[] records = new SimpleRecord[count];
        String padding = "x".repeat(valuePaddingBytes);
        for (int i = 0; i < count; i++) {
            records[i] = new SimpleRecord(System.currentTimeMillis(), null, (prefix + "-" + i + padding).getBytes(StandardCharsets.UTF_8));
        }
        ByteBuffer batch = MemoryRecords.withRecords(Compression.NONE, records).buffer();
        FetchablePartition p = byName.get(new TopicPartitionKey(topic, partition));
        p.log().appendAsLeader(batch, p.leaderEpoch());
        p.log().updateHighWatermark(p.log().logEndOffset());
    }

    @Override
    public Optional<FetchablePartition> partition(String topic, int partition) {
        return Optional.ofNullable(byName.get(new TopicPartitionKey(topic, partition)));
    }

    @Override
    public Optional<FetchablePartition> partition(Uuid topicId, int partition) {
        return byName.values().stream().filter(p -> p.topicId().equals(topicId) && p.key().partition() == partition).findFirst();
    }

    @Override
    public void close() {
        byName.values().forEach(p -> p.log().close());
    }
}
