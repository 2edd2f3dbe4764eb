package io.weir.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import io.weir.metadata.Uuid;
import io.weir.metadata.controller.AlterPartitionException;
import io.weir.metadata.controller.AlterPartitionRequest;
import io.weir.metadata.controller.BrokerHeartbeatReply;
import io.weir.metadata.controller.BrokerHeartbeatRequest;
import io.weir.metadata.controller.BrokerRegistrationRequest;
import io.weir.metadata.controller.StaleBrokerEpochException;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.image.PartitionRegistration;
import io.weir.metadata.record.ConfigRecord;
import io.weir.metadata.record.Endpoint;
import io.weir.metadata.record.MetadataRecord;
import io.weir.metadata.record.PartitionRecord;
import io.weir.metadata.record.ResourceType;
import io.weir.metadata.record.SecurityProtocol;
import io.weir.metadata.record.TopicRecord;
import io.weir.metadata.store.LocalMetadataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The active controller's rules, over a single-node store in a temporary directory and a clock the
 * test moves: registration, unfencing, fencing on session expiry (ISR shrink, leader moves, the
 * last ISR member), unclean election on and off, AlterPartition's checks, controlled shutdown.
 */
class ActiveControllerTest {
    private static final long SESSION_TIMEOUT_MS = 9000;
    private static final Uuid TOPIC_ID = new Uuid(7, 7);

    @TempDir
    Path dir;

    private final AtomicLong nowMs = new AtomicLong(1_000_000);
    private LocalMetadataStore store;
    private ActiveController controller;
    private final long[] epochs = new long[4];

    @BeforeEach
    void open() throws IOException {
        store = LocalMetadataStore.open(dir);
        controller = newController(false);
    }

    @AfterEach
    void close() throws IOException {
        store.close();
    }

    private ActiveController newController(boolean uncleanDefault) {
        return new ActiveController(0, store::image, store::commit, SESSION_TIMEOUT_MS, uncleanDefault, nowMs::get);
    }

    @Test
    void registersFencedWithAGrowingEpochAndAnswersARetryWithTheSameOne() {
        Uuid incarnation = Uuid.random();
        long first = controller.onRegisterBroker(registration(1, incarnation));
        assertThat(store.image().cluster().broker(1).orElseThrow().fenced()).isTrue();
        assertThat(first).isEqualTo(store.image().offset());

        assertThat(controller.onRegisterBroker(registration(1, incarnation))).isEqualTo(first);
        long second = controller.onRegisterBroker(registration(1, Uuid.random()));
        assertThat(second).isGreaterThan(first);
    }

    @Test
    void unfencesABrokerOnceItsImageReachesItsRegistration() {
        long epoch = controller.onRegisterBroker(registration(1, Uuid.random()));

        assertThat(controller.onHeartbeat(new BrokerHeartbeatRequest(1, epoch, epoch - 1, false)).fenced()).isTrue();
        assertThat(controller.onHeartbeat(new BrokerHeartbeatRequest(1, epoch, epoch, false)).fenced()).isFalse();
        assertThat(store.image().cluster().broker(1).orElseThrow().fenced()).isFalse();
        assertThatThrownBy(() -> controller.onHeartbeat(new BrokerHeartbeatRequest(1, epoch + 100, epoch, false)))
                .isInstanceOf(StaleBrokerEpochException.class);
    }

    @Test
    void fencesASilentBrokerAndMovesItsLeadershipsToTheNextIsrMemberInReplicaOrder() {
        startBrokers(1, 2, 3);
        partition(0, List.of(1, 2, 3), List.of(1, 2, 3), 1);
        partition(1, List.of(2, 1, 3), List.of(2, 3), 2);

        nowMs.addAndGet(SESSION_TIMEOUT_MS / 2);
        heartbeat(2);
        heartbeat(3);
        controller.onSessionCheck();
        assertThat(store.image().cluster().broker(1).orElseThrow().fenced()).isFalse();

        nowMs.addAndGet(SESSION_TIMEOUT_MS / 2 + 1);
        controller.onSessionCheck();

        assertThat(store.image().cluster().broker(1).orElseThrow().fenced()).isTrue();
        PartitionRegistration p0 = partition(0);
        assertThat(p0.isr()).containsExactly(2, 3);
        assertThat(p0.leader()).isEqualTo(2);
        assertThat(p0.leaderEpoch()).isEqualTo(1);
        assertThat(partition(1).leader()).isEqualTo(2);
        assertThat(partition(1).isr()).containsExactly(2, 3);
    }

