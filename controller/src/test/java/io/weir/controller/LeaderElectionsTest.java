package io.weir.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import io.weir.metadata.Uuid;
import io.weir.metadata.controller.BrokerHeartbeatRequest;
import io.weir.metadata.controller.BrokerRegistrationRequest;
import io.weir.metadata.controller.ElectLeadersRequest;
import io.weir.metadata.controller.ElectionType;
import io.weir.metadata.controller.PartitionRef;
import io.weir.metadata.controller.PartitionResult;
import io.weir.metadata.image.PartitionRegistration;
import io.weir.metadata.record.Endpoint;
import io.weir.metadata.record.PartitionRecord;
import io.weir.metadata.record.SecurityProtocol;
import io.weir.metadata.record.TopicRecord;
import io.weir.metadata.store.LocalMetadataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ElectLeaders on the active controller (preferred and unclean, named partitions and all of them),
 * and the periodic return of leadership to preferred replicas.
 */
class LeaderElectionsTest {
    private static final long SESSION_TIMEOUT_MS = 9000;
    private static final Uuid TOPIC_ID = new Uuid(7, 7);

    @TempDir
    Path dir;

    private final AtomicLong nowMs = new AtomicLong(1_000_000);
    private LocalMetadataStore store;
    private ActiveController controller;
    private final long[] epochs = new long[5];

    @BeforeEach
    void open() throws IOException {
        store = LocalMetadataStore.open(dir);
        controller = new ActiveController(0, store::image, store::commit, SESSION_TIMEOUT_MS, false, nowMs::get);
        for (int nodeId = 1; nodeId <= 3; nodeId++) {
            epochs[nodeId] = controller.onRegisterBroker(new BrokerRegistrationRequest(nodeId, Uuid.random(),
                    List.of(new Endpoint("PLAINTEXT", "127.0.0.1", 9090 + nodeId, SecurityProtocol.PLAINTEXT)),
                    Optional.empty()));
        }
        for (int nodeId = 1; nodeId <= 3; nodeId++) {
            controller.onHeartbeat(new BrokerHeartbeatRequest(nodeId, epochs[nodeId], store.image().offset(), false));
        }
        store.commit(List.of(new TopicRecord("orders", TOPIC_ID)));
    }

    @AfterEach
    void close() throws IOException {
        store.close();
    }

    @Test
    void preferredElectionMovesLeadershipToTheFirstReplicaWhenItIsAliveAndInSync() {
        partition(0, List.of(1, 2, 3), List.of(1, 2, 3), 2);

        List<PartitionResult> results = controller.onElectLeaders(preferred(ref(0)));

        assertThat(results).containsExactly(PartitionResult.ok(ref(0)));
        assertThat(partition(0).leader()).isEqualTo(1);
        assertThat(partition(0).leaderEpoch()).isEqualTo(1);
    }

    @Test
    void preferredElectionAnswersNotNeededOrNotAvailable() {
        partition(0, List.of(1, 2, 3), List.of(1, 2, 3), 1);
        partition(1, List.of(3, 1, 2), List.of(1, 2), 1);
        fence(2);
        partition(2, List.of(2, 1), List.of(1, 2), 1);

        List<PartitionResult> results = controller.onElectLeaders(preferred(ref(0), ref(1), ref(2), ref(9)));

        assertThat(results).extracting(PartitionResult::error).containsExactly(
                PartitionResult.Error.ELECTION_NOT_NEEDED,
                PartitionResult.Error.PREFERRED_LEADER_NOT_AVAILABLE,
                PartitionResult.Error.PREFERRED_LEADER_NOT_AVAILABLE,
                PartitionResult.Error.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(partition(1).leader()).isEqualTo(1);
    }

    @Test
    void allPartitionsLeavesOutThoseThatNeedNoElection() {
        partition(0, List.of(1, 2, 3), List.of(1, 2, 3), 1);
        partition(1, List.of(3, 1, 2), List.of(1, 2, 3), 1);

        List<PartitionResult> results = controller.onElectLeaders(
                new ElectLeadersRequest(ElectionType.PREFERRED, Optional.empty()));

        assertThat(results).containsExactly(PartitionResult.ok(ref(1)));
        assertThat(partition(1).leader()).isEqualTo(3);
    }

    @Test
    void uncleanElectionPicksALiveReplicaOutsideTheIsrOnlyWhenNoIsrMemberIsAlive() {
        partition(0, List.of(1, 2, 3), List.of(1), 1);
        partition(1, List.of(1, 2, 3), List.of(1, 2, 3), 2);
        fence(1);
        assertThat(partition(0).hasLeader()).isFalse();

        List<PartitionResult> results = controller.onElectLeaders(
                new ElectLeadersRequest(ElectionType.UNCLEAN, Optional.of(List.of(ref(0), ref(1)))));

        assertThat(results).extracting(PartitionResult::error)
                .containsExactly(PartitionResult.Error.NONE, PartitionResult.Error.ELECTION_NOT_NEEDED);
        assertThat(partition(0).leader()).isEqualTo(2);
        assertThat(partition(0).isr()).containsExactly(2);
    }

    @Test
    void uncleanElectionWithoutAnyLiveReplicaAnswersEligibleLeadersNotAvailable() {
        partition(0, List.of(1), List.of(1), 1);
        fence(1);

        List<PartitionResult> results = controller.onElectLeaders(
                new ElectLeadersRequest(ElectionType.UNCLEAN, Optional.of(List.of(ref(0)))));

        assertThat(results).extracting(PartitionResult::error)
                .containsExactly(PartitionResult.Error.ELIGIBLE_LEADERS_NOT_AVAILABLE);
    }

    @Test
    void rebalancingMovesLeadershipBackOnlyBeyondTheImbalanceLimit() {
        for (int p = 0; p < 4; p++) {
            partition(p, List.of(1, 2, 3), List.of(1, 2, 3), p == 0 ? 2 : 1);
        }
        partition(4, List.of(2, 1, 3), List.of(1, 3), 1);

        controller.onLeaderImbalanceCheck(25);
        assertThat(partition(0).leader()).isEqualTo(2);

        controller.onLeaderImbalanceCheck(10);
        assertThat(partition(0).leader()).isEqualTo(1);
        assertThat(partition(4).leader()).isEqualTo(1);
    }

    private void fence(int nodeId) {
        controller.onHeartbeat(new BrokerHeartbeatRequest(nodeId, epochs[nodeId], store.image().offset(), true));
    }

    private static ElectLeadersRequest preferred(PartitionRef... refs) {
        return new ElectLeadersRequest(ElectionType.PREFERRED, Optional.of(List.of(refs)));
    }

    private static PartitionRef ref(int partition) {
        return new PartitionRef("orders", partition);
    }

    private void partition(int partition, List<Integer> replicas, List<Integer> isr, int leader) {
        store.commit(List.of(new PartitionRecord(TOPIC_ID, partition, replicas, isr, leader, 0, 0)));
    }

    private PartitionRegistration partition(int partition) {
        return store.image().topics().getTopic(TOPIC_ID).orElseThrow().partition(partition).orElseThrow();
    }
}
