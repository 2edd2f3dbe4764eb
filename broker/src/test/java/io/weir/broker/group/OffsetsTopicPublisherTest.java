package io.weir.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.metadata.TopicNames;
import io.weir.metadata.Uuid;
import io.weir.metadata.image.MetadataDelta;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.record.PartitionChangeRecord;
import io.weir.metadata.record.PartitionRecord;
import io.weir.metadata.record.TopicRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class OffsetsTopicPublisherTest {
    private static final Uuid TOPIC_ID = Uuid.random();

    private final List<String> calls = new ArrayList<>();
    private final CoordinatorLeadership coordinator = new CoordinatorLeadership() {
        @Override
        public void onBecomeLeader(int partition, int leaderEpoch) {
            calls.add("lead " + partition + "@" + leaderEpoch);
        }

        @Override
        public void onResign(int partition) {
            calls.add("resign " + partition);
        }
    };

    /**
     * A restarting node registered at the image where it led partition 0; the metadata thread then
     * applied the move of that leadership to node 2 before the starting thread published the
     * registration image: the late, older image must not make this node load the partition.
     */
    @Test
    void anImageOlderThanOneAppliedIsIgnored() {
        MetadataImage ledHere = new MetadataImage(0, MetadataImage.EMPTY.features(), MetadataImage.EMPTY.cluster(),
                MetadataImage.EMPTY.topics(), MetadataImage.EMPTY.configs(), MetadataImage.EMPTY.producerIds());
        MetadataDelta created = new MetadataDelta(ledHere);
        created.replayAll(List.of(new TopicRecord(TopicNames.CONSUMER_OFFSETS, TOPIC_ID),
                new PartitionRecord(TOPIC_ID, 0, List.of(1, 2), List.of(1, 2), 1, 0, 0)));
        ledHere = created.apply(1);
        MetadataDelta moved = new MetadataDelta(ledHere);
        moved.replayAll(List.of(new PartitionChangeRecord(TOPIC_ID, 0, OptionalInt.of(2), Optional.of(List.of(2)),
                Optional.empty())));
        MetadataImage ledElsewhere = moved.apply(2);
        OffsetsTopicPublisher publisher = new OffsetsTopicPublisher(1, TopicNames.CONSUMER_OFFSETS, coordinator);

        publisher.onMetadataUpdate(moved, ledElsewhere);
        publisher.publishAll(ledHere);

        assertThat(calls).isEmpty();
    }

    @Test
    void leadershipGainedThenLostLoadsThenResigns() {
        MetadataDelta created = new MetadataDelta(MetadataImage.EMPTY);
        created.replayAll(List.of(new TopicRecord(TopicNames.CONSUMER_OFFSETS, TOPIC_ID),
                new PartitionRecord(TOPIC_ID, 0, List.of(1, 2), List.of(1, 2), 1, 0, 0)));
        MetadataImage ledHere = created.apply(0);
        MetadataDelta moved = new MetadataDelta(ledHere);
        moved.replayAll(List.of(new PartitionChangeRecord(TOPIC_ID, 0, OptionalInt.of(2), Optional.empty(), Optional.empty())));
        OffsetsTopicPublisher publisher = new OffsetsTopicPublisher(1, TopicNames.CONSUMER_OFFSETS, coordinator);

        publisher.publishAll(ledHere);
        publisher.onMetadataUpdate(moved, moved.apply(1));

        assertThat(calls).containsExactly("lead 0@0", "resign 0");
    }
}
