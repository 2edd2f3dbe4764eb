package io.weir.broker.fetch;

import static io.weir.broker.fetch.FetchManagerTest.values;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.metadata.Uuid;
import io.weir.storage.PartitionLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** KIP-392 in {@link PartitionReader}: followers serving consumers, leaders naming a preferred read replica. */
class NearestReplicaReadTest {

    private static final int CONSUMER = -1;
    private static final int EPOCH = 0;

    @TempDir
    Path dir;

    private TestPartitions logs;
    private PartitionLog log;

    @BeforeEach
    void setUp() {
        logs = new TestPartitions(dir);
        log = logs.create("t", 0);
        logs.append("t", 0, "v", 3);
        // Two records past the high watermark (3): on the log, not yet committed.
        log.appendAsLeader(MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("late-0".getBytes(StandardCharsets.UTF_8)),
                new SimpleRecord("late-1".getBytes(StandardCharsets.UTF_8))).buffer(), EPOCH);
    }

    @AfterEach
    void tearDown() {
        logs.close();
    }

    @Test
    void aFollowerServesAConsumerUpToItsHighWatermark() {
        PartitionResult result = read(follower(true), consumer(Optional.of("r2"), 0, EPOCH));

        assertThat(result.errorCode()).isEqualTo(FetchErrors.NONE);
        assertThat(values(result)).containsExactly("v-0", "v-1", "v-2");
        assertThat(result.highWatermark()).isEqualTo(3);
        assertThat(result.preferredReadReplica()).isEmpty();
    }

    @Test
    void aFollowerAnswersNothingBetweenItsHighWatermarkAndLogEnd() {
        PartitionResult result = read(follower(true), consumer(Optional.of(""), 4, EPOCH));

        assertThat(result.errorCode()).isEqualTo(FetchErrors.NONE);
        assertThat(result.records().isEmpty()).isTrue();
    }

    @Test
    void aFollowerAnswersOutOfRangeBeyondItsLogEndUnlessTheConsumerSentNoEpoch() {
        assertThat(read(follower(true), consumer(Optional.of("r2"), 9, EPOCH)).errorCode())
                .isEqualTo(FetchErrors.OFFSET_OUT_OF_RANGE);
        PartitionResult noEpoch = read(follower(true), consumer(Optional.of("r2"), 9, -1));
        assertThat(noEpoch.errorCode()).isEqualTo(FetchErrors.NONE);
        assertThat(noEpoch.records().isEmpty()).isTrue();
    }

    @Test
    void aFollowerFencesByTheCurrentLeaderEpoch() {
        PartitionResult result = read(follower(true), consumer(Optional.of("r2"), 0, EPOCH + 1));
        assertThat(result.errorCode()).isEqualTo(FetchErrors.UNKNOWN_LEADER_EPOCH);
        assertThat(result.currentLeaderEpoch()).as("a follower does not name itself the leader").isEmpty();
    }

    @Test
    void aFollowerRefusesConsumersWithoutASelectorOrBeforeFetchV11AndRefusesOtherFollowers() {
        assertThat(read(follower(false), consumer(Optional.of("r2"), 0, EPOCH)).errorCode())
                .isEqualTo(FetchErrors.NOT_LEADER_OR_FOLLOWER);
        assertThat(read(follower(true), consumer(Optional.empty(), 0, EPOCH)).errorCode())
                .isEqualTo(FetchErrors.NOT_LEADER_OR_FOLLOWER);
        assertThat(read(follower(true), request(2, Optional.of(""), 0, EPOCH)).errorCode())
                .isEqualTo(FetchErrors.NOT_LEADER_OR_FOLLOWER);
    }

    @Test
    void theLeaderNamesThePreferredReplicaWithoutRecords() {
        PartitionResult result = read(leader(OptionalInt.of(2)), consumer(Optional.of("r2"), 0, EPOCH));

        assertThat(result.errorCode()).isEqualTo(FetchErrors.NONE);
        assertThat(result.preferredReadReplica()).hasValue(2);
        assertThat(result.records().isEmpty()).isTrue();
        assertThat(result.highWatermark()).isEqualTo(3);
        assertThat(result.lastStableOffset()).isEqualTo(3);
        assertThat(result.logStartOffset()).isZero();
    }

    @Test
    void theLeaderServesConsumersWithoutRackAndFollowersItself() {
        Hosting leader = leader(OptionalInt.of(2));
        assertThat(values(read(leader, consumer(Optional.of(""), 0, EPOCH)))).containsExactly("v-0", "v-1", "v-2");
        assertThat(values(read(leader, consumer(Optional.empty(), 0, EPOCH)))).containsExactly("v-0", "v-1", "v-2");
        PartitionResult follower = read(leader, request(2, Optional.of("r2"), 0, EPOCH));
        assertThat(follower.preferredReadReplica()).isEmpty();
        assertThat(values(follower)).containsExactly("v-0", "v-1", "v-2", "late-0", "late-1");
    }

    @Test
    void aRedirectIsAnsweredWithoutWaiting() {
        PartitionReader reader = new PartitionReader(leader(OptionalInt.of(3)));
        FetchRequest request = consumer(Optional.of("r3"), 3, EPOCH);

        PartitionReader.Reads reads = reader.readAll(request.partitions(), request);

        assertThat(reads.mustAnswer()).isTrue();
        assertThat(reads.results().get(0).preferredReadReplica()).hasValue(3);
    }

    private PartitionResult read(Hosting hosting, FetchRequest request) {
        return new PartitionReader(hosting).read(request.partitions().get(0), request, 1 << 20, true);
    }

    private Hosting follower(boolean selector) {
        return new Hosting(logs, true, selector, OptionalInt.empty());
    }

    private Hosting leader(OptionalInt preferred) {
        return new Hosting(logs, false, true, preferred);
    }

    private static FetchRequest consumer(Optional<String> rack, long offset, int epoch) {
        return request(CONSUMER, rack, offset, epoch);
    }

    private static FetchRequest request(int replicaId, Optional<String> rack, long offset, int epoch) {
        PartitionFetch fetch = new PartitionFetch(PartitionId.byName("t", 0), offset, epoch, -1, 1 << 20);
        return new FetchRequest(replicaId, 500, 1, 1 << 20, false, 0, -1, false, List.of(fetch), List.of(), rack);
    }

    /** The test logs as a leader (naming {@code preferred}) or as a follower, with or without a selector. */
    private record Hosting(TestPartitions logs, boolean asFollower, boolean selector, OptionalInt preferred)
            implements FetchablePartitions {
        @Override
        public Optional<FetchablePartition> partition(String topic, int partition) {
            return logs.partition(topic, partition).map(p -> asFollower
                    ? new FetchablePartition(p.key(), p.topicId(), p.leaderEpoch(), false, p.log(), true, true)
                    : p);
        }

        @Override
        public Optional<FetchablePartition> partition(Uuid topicId, int partition) {
            return logs.partition(topicId, partition).flatMap(p -> partition(p.key().topic(), partition));
        }

        @Override
        public boolean followersServeConsumers() {
            return selector;
        }

        @Override
        public OptionalInt preferredReadReplica(FetchablePartition partition, String clientRackId, long fetchOffset) {
            return selector ? preferred : OptionalInt.empty();
        }
    }
}
