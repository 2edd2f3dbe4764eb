package io.weir.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import io.weir.metadata.Uuid;
import io.weir.metadata.controller.AlterPartitionRequest;
import io.weir.metadata.controller.BrokerHeartbeatRequest;
import io.weir.metadata.controller.BrokerRegistrationRequest;
import io.weir.metadata.controller.PartitionRef;
import io.weir.metadata.controller.PartitionResult;
import io.weir.metadata.controller.ReassignmentRequest;
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
 * Partition reassignments on the active controller: start, completion when the ISR catches up
 * (with the leader moving off a removed replica), replacement, cancellation, and the errors; the
 * state is replayed through a real store, so the records and image handle it too.
 */
class ReassignmentsTest {
    private static final Uuid TOPIC_ID = new Uuid(7, 7);
    private static final PartitionRef P0 = new PartitionRef("orders", 0);

    @TempDir
    Path dir;

    private LocalMetadataStore store;
    private ActiveController controller;

    @BeforeEach
    void open() throws IOException {
        store = LocalMetadataStore.open(dir);
        controller = new ActiveController(0, store::image, store::commit, 9000, false, new AtomicLong()::get);
        long[] epochs = new long[5];
        for (int nodeId = 1; nodeId <= 4; nodeId++) {
            epochs[nodeId] = controller.onRegisterBroker(new BrokerRegistrationRequest(nodeId, Uuid.random(),
                    List.of(new Endpoint("PLAINTEXT", "127.0.0.1", 9090 + nodeId, SecurityProtocol.PLAINTEXT)),
                    Optional.empty()));
        }
        for (int nodeId = 1; nodeId <= 4; nodeId++) {
            controller.onHeartbeat(new BrokerHeartbeatRequest(nodeId, epochs[nodeId], store.image().offset(), false));
        }
        store.commit(List.of(new TopicRecord("orders", TOPIC_ID),
                new PartitionRecord(TOPIC_ID, 0, List.of(1, 2), List.of(1, 2), 1, 0, 0)));
    }

    @AfterEach
    void close() throws IOException {
        store.close();
    }

    @Test
    void aMoveAddsTheNewReplicaThenCompletesOnceItIsInSync() {
        assertThat(reassign(P0, List.of(2, 3))).containsExactly(PartitionResult.ok(P0));
        PartitionRegistration moving = partition();
        assertThat(moving.replicas()).containsExactly(2, 3, 1);
        assertThat(moving.addingReplicas()).containsExactly(3);
        assertThat(moving.removingReplicas()).containsExactly(1);
        assertThat(moving.leader()).isEqualTo(1);

        controller.onAlterPartition(new AlterPartitionRequest(TOPIC_ID, 0, 1, moving.leaderEpoch(),
                moving.partitionEpoch(), List.of(1, 2, 3)));

        PartitionRegistration done = partition();
        assertThat(done.replicas()).containsExactly(2, 3);
        assertThat(done.isr()).containsExactly(2, 3);
        assertThat(done.leader()).isEqualTo(2);
        assertThat(done.isReassigning()).isFalse();
    }

    @Test
    void aMoveOntoReplicasAlreadyInSyncCompletesAtOnce() {
        reassign(P0, List.of(2));

        assertThat(partition().replicas()).containsExactly(2);
        assertThat(partition().leader()).isEqualTo(2);
        assertThat(partition().isReassigning()).isFalse();
    }

    @Test
    void cancellingGoesBackToTheOriginalReplicas() {
        reassign(P0, List.of(3, 4));
        assertThat(partition().replicas()).containsExactly(3, 4, 1, 2);

        assertThat(controller.onAlterReassignments(List.of(new ReassignmentRequest(P0, Optional.empty()))))
                .containsExactly(PartitionResult.ok(P0));

        assertThat(partition().replicas()).containsExactly(1, 2);
        assertThat(partition().isReassigning()).isFalse();
    }

    @Test
    void aNewTargetReplacesTheOngoingOne() {
        reassign(P0, List.of(3, 4));
        reassign(P0, List.of(2, 4));

        assertThat(partition().replicas()).containsExactly(2, 4, 1);
        assertThat(partition().addingReplicas()).containsExactly(4);
        assertThat(partition().removingReplicas()).containsExactly(1);
    }

    @Test
    void answersKafkasErrors() {
        List<PartitionResult> results = controller.onAlterReassignments(List.of(
                new ReassignmentRequest(new PartitionRef("orders", 9), Optional.of(List.of(1))),
                new ReassignmentRequest(P0, Optional.of(List.of(1, 7))),
                new ReassignmentRequest(P0, Optional.of(List.of(2, 2))),
                new ReassignmentRequest(P0, Optional.of(List.of())),
                new ReassignmentRequest(P0, Optional.empty())));

        assertThat(results).extracting(PartitionResult::error).containsExactly(
                PartitionResult.Error.UNKNOWN_TOPIC_OR_PARTITION,
                PartitionResult.Error.INVALID_REPLICA_ASSIGNMENT,
                PartitionResult.Error.INVALID_REPLICA_ASSIGNMENT,
                PartitionResult.Error.INVALID_REPLICA_ASSIGNMENT,
                PartitionResult.Error.NO_REASSIGNMENT_IN_PROGRESS);
        assertThat(partition().replicas()).containsExactly(1, 2);
    }

    private List<PartitionResult> reassign(PartitionRef ref, List<Integer> target) {
        return controller.onAlterReassignments(List.of(new ReassignmentRequest(ref, Optional.of(target))));
    }

    private PartitionRegistration partition() {
        return store.image().topics().getTopic(TOPIC_ID).orElseThrow().partition(0).orElseThrow();
    }
}
