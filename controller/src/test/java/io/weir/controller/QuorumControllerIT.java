package io.weir.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import io.weir.metadata.MetadataValidationException;
import io.weir.metadata.Uuid;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.record.MetadataRecord;
import io.weir.metadata.record.PartitionRecord;
import io.weir.metadata.record.RemoveTopicRecord;
import io.weir.metadata.record.TopicRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Voters of a real quorum over loopback TCP in one JVM. */
class QuorumControllerIT {
    private static final Logger LOG = LoggerFactory.getLogger(QuorumControllerIT.class);

    @TempDir
    Path dir;

    @Test
    void threeVotersElectOneLeaderAndEveryVoterAppliesCommitsInOrder() throws Exception {
        long startNs = System.nanoTime();
        try (TestQuorum quorum = TestQuorum.start(dir, 3)) {
            QuorumController leader = quorum.awaitLeader();
            LOG.info("3 voters elected node {} in {} ms", leader.nodeId(), millisSince(startNs));
            List<List<Long>> seen = new ArrayList<>();
            for (QuorumController voter : quorum.running()) {
                List<Long> offsets = Collections.synchronizedList(new ArrayList<>());
                voter.addListener((delta, image) -> offsets.add(image.offset()));
                seen.add(offsets);
            }
            long commitNs = System.nanoTime();
            commit(leader, topic("warm-up"));
            LOG.info("one commit took {} ms", millisSince(commitNs));
            List<CompletableFuture<MetadataImage>> pipelined = new ArrayList<>();
            long pipelineNs = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                pipelined.add(leader.commit(topic("topic-" + i)));
            }
            CompletableFuture.allOf(pipelined.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
            LOG.info("50 pipelined commits took {} ms", millisSince(pipelineNs));

            long lastOffset = 2 * 51 - 1;
            quorum.awaitOffset(lastOffset);
            for (QuorumController voter : quorum.running()) {
                assertThat(voter.image()).isEqualTo(leader.image());
                assertThat(voter.image().topics().size()).isEqualTo(51);
            }
            List<Long> expected = new ArrayList<>();
            for (long offset = 1; offset <= lastOffset; offset += 2) {
                expected.add(offset);
            }
            for (List<Long> offsets : seen) {
                assertThat(offsets).containsExactlyElementsOf(expected);
            }
        }
    }

    @Test
    void aFollowerRefusesCommitsAndNamesTheLeader() throws Exception {
        try (TestQuorum quorum = TestQuorum.start(dir, 3)) {
            QuorumController leader = quorum.awaitLeader();
            QuorumController follower = quorum.anyFollower(leader);

            assertThat(follower.isLeader()).isFalse();
            assertThat(follower.leaderId()).hasValue(leader.nodeId());
            assertThatThrownBy(() -> commit(follower, topic("refused")))
                    .hasCauseInstanceOf(NotControllerException.class)
                    .cause().satisfies(e -> assertThat(((NotControllerException) e).leaderId())
                            .isEqualTo(OptionalInt.of(leader.nodeId())));
            assertThat(leader.image().topics().size()).isZero();
        }
    }

