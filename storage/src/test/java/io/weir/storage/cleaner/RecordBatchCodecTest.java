package io.weir.storage.cleaner;

import static io.weir.storage.cleaner.KeyedBatches.kv;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.storage.RecordBatchView;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RecordBatchCodecTest {
    private static final long TIMESTAMP = 1_700_000_000_000L;
    private static final List<KeyedBatches.Kv> RECORDS = List.of(kv("a", "1"), kv("b", null), kv("c", "3".repeat(300)),
            kv("a", "4"), kv(null, "keyless"));

    static Stream<Compression> codecs() {
        return KeyedBatches.CODECS.stream();
    }

    private static RecordBatchView view(ByteBuffer batch, long baseOffset) {
        RecordBatchView view = new RecordBatchView(batch, 0);
        view.setBaseOffset(baseOffset);
        return view;
    }

    @ParameterizedTest
    @MethodSource("codecs")
    void readsEveryRecordOfEachCodec(Compression compression) {
        RecordBatchView batch = view(KeyedBatches.batch(compression, TIMESTAMP, RECORDS), 100);

        List<LogRecord> records = RecordBatchCodec.records(batch);

        assertThat(records).extracting(LogRecord::offset).containsExactly(100L, 101L, 102L, 103L, 104L);
        assertThat(records).extracting(LogRecord::timestampMs)
                .containsExactly(TIMESTAMP, TIMESTAMP + 1, TIMESTAMP + 2, TIMESTAMP + 3, TIMESTAMP + 4);
        assertThat(records).extracting(r -> r.key().map(RecordBatchCodecTest::text).orElse(null))
                .containsExactly("a", "b", "c", "a", null);
        assertThat(records).extracting(r -> r.value().map(RecordBatchCodecTest::text).orElse(null))
                .containsExactly("1", null, "3".repeat(300), "4", "keyless");
        assertThat(records.get(1).isTombstone()).isTrue();
        assertThat(RecordBatchCodec.hasRecordWithoutKey(batch)).isTrue();
    }

    @ParameterizedTest
    @MethodSource("codecs")
    void rewrittenBatchIsReadByKafkaClientsWithTheSameOffsetsAndProducerFields(Compression compression) {
        ByteBuffer original = KeyedBatches.batch(compression, TIMESTAMP, RECORDS);
        RecordBatchView batch = view(original, 100);
        List<LogRecord> all = RecordBatchCodec.records(batch);

        ByteBuffer rewritten = RecordBatchCodec.rewrite(batch, List.of(all.get(1), all.get(3)), OptionalLong.empty());

        RecordBatch parsed = MemoryRecords.readableRecords(rewritten).batches().iterator().next();
        parsed.ensureValid();
        assertThat(parsed.baseOffset()).isEqualTo(100);
        assertThat(parsed.lastOffset()).isEqualTo(104);
        assertThat(parsed.compressionType().id).isEqualTo(compression.type().id);
        assertThat(parsed.countOrNull()).isEqualTo(2);
        assertThat(parsed.maxTimestamp()).isEqualTo(TIMESTAMP + 3);
        assertThat(parsed.deleteHorizonMs()).isEmpty();
        assertThat(KeyedBatches.parse(rewritten)).containsExactly(
                new KeyedBatches.Parsed(101, TIMESTAMP + 1, "b", null, 1),
                new KeyedBatches.Parsed(103, TIMESTAMP + 3, "a", "4", 1));
    }

    @ParameterizedTest
    @MethodSource("codecs")
    void deleteHorizonIsVisibleToKafkaClientsAndKeepsRecordTimestamps(Compression compression) {
        RecordBatchView batch = view(KeyedBatches.batch(compression, TIMESTAMP, RECORDS), 7);
        List<LogRecord> all = RecordBatchCodec.records(batch);
        long horizon = TIMESTAMP + 86_400_000L;

        ByteBuffer rewritten = RecordBatchCodec.rewrite(batch, all.subList(0, 3), OptionalLong.of(horizon));

        RecordBatch parsed = MemoryRecords.readableRecords(rewritten.duplicate()).batches().iterator().next();
        parsed.ensureValid();
        assertThat(parsed.deleteHorizonMs()).hasValue(horizon);
        assertThat(KeyedBatches.parse(rewritten)).extracting(KeyedBatches.Parsed::timestamp)
                .containsExactly(TIMESTAMP, TIMESTAMP + 1, TIMESTAMP + 2);
        RecordBatchView again = new RecordBatchView(rewritten, 0);
        assertThat(RecordBatchCodec.deleteHorizonMs(again)).hasValue(horizon);
        assertThat(RecordBatchCodec.records(again)).extracting(LogRecord::timestampMs)
                .containsExactly(TIMESTAMP, TIMESTAMP + 1, TIMESTAMP + 2);
    }

    @Test
    void emptyBatchKeepsTheProducersSequenceRange() {
        ByteBuffer original = KeyedBatches.idempotentBatch(42, (short) 3, 10, TIMESTAMP, kv("a", "1"), kv("b", "2"));
        RecordBatchView batch = view(original, 50);

        ByteBuffer empty = RecordBatchCodec.emptyBatch(batch);

        RecordBatch parsed = MemoryRecords.readableRecords(empty).batches().iterator().next();
        parsed.ensureValid();
        assertThat(parsed.countOrNull()).isZero();
        assertThat(parsed.baseOffset()).isEqualTo(50);
        assertThat(parsed.lastOffset()).isEqualTo(51);
        assertThat(parsed.producerId()).isEqualTo(42);
        assertThat(parsed.producerEpoch()).isEqualTo((short) 3);
        assertThat(parsed.baseSequence()).isEqualTo(10);
        assertThat(parsed.lastSequence()).isEqualTo(11);
    }

    @Test
    void batchesWithKeysOnlyAreAccepted() {
        RecordBatchView batch = view(KeyedBatches.batch(TIMESTAMP, kv("a", "1"), kv("b", null)), 0);
        assertThat(RecordBatchCodec.hasRecordWithoutKey(batch)).isFalse();
    }

    private static String text(ByteBuffer buffer) {
        return StandardCharsets.UTF_8.decode(buffer.duplicate()).toString();
    }
}
