package io.weir.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.metadata.Uuid;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The consumer-protocol records (key types 3 and 4) survive encoding, tombstones included. */
class ConsumerRecordCodecTest {

    private static CoordinatorRecord roundTrip(CoordinatorRecord record) {
        return RecordCodec.decode(ByteBuffer.wrap(RecordCodec.key(record)), RecordCodec.value(record).map(ByteBuffer::wrap)).orElseThrow();
    }

    @Test
    void groupAndMemberRecordsRoundTrip() {
        Uuid topic = new Uuid(3, 4);
        CoordinatorRecord group = new CoordinatorRecord.ConsumerGroupMetadata("g", Optional.of(
                new CoordinatorRecord.ConsumerGroupMetadata.Value(5, 5, "uniform", List.of(new TopicMetadata(topic, "orders", 6)))));
        ConsumerMember member = new ConsumerMember("m", Optional.of("i"), Optional.empty(), "client", "/1.2.3.4", List.of("orders"),
                Optional.of("pay.*"), Optional.of("range"), 30_000, 5, 4, ConsumerMember.MemberState.UNREVOKED_PARTITIONS,
                Assignment.of(Map.of(topic, Set.of(0, 1))), Assignment.of(Map.of(topic, Set.of(2))), Optional.empty());
        CoordinatorRecord memberRecord = new CoordinatorRecord.ConsumerGroupMember("g", "m", Optional.of(
                new CoordinatorRecord.ConsumerGroupMember.Value(member, Assignment.of(Map.of(topic, Set.of(0, 1, 5))))));
        assertThat(roundTrip(group)).isEqualTo(group);
        assertThat(roundTrip(memberRecord)).isEqualTo(memberRecord);
        ConsumerMember classic = new ConsumerMember("c", Optional.empty(), Optional.empty(), "client", "/1.2.3.4", List.of("orders"),
                Optional.empty(), Optional.empty(), 30_000, 5, 5, ConsumerMember.MemberState.STABLE, Assignment.EMPTY, Assignment.EMPTY,
                Optional.of(new ClassicMemberData(10_000, List.of(new JoinRequest.Protocol("range", new byte[] {1, 2, 3})))));
        CoordinatorRecord classicRecord = new CoordinatorRecord.ConsumerGroupMember("g", "c", Optional.of(
                new CoordinatorRecord.ConsumerGroupMember.Value(classic, Assignment.EMPTY)));
        assertThat(roundTrip(classicRecord)).isEqualTo(classicRecord);
        CoordinatorRecord tombstone = new CoordinatorRecord.ConsumerGroupMember("g", "m", Optional.empty());
        assertThat(roundTrip(tombstone)).isEqualTo(tombstone);
        assertThat(RecordCodec.key(group)).isNotEqualTo(RecordCodec.key(new CoordinatorRecord.GroupMetadata("g", Optional.empty())));
    }
}
