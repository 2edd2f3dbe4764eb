package io.weir.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.weir.metadata.Uuid;
import io.weir.metadata.image.PartitionRegistration;
import io.weir.metadata.record.Endpoint;
import io.weir.metadata.record.PartitionChangeRecord;
import io.weir.metadata.record.PartitionRecord;
import io.weir.metadata.record.RegisterBrokerRecord;
import io.weir.metadata.record.SecurityProtocol;
import io.weir.metadata.record.TopicRecord;
import io.weir.metadata.store.LocalMetadataStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AlterPartition's checks and commit against a local metadata store (commits run on the caller's thread here). */
class StoreAlterPartitionTest {
    @TempDir
    Path dir;

    private final Uuid topicId = Uuid.random();
    private LocalMetadataStore store;
    private StoreAlterPartition sender;

    @BeforeEach
    void start() throws Exception {
        store = LocalMetadataStore.open(dir);
        for (int node = 1; node <= 3; node++) {
            store.commit(List.of(new RegisterBrokerRecord(node, Uuid.random(), node, List.of(new Endpoint("PLAINTEXT", "localhost",
                    9000 + node, SecurityProtocol.PLAINTEXT)), Optional.empty(), node == 3)));
        }
        store.commit(List.of(new TopicRecord("orders", topicId),
                new PartitionRecord(topicId, 0, List.of(1, 2, 3), List.of(1, 2), 1, 4, 9)));
        sender = new StoreAlterPartition(store, Runnable::run);
    }

    @AfterEach
    void stop() throws Exception {
        store.close();
    }

    private PartitionRegistration registration() {
        return store.image().topics().getTopic(topicId).flatMap(t -> t.partition(0)).orElseThrow();
    }

    private PartitionError refusal(int leaderId, int leaderEpoch, int partitionEpoch, List<Integer> isr) {
        Throwable failure = catchThrowable(
                () -> sender.alterPartition(topicId, 0, leaderId, leaderEpoch, partitionEpoch, isr).join());
        assertThat(failure).isInstanceOf(CompletionException.class).hasCauseInstanceOf(ReplicaException.class);
        return ((ReplicaException) failure.getCause()).error();
    }

    @Test
    void aValidShrinkIsCommittedWithANewPartitionEpoch() {
        PartitionRegistration after = sender.alterPartition(topicId, 0, 1, 4, 9, List.of(1)).join();
        assertThat(after.isr()).containsExactly(1);
        assertThat(after.partitionEpoch()).isEqualTo(10);
        assertThat(after.leaderEpoch()).isEqualTo(4);
        assertThat(registration()).isEqualTo(after);
    }

    @Test
    void staleEpochsAndWrongLeadersAreRefused() {
        assertThat(refusal(1, 3, 9, List.of(1))).isEqualTo(PartitionError.FENCED_LEADER_EPOCH);
        assertThat(refusal(2, 4, 9, List.of(1, 2))).isEqualTo(PartitionError.FENCED_LEADER_EPOCH);
        assertThat(refusal(1, 4, 8, List.of(1))).isEqualTo(PartitionError.INVALID_UPDATE_VERSION);
        store.commit(List.of(new PartitionChangeRecord(topicId, 0, OptionalInt.empty(), Optional.of(List.of(1)), Optional.empty())));
        assertThat(refusal(1, 4, 9, List.of(1, 2))).as("the previous change was already applied")
                .isEqualTo(PartitionError.INVALID_UPDATE_VERSION);
    }

    @Test
    void malformedOrIneligibleIsrsAreRefused() {
        assertThat(refusal(1, 4, 9, List.of(2))).isEqualTo(PartitionError.INVALID_REQUEST);
        assertThat(refusal(1, 4, 9, List.of(1, 1))).isEqualTo(PartitionError.INVALID_REQUEST);
        assertThat(refusal(1, 4, 9, List.of(1, 7))).isEqualTo(PartitionError.INVALID_REQUEST);
        assertThat(refusal(1, 4, 9, List.of(1, 2, 3))).as("node 3 is fenced").isEqualTo(PartitionError.INELIGIBLE_REPLICA);
        assertThat(registration().isr()).containsExactly(1, 2);
    }

    @Test
    void unknownTopicsAndPartitionsAreRefused() {
        assertThatThrownBy(() -> sender.alterPartition(Uuid.random(), 0, 1, 4, 9, List.of(1)).join())
                .cause().isInstanceOf(ReplicaException.class)
                .extracting(e -> ((ReplicaException) e).error()).isEqualTo(PartitionError.UNKNOWN_TOPIC_ID);
        assertThatThrownBy(() -> sender.alterPartition(topicId, 5, 1, 4, 9, List.of(1)).join())
                .cause().isInstanceOf(ReplicaException.class)
                .extracting(e -> ((ReplicaException) e).error()).isEqualTo(PartitionError.UNKNOWN_TOPIC_OR_PARTITION);
    }

    @Test
    void anUnchangedIsrCommitsNothing() {
        long offset = store.image().offset();
        assertThat(sender.alterPartition(topicId, 0, 1, 4, 9, List.of(1, 2)).join().partitionEpoch()).isEqualTo(9);
        assertThat(store.image().offset()).isEqualTo(offset);
    }
}
