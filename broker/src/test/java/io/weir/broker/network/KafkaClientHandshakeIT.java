package io.weir.broker.network;

import io.weir.broker.testing.StubMetadataHandler;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.broker.testing.RunningServer;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.Test;

/**
 * kafka-clients' own Admin client connects: it sends ApiVersions at its newest version (v5), and
 * then Metadata, answered here by a stub handler that lists this broker.
 */
class KafkaClientHandshakeIT {

    @Test
    void adminClientCompletesTheApiVersionsHandshake() throws Exception {
        StubMetadataHandler metadata = StubMetadataHandler.brokerOnly();
        try (SocketServer server = RunningServer.start(RunningServer.localConfig(), metadata)) {
            metadata.port = server.boundPort();
            Map<String, Object> config = Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + server.boundPort(),
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
            try (Admin admin = Admin.create(config)) {
                Collection<Node> nodes = admin.describeCluster().nodes().get(20, TimeUnit.SECONDS);
                String clusterId = admin.describeCluster().clusterId().get(20, TimeUnit.SECONDS);

                assertThat(nodes).extracting(Node::id, Node::port).containsExactly(org.assertj.core.groups.Tuple.tuple(1, server.boundPort()));
                assertThat(clusterId).isEqualTo("weir-stub-cluster");
                assertThat(metadata.calls.get()).isPositive();
            }
        }
    }
}
