package io.weir.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import io.weir.metadata.ControllerUnavailableException;
import io.weir.metadata.TopicAlreadyExistsException;
import io.weir.metadata.UnknownTopicException;
import io.weir.metadata.Uuid;
import io.weir.metadata.controller.AlterPartitionException;
import io.weir.metadata.controller.AlterPartitionRequest;
import io.weir.metadata.controller.BrokerHeartbeatReply;
import io.weir.metadata.controller.BrokerHeartbeatRequest;
import io.weir.metadata.controller.BrokerRegistrationRequest;
import io.weir.metadata.controller.ElectLeadersRequest;
import io.weir.metadata.controller.ElectionType;
import io.weir.metadata.controller.PartitionRef;
import io.weir.metadata.controller.PartitionResult;
import io.weir.metadata.controller.QuorumDescription;
import io.weir.metadata.controller.QuorumDescription.ReplicaState;
import io.weir.metadata.controller.ReassignmentRequest;
import io.weir.metadata.controller.StaleBrokerEpochException;
import io.weir.metadata.image.PartitionRegistration;
import io.weir.metadata.record.Endpoint;
import io.weir.metadata.record.SecurityProtocol;
import io.weir.metadata.record.TopicRecord;
import org.junit.jupiter.api.Test;

class ControllerMessagesTest {

    @Test
    void requestsSurviveTheWire() {
        TopicRecord topic = new TopicRecord("orders", Uuid.random());
        assertThat(decode(ControllerMessages.commit(List.of(topic))))
                .isEqualTo(new ControllerMessages.Commit(List.of(topic)));
        BrokerRegistrationRequest registration = new BrokerRegistrationRequest(3, Uuid.random(),
                List.of(new Endpoint("PLAINTEXT", "h", 9092, SecurityProtocol.PLAINTEXT)), Optional.of("rack-a"));
        assertThat(decode(ControllerMessages.register(registration)))
                .isEqualTo(new ControllerMessages.Register(registration));
        BrokerHeartbeatRequest heartbeat = new BrokerHeartbeatRequest(3, 17, 42, true);
        assertThat(decode(ControllerMessages.heartbeat(heartbeat))).isEqualTo(new ControllerMessages.Heartbeat(heartbeat));
        AlterPartitionRequest alter = new AlterPartitionRequest(Uuid.random(), 2, 1, 4, 9, List.of(1, 3));
        assertThat(decode(ControllerMessages.alterPartition(alter)))
                .isEqualTo(new ControllerMessages.AlterPartition(alter));
    }

    @Test
    void electionRequestsAndResultsSurviveTheWire() {
        ElectLeadersRequest all = new ElectLeadersRequest(ElectionType.UNCLEAN, Optional.empty());
        assertThat(decode(ControllerMessages.electLeaders(all))).isEqualTo(new ControllerMessages.ElectLeaders(all));
        ElectLeadersRequest some = new ElectLeadersRequest(ElectionType.PREFERRED,
                Optional.of(List.of(new PartitionRef("orders", 0), new PartitionRef("payments", 3))));
        assertThat(decode(ControllerMessages.electLeaders(some))).isEqualTo(new ControllerMessages.ElectLeaders(some));
        List<ReassignmentRequest> moves = List.of(
                new ReassignmentRequest(new PartitionRef("orders", 0), Optional.of(List.of(2, 3))),
                new ReassignmentRequest(new PartitionRef("orders", 1), Optional.empty()));
        assertThat(decode(ControllerMessages.alterReassignments(moves)))
                .isEqualTo(new ControllerMessages.AlterReassignments(moves));
        List<PartitionResult> results = List.of(PartitionResult.ok(new PartitionRef("orders", 0)),
                PartitionResult.failed(new PartitionRef("orders", 1), PartitionResult.Error.ELECTION_NOT_NEEDED, "no"));
        assertThat(ControllerMessages.resultsReply(ByteBuffer.wrap(ControllerMessages.resultsBody(results))))
                .isEqualTo(results);
    }

