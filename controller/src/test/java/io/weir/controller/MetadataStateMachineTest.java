package io.weir.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import io.weir.metadata.Uuid;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.record.MetadataRecord;
import io.weir.metadata.record.MetadataRecordCodec;
import io.weir.metadata.record.PartitionRecord;
import io.weir.metadata.record.TopicRecord;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.StateMachineLogEntryProto;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.LogProtoUtils;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

/** The state machine's apply path, fed log entries directly: no server, no sockets. */
class MetadataStateMachineTest {
    private final MetadataStateMachine stateMachine = new MetadataStateMachine("[test]", new IgnoreRoles());

    @Test
    void appliesBatchesInOrderWithOffsetsCountingRecords() throws Exception {
        List<Long> heard = new ArrayList<>();
        stateMachine.addListener((delta, image) -> heard.add(image.offset()));

        assertThat(apply(1, topic("a"))).isEqualTo(new ApplyOutcome.Applied(1));
        assertThat(apply(2, topic("b"))).isEqualTo(new ApplyOutcome.Applied(3));

        MetadataImage image = stateMachine.image();
        assertThat(image.offset()).isEqualTo(3);
        assertThat(image.topics().getTopic("a")).isPresent();
        assertThat(image.topics().getTopic("b")).isPresent();
        assertThat(heard).containsExactly(1L, 3L);
        assertThat(stateMachine.getLastAppliedTermIndex()).isEqualTo(TermIndex.valueOf(1, 2));
    }

    @Test
    void skipsAContradictingBatchWholeButMovesTheAppliedIndex() throws Exception {
        apply(1, topic("a"));
        MetadataImage before = stateMachine.image();
        List<MetadataRecord> half = new ArrayList<>(topic("c"));
        half.addAll(topic("a"));

        ApplyOutcome outcome = apply(2, half);

        assertThat(outcome).isInstanceOf(ApplyOutcome.Rejected.class);
        assertThat(((ApplyOutcome.Rejected) outcome).reason()).contains("a");
        assertThat(stateMachine.image()).isSameAs(before);
        assertThat(stateMachine.getLastAppliedTermIndex().getIndex()).isEqualTo(2);
        assertThat(stateMachine.batchesSeen()).isEqualTo(2);
    }

    @Test
    void skipsUndecodableBytes() throws Exception {
        ApplyOutcome outcome = applyBytes(1, new byte[] {5, 0, 0});

        assertThat(outcome).isInstanceOf(ApplyOutcome.Rejected.class);
        assertThat(stateMachine.image()).isEqualTo(MetadataImage.EMPTY);
    }

    private ApplyOutcome apply(long index, List<MetadataRecord> batch) throws Exception {
        return applyBytes(index, MetadataRecordCodec.serializeAll(batch));
    }

    private ApplyOutcome applyBytes(long index, byte[] data) throws Exception {
        StateMachineLogEntryProto smEntry = StateMachineLogEntryProto.newBuilder()
                .setLogData(ByteString.copyFrom(data)).build();
        TransactionContext transaction = TransactionContext.newBuilder()
                .setStateMachine(stateMachine)
                .setServerRole(RaftPeerRole.FOLLOWER)
                .setLogEntry(LogProtoUtils.toLogEntryProto(smEntry, 1, index))
                .build();
        var reply = stateMachine.applyTransaction(transaction).get();
        return ApplyOutcome.decode(reply.getContent().asReadOnlyByteBuffer());
    }

    private static List<MetadataRecord> topic(String name) {
        Uuid id = Uuid.random();
        return List.of(new TopicRecord(name, id), new PartitionRecord(id, 0, List.of(1), List.of(1), 1, 0, 0));
    }

    private static final class IgnoreRoles implements MetadataStateMachine.RoleObserver {
        @Override
        public void onLeaderChanged(Optional<RaftPeerId> leaderId) {}

        @Override
        public void onLeaderReady() {}

        @Override
        public void onNotLeader() {}
    }
}
