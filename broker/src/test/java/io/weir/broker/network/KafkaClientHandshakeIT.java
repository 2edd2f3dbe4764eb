package io.weir.broker.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.broker.handler.ApiHandler;
import io.weir.broker.handler.Reply;
import io.weir.broker.handler.RequestContext;
import io.weir.broker.testing.RunningServer;
import io.weir.protocol.VersionRange;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseBroker;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;

/**
 * kafka-clients' own Admin client connects: it sends ApiVersions at its newest version (v5),
 * gets the KIP-511 answer, retries at v4, and then sends Metadata, answered here by a stub
 * handler that lists this broker.
 */
class KafkaClientHandshakeIT {

    @Test
    void adminClientCompletesTheApiVersionsHandshake() throws Exception {
        StubMetadataHandler metadata = new StubMetadataHandler();
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
                assertThat(clusterId).isEqualTo("weir-handshake-test");
                assertThat(metadata.calls.get()).isPositive();
            }
        }
    }

    /** Metadata (api key 3), versions 0 to 13: this broker alone, no topics. Test stub only. */
    static final class StubMetadataHandler implements ApiHandler<MetadataRequestData> {
        final AtomicInteger calls = new AtomicInteger();
        volatile int port;

        @Override
        public ApiKeys apiKey() {
            return ApiKeys.METADATA;
        }

        @Override
        public VersionRange versions() {
            return VersionRange.of(0, 13);
        }

        @Override
        public CompletionStage<Reply> handle(RequestContext context, MetadataRequestData request) {
            calls.incrementAndGet();
            MetadataResponseData response = new MetadataResponseData().setClusterId("weir-handshake-test").setControllerId(1);
            response.brokers().add(new MetadataResponseBroker().setNodeId(1).setHost("127.0.0.1").setPort(port));
            return Reply.completed(response);
        }
    }
}