    @Test
    void anInvalidBatchIsRefusedBeforeItIsAppended() throws Exception {
        try (TestQuorum quorum = TestQuorum.start(dir, 3)) {
            QuorumController leader = quorum.awaitLeader();
            commit(leader, topic("orders"));

            assertThatThrownBy(() -> commit(leader, topic("orders")))
                    .hasCauseInstanceOf(MetadataValidationException.class);
            // A second batch that only conflicts with a batch proposed but not applied yet.
            CompletableFuture<MetadataImage> first = leader.commit(topic("payments"));
            CompletableFuture<MetadataImage> second = leader.commit(topic("payments"));
            assertThat(first.get(20, TimeUnit.SECONDS).topics().size()).isEqualTo(2);
            assertThatThrownBy(() -> second.get(20, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(MetadataValidationException.class);

            quorum.awaitOffset(3);
            assertThat(quorum.running()).allSatisfy(c -> {
                assertThat(c.image().offset()).isEqualTo(3);
                assertThat(c.batchesSeen()).as("batches in the log").isEqualTo(2);
            });
        }
    }

    @Test
    void closingTheLeaderElectsAnotherThatKeepsEveryCommittedBatch() throws Exception {
        try (TestQuorum quorum = TestQuorum.start(dir, 3)) {
            QuorumController leader = quorum.awaitLeader();
            MetadataImage committed = commit(leader, topic("before-failover"));
            quorum.awaitOffset(committed.offset());
            Map<Integer, List<String>> heard = new ConcurrentHashMap<>();
            for (QuorumController voter : quorum.running()) {
                List<String> events = new CopyOnWriteArrayList<>();
                heard.put(voter.nodeId(), events);
                voter.addLeadershipListener((leaderId, isLocal) -> events.add(leaderId + (isLocal ? " local" : "")));
            }

            long stopNs = System.nanoTime();
            quorum.stop(leader.nodeId());
            QuorumController newLeader = quorum.awaitLeader();
            LOG.info("a new leader, node {}, was elected {} ms after closing node {}", newLeader.nodeId(),
                    millisSince(stopNs), leader.nodeId());

            assertThat(newLeader.nodeId()).isNotEqualTo(leader.nodeId());
            String elected = OptionalInt.of(newLeader.nodeId()).toString();
            QuorumController other = quorum.anyFollower(newLeader);
            Awaitility.await().atMost(TestQuorum.DEADLINE).untilAsserted(() -> {
                assertThat(heard.get(newLeader.nodeId())).endsWith(elected + " local");
                assertThat(heard.get(other.nodeId())).endsWith(elected);
            });
            assertThat(newLeader.image().topics().getTopic("before-failover")).isPresent();
            MetadataImage after = commit(newLeader, topic("after-failover"));
            quorum.awaitOffset(after.offset());

            QuorumController restarted = quorum.start(leader.nodeId());
            quorum.awaitOffset(after.offset());
            assertThat(restarted.image()).isEqualTo(newLeader.image());
            assertThat(restarted.isLeader()).isFalse();
        }
    }

    @Test
    void aRestartedVoterCatchesUpFromItsLog() throws Exception {
        try (TestQuorum quorum = TestQuorum.start(dir, 3)) {
            QuorumController leader = quorum.awaitLeader();
            commit(leader, topic("a"));
            int followerId = quorum.anyFollower(leader).nodeId();
            quorum.awaitOffset(1);
            quorum.stop(followerId);

            MetadataImage latest = commit(leader, topic("b"));
            QuorumController restarted = quorum.start(followerId);
            quorum.awaitOffset(latest.offset());
            assertThat(restarted.image()).isEqualTo(leader.image());
        }
    }

    @Test
    void aRestartedVoterLoadsItsOwnSnapshot() throws Exception {
        try (TestQuorum quorum = TestQuorum.start(dir, 3)) {
            MetadataImage before = commitMany(quorum, "early-", 20, 1);
            QuorumController leader = quorum.awaitLeader();
            quorum.awaitOffset(before.offset());
            for (QuorumController voter : quorum.running()) {
                assertThat(voter.takeSnapshot()).isPositive();
            }
            int followerId = quorum.anyFollower(leader).nodeId();
            quorum.stop(followerId);
            MetadataImage latest = commit(leader, topic("late"));
            QuorumController reopened = quorum.start(followerId);
            // The snapshot is loaded while starting, before any entry arrives from the leader.
            assertThat(reopened.image().offset()).isGreaterThanOrEqualTo(before.offset());
            quorum.awaitOffset(latest.offset());
            assertThat(reopened.image()).isEqualTo(leader.image());
        }
    }

    @Test
    void aVoterBehindThePurgedLogReceivesTheLeadersSnapshot() throws Exception {
        try (TestQuorum quorum = TestQuorum.start(dir, 3,
                config -> config.withLogSegmentBytes(ControllerQuorumConfig.MIN_LOG_SEGMENT_BYTES))) {
            int followerId = quorum.anyFollower(quorum.awaitLeader()).nodeId();
            quorum.stop(followerId);
            quorum.wipe(followerId);
            // About 4 KiB a batch: several 64 KiB log segments fill, close, and are purged below.
            MetadataImage latest = commitMany(quorum, "bulk-", 60, 40);
            quorum.awaitOffset(latest.offset());
            // Both running voters purge their logs, so whichever leads (leadership can move on a
            // loaded machine) can only send the wiped voter its snapshot.
            for (QuorumController voter : quorum.running()) {
                voter.takeSnapshot();
            }

            QuorumController wiped = quorum.start(followerId);
            quorum.awaitOffset(latest.offset());
            assertThat(wiped.image()).isEqualTo(quorum.awaitLeader().image());
            assertThat(wiped.snapshotsInstalled()).isEqualTo(1);
        }
    }

    @Test
    void aVoterGivenTheLeadersSnapshotTellsItsListenersWhichTopicsWereDeletedMeanwhile() throws Exception {
        try (TestQuorum quorum = TestQuorum.start(dir, 3,
                config -> config.withLogSegmentBytes(ControllerQuorumConfig.MIN_LOG_SEGMENT_BYTES))) {
            QuorumController leader = quorum.awaitLeader();
            MetadataImage withDoomed = commit(leader, topic("doomed"));
            Uuid doomed = withDoomed.topics().getTopic("doomed").orElseThrow().topicId();
            quorum.awaitOffset(withDoomed.offset());
            for (QuorumController voter : quorum.running()) {
                voter.takeSnapshot();
            }
            int followerId = quorum.anyFollower(leader).nodeId();
            quorum.stop(followerId);
            commit(leader, List.of(new RemoveTopicRecord(doomed)));
            MetadataImage latest = commitMany(quorum, "bulk-", 60, 40);
            quorum.awaitLeader().takeSnapshot();

            QuorumController restarted = quorum.start(followerId);
            Set<Uuid> deleted = ConcurrentHashMap.newKeySet();
            MetadataImage seen = restarted.addListener((delta, image) -> deleted.addAll(delta.deletedTopics().keySet()));
            quorum.awaitOffset(latest.offset());
            assertThat(restarted.snapshotsInstalled()).isEqualTo(1);
            // Usually the listener is registered while the voter still holds its own snapshot, with
            // "doomed"; then a delta must have removed it. Registered after the leader's snapshot was
            // loaded, it never saw the topic and there is nothing to remove.
            if (seen.topics().topicsById().containsKey(doomed)) {
                assertThat(deleted).as("the topics deleted while the voter was away").contains(doomed);
            }
        }
    }

    @Test
    void aSingleVoterIsItsOwnLeaderAndKeepsItsImageAcrossRestarts() throws Exception {
        long startNs = System.nanoTime();
        MetadataImage committed;
        try (TestQuorum quorum = TestQuorum.start(dir, 1)) {
            QuorumController only = quorum.awaitLeader();
            LOG.info("a single voter led after {} ms", millisSince(startNs));
            committed = commit(only, topic("solo"));
            assertThat(committed.topics().getTopic("solo")).isPresent();

            quorum.stop(only.nodeId());
            QuorumController restarted = quorum.start(only.nodeId());
            assertThat(restarted.image()).isEqualTo(committed);
            quorum.awaitLeader();
            assertThat(commit(restarted, topic("solo-2")).topics().size()).isEqualTo(2);
        }
    }

    private static MetadataImage commit(QuorumController controller, List<MetadataRecord> batch) throws Exception {
        return controller.commit(batch).get(20, TimeUnit.SECONDS);
    }

    /**
     * Commits the batches, pipelined, through the leader of the moment: on a loaded machine a leader
     * may step down meanwhile (a follower's answers came too late) and refuse what was in flight,
     * which is then sent again to the next leader, as a client would.
     *
     * @return the leader's image once every batch is committed
     */
    private static MetadataImage commitMany(TestQuorum quorum, String prefix, int batches, int topicsPerBatch)
            throws Exception {
        List<List<MetadataRecord>> pending = new ArrayList<>();
        for (int i = 0; i < batches; i++) {
            List<MetadataRecord> batch = new ArrayList<>();
            for (int j = 0; j < topicsPerBatch; j++) {
                batch.addAll(topic(prefix + i + "-" + j));
            }
            pending.add(batch);
        }
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            assertThat(attempt).as("attempts to commit through a leader that keeps stepping down").isLessThanOrEqualTo(5);
            QuorumController leader = quorum.awaitLeader();
            List<CompletableFuture<MetadataImage>> futures = pending.stream().map(leader::commit).toList();
            List<List<MetadataRecord>> refused = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                try {
                    futures.get(i).get(20, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof NotControllerException)) {
                        throw e;
                    }
                    refused.add(pending.get(i));
                }
            }
            pending = refused;
        }
        return quorum.awaitLeader().image();
    }

    private static List<MetadataRecord> topic(String name) {
        Uuid id = Uuid.random();
        return List.of(new TopicRecord(name, id), new PartitionRecord(id, 0, List.of(1), List.of(1), 1, 0, 0));
    }

    private static long millisSince(long startNs) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
    }
}