    @Test
    void keepsTheLastIsrMemberWithoutLeadershipThenElectsItWhenItComesBack() {
        startBrokers(1, 2);
        partition(0, List.of(1, 2), List.of(2), 2);

        nowMs.addAndGet(SESSION_TIMEOUT_MS + 1);
        heartbeat(1);
        controller.onSessionCheck();

        assertThat(partition(0).isr()).containsExactly(2);
        assertThat(partition(0).hasLeader()).isFalse();

        long epoch = controller.onRegisterBroker(registration(2, Uuid.random()));
        controller.onHeartbeat(new BrokerHeartbeatRequest(2, epoch, store.image().offset(), false));

        assertThat(partition(0).leader()).isEqualTo(2);
        assertThat(partition(0).isr()).containsExactly(2);
    }

    @Test
    void electsAReplicaOutsideTheIsrOnlyWhenTheTopicAllowsUncleanElection() {
        startBrokers(1, 2);
        partition(0, List.of(1, 2), List.of(2), 2);
        nowMs.addAndGet(SESSION_TIMEOUT_MS + 1);
        heartbeat(1);
        controller.onSessionCheck();
        assertThat(partition(0).hasLeader()).isFalse();

        store.commit(List.of(new ConfigRecord(ResourceType.TOPIC, "orders", "unclean.leader.election.enable",
                Optional.of("true"))));
        long epoch = controller.onRegisterBroker(registration(1, Uuid.random()));
        controller.onHeartbeat(new BrokerHeartbeatRequest(1, epoch, store.image().offset(), false));

        assertThat(partition(0).leader()).isEqualTo(1);
        assertThat(partition(0).isr()).containsExactly(1);
    }

    @Test
    void leavesThePartitionLeaderlessWhenUncleanElectionIsOff() {
        startBrokers(1, 2);
        partition(0, List.of(1, 2), List.of(2), 2);
        nowMs.addAndGet(SESSION_TIMEOUT_MS + 1);
        heartbeat(1);
        controller.onSessionCheck();

        long epoch = controller.onRegisterBroker(registration(1, Uuid.random()));
        controller.onHeartbeat(new BrokerHeartbeatRequest(1, epoch, store.image().offset(), false));

        assertThat(partition(0).hasLeader()).isFalse();
        assertThat(partition(0).isr()).containsExactly(2);
    }

    @Test
    void aNewActiveControllerTreatsEveryBrokerAsJustHeardFrom() {
        startBrokers(1, 2);
        nowMs.addAndGet(SESSION_TIMEOUT_MS * 10);
        ActiveController successor = newController(false);

        successor.onSessionCheck();

        assertThat(store.image().cluster().unfencedBrokers()).hasSize(2);
    }

    @Test
    void controlledShutdownMovesLeadershipsAndFencesTheBroker() {
        startBrokers(1, 2, 3);
        partition(0, List.of(1, 2, 3), List.of(1, 2, 3), 1);
        partition(1, List.of(1, 2), List.of(1), 1);

        BrokerHeartbeatReply reply = controller.onHeartbeat(
                new BrokerHeartbeatRequest(1, epochs[1], store.image().offset(), true));

        assertThat(reply.shouldShutDown()).isTrue();
        assertThat(store.image().cluster().broker(1).orElseThrow().fenced()).isTrue();
        assertThat(partition(0).leader()).isEqualTo(2);
        assertThat(partition(0).isr()).containsExactly(2, 3);
        assertThat(partition(1).hasLeader()).isFalse();
        assertThat(partition(1).isr()).containsExactly(1);
        assertThat(controller.onHeartbeat(new BrokerHeartbeatRequest(1, epochs[1], store.image().offset(), false))
                .fenced()).as("not unfenced again while shutting down").isTrue();
    }

