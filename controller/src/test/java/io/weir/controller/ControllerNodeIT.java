package io.weir.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import io.weir.metadata.TopicAlreadyExistsException;
import io.weir.metadata.Uuid;
import io.weir.metadata.config.QuorumVoter;
import io.weir.metadata.controller.AlterPartitionException;
import io.weir.metadata.controller.AlterPartitionRequest;
import io.weir.metadata.controller.BrokerHeartbeatRequest;
import io.weir.metadata.controller.BrokerRegistrationRequest;
import io.weir.metadata.controller.ControllerChannel;
import io.weir.metadata.controller.QuorumDescription;
import io.weir.metadata.controller.QuorumDescription.ReplicaState;
import io.weir.metadata.image.PartitionRegistration;
import io.weir.metadata.record.Endpoint;
import io.weir.metadata.record.PartitionRecord;
import io.weir.metadata.record.SecurityProtocol;
import io.weir.metadata.record.TopicRecord;
import io.weir.metadata.store.MetadataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@link ControllerNode}s over loopback Raft ports: a follower's commits and broker requests
 * reach the active controller over Ratis, its image includes them when the call returns, and the
 * controller's errors arrive with their own types.
 */
class ControllerNodeIT {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final List<ControllerNode> nodes = new ArrayList<>();

    @AfterEach
    void close() {
        nodes.forEach(ControllerNode::close);
    }

    @Test
    void aFollowerCommitsThroughTheActiveControllerAndSeesItsOwnChange() {
        startQuorum();
        ControllerNode follower = follower();
        MetadataStore store = follower.metadataStore();
        Uuid topicId = Uuid.random();

        store.commit(List.of(new TopicRecord("orders", topicId)));

        assertThat(follower.quorum().image().topics().getTopic("orders")).isPresent();
        assertThatThrownBy(() -> store.commit(List.of(new TopicRecord("orders", Uuid.random()))))
                .isInstanceOf(TopicAlreadyExistsException.class);
        long leaderOffset = nodes.stream().filter(n -> n.quorum().isLeader()).findFirst().orElseThrow().quorum().image().offset();
        assertThat(store.sync().offset()).as("caught up with the active controller").isGreaterThanOrEqualTo(leaderOffset);
    }

    @Test
    void aFollowerRegistersHeartbeatsAndAltersPartitionsThroughTheChannel() throws Exception {
        startQuorum();
        ControllerNode follower = follower();
        ControllerChannel channel = follower.channel();
        long[] epochs = new long[4];
        for (int id = 1; id <= 3; id++) {
            epochs[id] = channel.registerBroker(registration(id)).get(30, TimeUnit.SECONDS);
        }
        for (int id = 1; id <= 3; id++) {
            long offset = follower.quorum().image().offset();
            assertThat(channel.heartbeat(new BrokerHeartbeatRequest(id, epochs[id], offset, false))
                    .get(30, TimeUnit.SECONDS).fenced()).isFalse();
        }
        Uuid topicId = Uuid.random();
        follower.metadataStore().commit(List.of(new TopicRecord("orders", topicId),
                new PartitionRecord(topicId, 0, List.of(1, 2, 3), List.of(1, 2, 3), 1, 0, 0)));

        PartitionRegistration shrunk = channel.alterPartition(topicId, 0, 1, 0, 0, List.of(1, 2))
                .get(30, TimeUnit.SECONDS);
        assertThat(shrunk.isr()).containsExactly(1, 2);
        assertThat(follower.quorum().image().topics().getTopic(topicId).orElseThrow().partition(0))
                .contains(shrunk);
        assertThatThrownBy(() -> channel.alterPartition(new AlterPartitionRequest(topicId, 0, 1, 0, 0, List.of(1)))
                .get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(AlterPartitionException.class, e -> assertThat(e.error())
                        .isEqualTo(AlterPartitionException.Error.INVALID_UPDATE_VERSION));
        assertThat(channel.activeControllerId()).isPresent();
    }

    @Test
    void anyVoterDescribesTheQuorumAsItsLeaderSeesIt() throws Exception {
        startQuorum();
        ControllerNode follower = follower();
        follower.metadataStore().commit(List.of(new TopicRecord("described", Uuid.random())));
        ControllerNode leader = nodes.stream().filter(ControllerNode::isActive).findFirst().orElseThrow();

        await().atMost(DEADLINE).untilAsserted(() -> {
            QuorumDescription quorum = follower.channel().describeQuorum().get(30, TimeUnit.SECONDS);
            assertThat(quorum.leaderId()).isEqualTo(leader.quorum().nodeId());
            assertThat(quorum.leaderEpoch()).isPositive();
            assertThat(quorum.voters()).extracting(ReplicaState::replicaId).containsExactly(1, 2, 3);
            assertThat(quorum.observers()).isEmpty();
            ReplicaState leaderState = quorum.voters().get(quorum.leaderId() - 1);
            assertThat(quorum.highWatermark()).isPositive().isLessThanOrEqualTo(leaderState.logEndOffset());
            assertThat(quorum.voters()).as("every follower caught up, heard from recently")
                    .allSatisfy(voter -> {
                        assertThat(voter.logEndOffset()).isEqualTo(leaderState.logEndOffset());
                        assertThat(voter.lastFetchTimestampMs()).isPositive();
                        assertThat(voter.lastCaughtUpTimestampMs()).isEqualTo(voter.lastFetchTimestampMs());
                    });
        });
        assertThat(follower.quorum().describe(System.currentTimeMillis())).as("only the leader describes").isEmpty();
    }

    private ControllerNode follower() {
        return nodes.stream().filter(n -> !n.isActive()).findFirst().orElseThrow();
    }

    private void startQuorum() {
        for (int attempt = 1; ; attempt++) {
            try {
                List<QuorumVoter> voters = TestQuorum.freeVoters(3);
                for (QuorumVoter voter : voters) {
                    ControllerQuorumConfig config = new ControllerQuorumConfig(voter.nodeId(), voters,
                            dir.resolve("attempt-" + attempt).resolve("node-" + voter.nodeId()), 300, 600,
                            ControllerQuorumConfig.DEFAULT_SNAPSHOT_EVERY_ENTRIES,
                            ControllerQuorumConfig.DEFAULT_LOG_SEGMENT_BYTES);
                    nodes.add(ControllerNode.start(config, new ControllerNode.Settings(9000, false, 10_000)));
                }
                break;
            } catch (IOException | UncheckedIOException e) {
                nodes.forEach(ControllerNode::close);
                nodes.clear();
                if (!TestQuorum.isBindFailure(e) || attempt == 5) {
                    throw new IllegalStateException(e);
                }
            }
        }
        await().atMost(DEADLINE).until(() -> nodes.stream().anyMatch(ControllerNode::isActive)
                && nodes.stream().allMatch(n -> n.activeControllerId().isPresent()));
    }

    private static BrokerRegistrationRequest registration(int nodeId) {
        return new BrokerRegistrationRequest(nodeId, Uuid.random(),
                List.of(new Endpoint("PLAINTEXT", "127.0.0.1", 9090 + nodeId, SecurityProtocol.PLAINTEXT)),
                Optional.empty());
    }
}
