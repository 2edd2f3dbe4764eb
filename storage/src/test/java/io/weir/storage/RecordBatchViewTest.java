package io.weir.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.storage.errors.CorruptRecordException;
import io.weir.storage.errors.InvalidRecordException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.junit.jupiter.api.Test;

class RecordBatchViewTest {
    private static final long T0 = 1_700_000_000_000L;

    @Test
    void readsTheSameHeaderFieldsAsKafkaClients() {
        ByteBuffer buffer = Batches.idempotentBatch(77, (short) 3, 12, T0, 4);
        RecordBatchView view = new RecordBatchView(buffer, 0);
        MutableRecordBatch kafka = MemoryRecords.readableRecords(buffer.duplicate()).batches().iterator().next();
        assertThat(view.baseOffset()).isEqualTo(kafka.baseOffset());
        assertThat(view.lastOffset()).isEqualTo(kafka.lastOffset());
        assertThat(view.sizeInBytes()).isEqualTo(kafka.sizeInBytes());
        assertThat(view.magic()).isEqualTo(kafka.magic());
        assertThat(view.crc()).isEqualTo(kafka.checksum());
        assertThat(view.computeCrc()).isEqualTo(kafka.checksum());
        assertThat(view.maxTimestamp()).isEqualTo(kafka.maxTimestamp());
        assertThat(view.baseTimestamp()).isEqualTo(T0);
        assertThat(view.producerId()).isEqualTo(77);
        assertThat(view.producerEpoch()).isEqualTo((short) 3);
        assertThat(view.baseSequence()).isEqualTo(12);
        assertThat(view.recordsCount()).isEqualTo(4);
        assertThat(view.isTransactional()).isFalse();
        assertThat(view.isControl()).isFalse();
        assertThat(view.compressionCodec()).isZero();
        view.validateFromProducer(1 << 20);
    }

    @Test
    void brokerFieldsRewriteKeepsTheBatchValidForKafkaClients() {
        ByteBuffer buffer = Batches.batch(Compression.gzip().build(), T0, 5, 20);
        RecordBatchView view = new RecordBatchView(buffer, 0);
        view.setBaseOffset(1000);
        view.setPartitionLeaderEpoch(9);
        view.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, T0 + 999);
        view.validate();
        MutableRecordBatch kafka = MemoryRecords.readableRecords(buffer.duplicate()).batches().iterator().next();
        kafka.ensureValid();
        assertThat(kafka.baseOffset()).isEqualTo(1000);
        assertThat(kafka.partitionLeaderEpoch()).isEqualTo(9);
        assertThat(kafka.timestampType()).isEqualTo(org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME);
        assertThat(kafka.maxTimestamp()).isEqualTo(T0 + 999);
        assertThat(view.compressionCodec()).isEqualTo(1);
    }

    @Test
    void validateRejectsCorruption() {
        ByteBuffer flipped = Batches.batch(T0, 2);
        flipped.put(40, (byte) (flipped.get(40) ^ 1));
        assertThatThrownBy(() -> new RecordBatchView(flipped, 0).validate()).isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("CRC");

        ByteBuffer badMagic = Batches.batch(T0, 2);
        badMagic.put(RecordBatchView.MAGIC_OFFSET, (byte) 7);
        assertThatThrownBy(() -> new RecordBatchView(badMagic, 0).validate()).isInstanceOf(CorruptRecordException.class);

        ByteBuffer oldMagic = Batches.batch(T0, 2);
        oldMagic.put(RecordBatchView.MAGIC_OFFSET, (byte) 1);
        assertThatThrownBy(() -> new RecordBatchView(oldMagic, 0).validate()).isInstanceOf(InvalidRecordException.class);

        ByteBuffer tooLong = Batches.batch(T0, 2);
        tooLong.putInt(RecordBatchView.LENGTH_OFFSET, tooLong.remaining());
        assertThatThrownBy(() -> new RecordBatchView(tooLong, 0).validate()).isInstanceOf(CorruptRecordException.class);
    }

    @Test
    void producerChecksFollowKafka() {
        ByteBuffer deltaMismatch = Batches.batch(T0, 3);
        RecordBatchView view = new RecordBatchView(deltaMismatch, 0);
        deltaMismatch.putInt(RecordBatchView.LAST_OFFSET_DELTA_OFFSET, 5);
        view.setMaxTimestamp(TimestampType.CREATE_TIME, view.maxTimestamp() + 1);
        view.validate();
        assertThatThrownBy(() -> view.validateFromProducer(1 << 20)).isInstanceOf(InvalidRecordException.class);

        ByteBuffer control = Batches.batch(T0, 1);
        RecordBatchView controlView = new RecordBatchView(control, 0);
        control.putShort(RecordBatchView.ATTRIBUTES_OFFSET, (short) 0x20);
        controlView.setMaxTimestamp(TimestampType.CREATE_TIME, controlView.maxTimestamp() + 1);
        assertThatThrownBy(() -> controlView.validateFromProducer(1 << 20)).isInstanceOf(InvalidRecordException.class);
    }

    @Test
    void iteratorStopsCleanlyOnAPartialTrailingBatch() {
        ByteBuffer three = Batches.concat(Batches.batch(T0, 1), Batches.batch(T0, 2), Batches.batch(T0, 3));
        for (int cut = 0; cut < 30; cut++) {
            ByteBuffer partial = three.duplicate().limit(three.limit() - 1 - cut * 3);
            List<Integer> counts = new ArrayList<>();
            for (Iterator<RecordBatchView> it = RecordBatchView.batches(partial); it.hasNext(); ) {
                counts.add(it.next().recordsCount());
            }
            assertThat(counts).containsExactly(1, 2);
        }
        assertThat(RecordBatchView.validBytes(three)).isEqualTo(three.remaining());
        assertThat(RecordBatchView.validBytes(three.duplicate().limit(10))).isZero();
    }
}
