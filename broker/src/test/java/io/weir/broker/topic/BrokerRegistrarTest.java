package io.weir.broker.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.metadata.image.BrokerRegistration;
import io.weir.metadata.store.LocalMetadataStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerRegistrarTest {

    @TempDir
    Path dir;

    @Test
    void registersOnceAndAgainOnlyWhenTheListenersChange() throws IOException {
        BrokerRegistration first;
        try (LocalMetadataStore store = LocalMetadataStore.open(dir)) {
            first = BrokerRegistrar.registerIfNeeded(store, TopicFixtures.identity("localhost", 9092));
            assertThat(first.fenced()).isFalse();
            assertThat(first.listener("PLAINTEXT").orElseThrow().port()).isEqualTo(9092);
        }
        try (LocalMetadataStore store = LocalMetadataStore.open(dir)) {
            long offset = store.image().offset();
            assertThat(BrokerRegistrar.registerIfNeeded(store, TopicFixtures.identity("localhost", 9092))).isEqualTo(first);
            assertThat(store.image().offset()).isEqualTo(offset);

            BrokerRegistration moved = BrokerRegistrar.registerIfNeeded(store, TopicFixtures.identity("localhost", 9093));

            assertThat(moved.brokerEpoch()).isGreaterThan(first.brokerEpoch());
            assertThat(moved.incarnationId()).isNotEqualTo(first.incarnationId());
            assertThat(store.image().cluster().broker(TopicFixtures.NODE_ID).orElseThrow().listener("PLAINTEXT").orElseThrow().port())
                    .isEqualTo(9093);
        }
    }

    @Test
    void identityRejectsBadValues() {
        assertThatThrownBy(() -> new BrokerIdentity(1, "not-an-id", TopicFixtures.identity("h", 1).advertisedListeners(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BrokerIdentity(1, TopicFixtures.CLUSTER_ID, List.of(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
