package io.weir.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.broker.topic.NewTopic;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InternalTopicCreatorTest {
    private static final NewTopic STATE = new NewTopic("__transaction_state", 50, 3, List.of(),
            List.of(new NewTopic.Config("cleanup.policy", Optional.of("compact")), new NewTopic.Config("min.insync.replicas", Optional.of("2"))));

    @Test
    void aSingleNodeCapsTheReplicationFactorAndMinIsrToItsBrokers() {
        NewTopic sized = new InternalTopicCreator(null, STATE, 1).sized(1);

        assertThat(sized.replicationFactor()).isEqualTo(1);
        assertThat(sized.configs()).contains(new NewTopic.Config("min.insync.replicas", Optional.of("1")),
                new NewTopic.Config("cleanup.policy", Optional.of("compact")));
    }

    @Test
    void aTwoNodeClusterGetsTwoReplicas() {
        NewTopic sized = new InternalTopicCreator(null, STATE, 1).sized(2);

        assertThat(sized.replicationFactor()).isEqualTo(2);
        assertThat(sized.configs()).contains(new NewTopic.Config("min.insync.replicas", Optional.of("2")));
    }

    @Test
    void aClusterNodeWaitsForItsVotersToRegisterUntilItsDeadline() {
        InternalTopicCreator before = new InternalTopicCreator(null, STATE, 1, new ExpectedBrokers(3, 31_000, at(30_999)));
        InternalTopicCreator after = new InternalTopicCreator(null, STATE, 1, new ExpectedBrokers(3, 31_000, at(31_000)));

        assertThat(before.waiting(1)).isTrue();
        assertThat(before.waiting(2)).isTrue();
        assertThat(before.waiting(3)).isFalse();
        assertThat(after.waiting(1)).as("after the deadline the registered brokers are all there is").isFalse();
        assertThat(after.sized(1).replicationFactor()).isEqualTo(1);
    }

    @Test
    void aClusterNodeWaitsForNoMoreBrokersThanTheConfiguredFactor() {
        NewTopic single = new NewTopic("__consumer_offsets", 50, 1, List.of(), List.of());
        InternalTopicCreator creator = new InternalTopicCreator(null, single, 1, new ExpectedBrokers(3, Long.MAX_VALUE, Clock.systemUTC()));

        assertThat(creator.waiting(1)).isFalse();
    }

    @Test
    void aSingleNodeNeverWaits() {
        assertThat(new InternalTopicCreator(null, STATE, 1).waiting(1)).isFalse();
    }

    private static Clock at(long millis) {
        return Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }

    @Test
    void enoughBrokersKeepTheConfiguredFactor() {
        InternalTopicCreator creator = new InternalTopicCreator(null, STATE, 1);

        assertThat(creator.sized(3)).isEqualTo(STATE);
        assertThat(creator.sized(5)).isEqualTo(STATE);
    }
}