    @Test
    void alterPartitionShrinksAndExpandsTheIsrAndBumpsThePartitionEpoch() {
        startBrokers(1, 2, 3);
        partition(0, List.of(1, 2, 3), List.of(1, 2, 3), 1);

        PartitionRegistration shrunk = controller.onAlterPartition(alter(1, 0, 0, List.of(1, 2)));
        assertThat(shrunk.isr()).containsExactly(1, 2);
        assertThat(shrunk.partitionEpoch()).isEqualTo(1);
        assertThat(shrunk.leaderEpoch()).isZero();

        PartitionRegistration expanded = controller.onAlterPartition(alter(1, 0, 1, List.of(1, 2, 3)));
        assertThat(expanded.isr()).containsExactly(1, 2, 3);
        assertThat(expanded).isEqualTo(partition(0));
    }

    @Test
    void alterPartitionAnswersKafkasErrors() {
        startBrokers(1, 2, 3);
        partition(0, List.of(1, 2, 3), List.of(1, 2), 1);

        assertAlterError(new AlterPartitionRequest(new Uuid(9, 9), 0, 1, 0, 0, List.of(1)),
                AlterPartitionException.Error.UNKNOWN_TOPIC_OR_PARTITION);
        assertAlterError(alter(2, 0, 0, List.of(2)), AlterPartitionException.Error.NOT_LEADER_OR_FOLLOWER);
        assertAlterError(new AlterPartitionRequest(TOPIC_ID, 0, 1, 5, 0, List.of(1)),
                AlterPartitionException.Error.FENCED_LEADER_EPOCH);
        assertAlterError(alter(1, 0, 3, List.of(1)), AlterPartitionException.Error.INVALID_UPDATE_VERSION);
        assertAlterError(alter(1, 0, 0, List.of(2)), AlterPartitionException.Error.INVALID_REQUEST);

        controller.onHeartbeat(new BrokerHeartbeatRequest(3, epochs[3], store.image().offset(), true));
        int partitionEpoch = partition(0).partitionEpoch();
        assertAlterError(alter(1, 0, partitionEpoch, List.of(1, 2, 3)), AlterPartitionException.Error.INELIGIBLE_REPLICA);
    }

    private void assertAlterError(AlterPartitionRequest request, AlterPartitionException.Error error) {
        assertThatThrownBy(() -> controller.onAlterPartition(request))
                .isInstanceOfSatisfying(AlterPartitionException.class, e -> assertThat(e.error()).isEqualTo(error));
    }

    private static AlterPartitionRequest alter(int leader, int leaderEpoch, int partitionEpoch, List<Integer> isr) {
        return new AlterPartitionRequest(TOPIC_ID, 0, leader, leaderEpoch, partitionEpoch, isr);
    }

    private void startBrokers(int... nodeIds) {
        for (int nodeId : nodeIds) {
            epochs[nodeId] = controller.onRegisterBroker(registration(nodeId, Uuid.random()));
        }
        for (int nodeId : nodeIds) {
            controller.onHeartbeat(new BrokerHeartbeatRequest(nodeId, epochs[nodeId], store.image().offset(), false));
        }
        if (store.image().topics().getTopic(TOPIC_ID).isEmpty()) {
            store.commit(List.of(new TopicRecord("orders", TOPIC_ID)));
        }
    }

    private void heartbeat(int nodeId) {
        controller.onHeartbeat(new BrokerHeartbeatRequest(nodeId, epochs[nodeId], store.image().offset(), false));
    }

    private void partition(int partition, List<Integer> replicas, List<Integer> isr, int leader) {
        List<MetadataRecord> records = new ArrayList<>();
        records.add(new PartitionRecord(TOPIC_ID, partition, replicas, isr, leader, 0, 0));
        store.commit(records);
    }

    private PartitionRegistration partition(int partition) {
        MetadataImage image = store.image();
        return image.topics().getTopic(TOPIC_ID).orElseThrow().partition(partition).orElseThrow();
    }

    private static BrokerRegistrationRequest registration(int nodeId, Uuid incarnation) {
        return new BrokerRegistrationRequest(nodeId, incarnation,
                List.of(new Endpoint("PLAINTEXT", "127.0.0.1", 9090 + nodeId, SecurityProtocol.PLAINTEXT)),
                Optional.empty());
    }
}
