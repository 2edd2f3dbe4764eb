package io.weir.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.broker.topic.NewTopic;
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
    void enoughBrokersKeepTheConfiguredFactor() {
        InternalTopicCreator creator = new InternalTopicCreator(null, STATE, 1);

        assertThat(creator.sized(3)).isEqualTo(STATE);
        assertThat(creator.sized(5)).isEqualTo(STATE);
    }
}
