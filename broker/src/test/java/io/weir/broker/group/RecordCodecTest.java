package io.weir.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.broker.group.CoordinatorRecord.GroupMetadata;
import io.weir.broker.group.CoordinatorRecord.OffsetCommit;
import io.weir.storage.RecordBatchView;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The record format of __consumer_offsets: round trips through real v2 batches, keys that compaction can use. */
class RecordCodecTest {

    private static List<CoordinatorRecord> roundTrip(List<CoordinatorRecord> records) {
        ByteBuffer batch = RecordBatches.encode(records, 123L);
        new RecordBatchView(batch, 0).validate();
        List<CoordinatorRecord> decoded = new ArrayList<>();
        assertThat(RecordBatches.decode(batch.duplicate(), decoded::add)).isEqualTo(records.size());
        return decoded;
    }

    @Test
    void offsetsAndTombstonesRoundTrip() {
        OffsetCommit offset = new OffsetCommit("g", "orders", 7,
                Optional.of(new CommittedOffset(42, 3, "meta", 1000, OptionalLong.of(5000))));
        OffsetCommit tombstone = new OffsetCommit("g", "orders", 7, Optional.empty());
        GroupMetadata groupTombstone = new GroupMetadata("g", Optional.empty());
        assertThat(roundTrip(List.of(offset, tombstone, groupTombstone))).containsExactly(offset, tombstone, groupTombstone);
    }

    @Test
    void groupMetadataRoundTripsWithItsMembers() {
        GroupSnapshot snapshot = new GroupSnapshot("consumer", 5, Optional.of("range"), Optional.of("m1"), 99L, List.of(
                new GroupSnapshot.MemberSnapshot("m1", Optional.of("i1"), "client", "/10.0.0.1", 30_000, 10_000, new byte[] {1, 2},
                        new byte[] {3}),
                new GroupSnapshot.MemberSnapshot("m2", Optional.empty(), "client", "/10.0.0.2", 30_000, 10_000, new byte[0],
                        new byte[0])));
        GroupMetadata decoded = (GroupMetadata) roundTrip(List.of(new GroupMetadata("g", Optional.of(snapshot)))).get(0);
        GroupSnapshot back = decoded.value().orElseThrow();
        assertThat(back).usingRecursiveComparison().isEqualTo(snapshot);
    }

    @Test
    void keysIdentifyExactlyWhatCompactionMustKeepOnePerOf() {
        byte[] a = RecordCodec.key(new OffsetCommit("g", "t", 1, Optional.empty()));
        byte[] b = RecordCodec.key(new OffsetCommit("g", "t", 1, Optional.of(new CommittedOffset(1, -1, "", 0, OptionalLong.empty()))));
        byte[] c = RecordCodec.key(new OffsetCommit("g", "t", 2, Optional.empty()));
        byte[] g = RecordCodec.key(new GroupMetadata("g", Optional.empty()));
        assertThat(a).isEqualTo(b).isNotEqualTo(c).isNotEqualTo(g);
    }

    @Test
    void anUnknownKeyTypeIsSkipped() {
        ByteBuffer key = ByteBuffer.allocate(2).putShort((short) 9).flip();
        assertThat(RecordCodec.decode(key, Optional.empty())).isEmpty();
    }
}