    @Test
    void repliesCarryTheImageOffsetAndTheBody() {
        PartitionRegistration registration = new PartitionRegistration(List.of(1, 2, 3), List.of(1, 2), 1, 4, 9);
        ControllerMessages.Reply reply = ControllerMessages.decodeReply(
                ByteBuffer.wrap(ControllerMessages.ok(55, ControllerMessages.partitionBody(registration))));
        assertThat(reply.imageOffset()).isEqualTo(55);
        assertThat(ControllerMessages.partitionReply(reply.body())).isEqualTo(registration);
        BrokerHeartbeatReply heartbeat = new BrokerHeartbeatReply(false, true);
        assertThat(ControllerMessages.heartbeatReply(ControllerMessages.decodeReply(ByteBuffer.wrap(
                ControllerMessages.ok(1, ControllerMessages.heartbeatBody(heartbeat)))).body())).isEqualTo(heartbeat);
    }

    @Test
    void aQuorumDescriptionSurvivesTheWire() {
        assertThat(decode(ControllerMessages.describeQuorum())).isEqualTo(new ControllerMessages.DescribeQuorum());
        QuorumDescription quorum = new QuorumDescription(2, 7, 41,
                List.of(new ReplicaState(1, 40, 1000, -1), new ReplicaState(2, 42, 1005, 1005), ReplicaState.unknown(3)),
                List.of(ReplicaState.unknown(4)));
        ControllerMessages.Reply reply = ControllerMessages.decodeReply(
                ByteBuffer.wrap(ControllerMessages.ok(9, ControllerMessages.quorumBody(quorum))));
        assertThat(ControllerMessages.quorumReply(reply.body())).isEqualTo(quorum);
    }

    @Test
    void errorsComeBackAsTheExceptionTheControllerThrew() {
        assertReplyThrows(new TopicAlreadyExistsException("x"), TopicAlreadyExistsException.class);
        assertReplyThrows(new UnknownTopicException("x"), UnknownTopicException.class);
        assertReplyThrows(new StaleBrokerEpochException("x"), StaleBrokerEpochException.class);
        assertReplyThrows(new NotControllerException("x", java.util.OptionalInt.empty()),
                ControllerUnavailableException.class);
        assertThatThrownBy(() -> ControllerMessages.decodeReply(ByteBuffer.wrap(ControllerMessages.error(
                new AlterPartitionException(AlterPartitionException.Error.FENCED_LEADER_EPOCH, "stale")))))
                .isInstanceOfSatisfying(AlterPartitionException.class, e -> {
                    assertThat(e.error()).isEqualTo(AlterPartitionException.Error.FENCED_LEADER_EPOCH);
                    assertThat(e).hasMessage("stale");
                });
    }

    @Test
    void aBatchOfRecordsIsResentOnlyWhenItCertainlyChangedNothing() {
        byte[] notSent = ControllerMessages.notSent("no leader yet");
        byte[] unknown = ControllerMessages.error(new ControllerUnavailableException("timed out"));
        byte[] ok = ControllerMessages.ok(3, new byte[0]);

        assertThat(ControllerMessages.mayResend(notSent, true)).isTrue();
        assertThat(ControllerMessages.mayResend(unknown, true)).isFalse();
        assertThat(ControllerMessages.mayResend(unknown, false)).as("idempotent broker requests").isTrue();
        assertThat(ControllerMessages.mayResend(ok, false)).isFalse();
        assertThatThrownBy(() -> ControllerMessages.decodeReply(ByteBuffer.wrap(notSent)))
                .isInstanceOf(ControllerUnavailableException.class)
                .hasMessage("no leader yet");
    }

    private static void assertReplyThrows(RuntimeException thrown, Class<? extends RuntimeException> expected) {
        assertThatThrownBy(() -> ControllerMessages.decodeReply(ByteBuffer.wrap(ControllerMessages.error(thrown))))
                .isExactlyInstanceOf(expected);
    }

    private static ControllerMessages.Request decode(byte[] bytes) {
        return ControllerMessages.decodeRequest(ByteBuffer.wrap(bytes));
    }
}
