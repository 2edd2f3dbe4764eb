package io.weir.broker.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.weir.broker.handler.Reply;
import io.weir.broker.testing.KafkaWire;
import io.weir.broker.testing.RawClient;
import io.weir.broker.testing.RunningServer;
import io.weir.broker.testing.ScriptedHeartbeatHandler;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SocketServerIT {

    private final ScriptedHeartbeatHandler heartbeat = new ScriptedHeartbeatHandler();
    private SocketServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void answersApiVersionsAtEveryImplementedVersion() {
        server = RunningServer.start(RunningServer.localConfig(), heartbeat);
        try (RawClient client = RawClient.connect(server.boundPort())) {
            for (int version = 0; version <= 5; version++) {
                var parsed = KafkaWire.apiVersionsResponse(client.roundTrip(KafkaWire.apiVersionsRequest(version, 100 + version)), version);

                assertThat(parsed.correlationId()).isEqualTo(100 + version);
                assertThat(parsed.body().errorCode()).isEqualTo(Errors.NONE.code());
                assertThat(parsed.body().apiKeys()).extracting(ApiVersion::apiKey).containsExactly(ApiKeys.HEARTBEAT.id, ApiKeys.API_VERSIONS.id);
            }
        }
    }

    @Test
    void apiVersionsAtAVersionWeirDoesNotImplementGetsErrorAndRanges() {
        server = RunningServer.start(RunningServer.localConfig());
        // v6 is unknown even to the codec: header v2, then a body nobody can read.
        ByteBuffer v6 = ByteBuffer.allocate(15).putShort(ApiKeys.API_VERSIONS.id).putShort((short) 6).putInt(77)
                .putShort((short) -1).put((byte) 0).putInt(0xdeadbeef).flip();
        try (RawClient client = RawClient.connect(server.boundPort())) {
            var future = KafkaWire.apiVersionsResponse(client.roundTrip(v6), 0);

            assertThat(future.correlationId()).isEqualTo(77);
            assertThat(future.body().errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
            assertThat(future.body().apiKeys().find(ApiKeys.API_VERSIONS.id))
                    .extracting(ApiVersion::minVersion, ApiVersion::maxVersion).containsExactly((short) 0, (short) 5);
            // The connection stays usable: the client retries at a version both know.
            assertThat(KafkaWire.apiVersionsResponse(client.roundTrip(KafkaWire.apiVersionsRequest(4, 56)), 4).body().errorCode()).isZero();
        }
    }

    @Test
    void hundredPipelinedRequestsAreAnsweredInOrder() {
        server = RunningServer.start(RunningServer.localConfig());
        ByteBuffer all = ByteBuffer.allocate(100 * 64);
        for (int i = 0; i < 100; i++) {
            all.put(KafkaWire.sized(KafkaWire.apiVersionsRequest(i % 5, i)));
        }
        try (RawClient client = RawClient.connect(server.boundPort())) {
            client.sendRaw(all.flip());

            for (int i = 0; i < 100; i++) {
                var parsed = KafkaWire.apiVersionsResponse(client.receive(), i % 5);
                assertThat(parsed.correlationId()).isEqualTo(i);
                assertThat(parsed.body().apiKeys()).isNotEmpty();
            }
        }
    }

    @Test
    void responsesLeaveInRequestOrderWhateverOrderHandlersComplete() throws Exception {
        server = RunningServer.start(RunningServer.localConfig(), heartbeat);
        String[] script = {"later", "later", "now", "none", "later", "bug"};
        try (RawClient client = RawClient.connect(server.boundPort())) {
            for (int i = 0; i < script.length; i++) {
                client.send(KafkaWire.request(ScriptedHeartbeatHandler.request(script[i]), 4, i));
            }
            List<CompletableFuture<Reply>> parked = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                parked.add(heartbeat.parked.poll(10, TimeUnit.SECONDS));
            }
            for (int i = parked.size() - 1; i >= 0; i--) {
                CompletableFuture<Reply> answer = parked.get(i);
                new Thread(() -> answer.complete(ScriptedHeartbeatHandler.answer())).start();
            }

            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                order.add(KafkaWire.correlationIdOf(client.receive()));
            }
            assertThat(order).containsExactly(0, 1, 2, 4, 5);
        }
    }

    @Test
    void stopsReadingAboveTheInFlightBound() throws Exception {
        server = RunningServer.start(RunningServer.localConfig().withMaxInFlightRequestsPerConnection(2), heartbeat);
        try (RawClient client = RawClient.connect(server.boundPort())) {
            for (int i = 0; i < 40; i++) {
                client.send(KafkaWire.request(ScriptedHeartbeatHandler.request("later"), 4, i));
            }
            for (int i = 0; i < 40; i++) {
                CompletableFuture<Reply> answer = heartbeat.parked.poll(10, TimeUnit.SECONDS);
                assertThat(answer).as("request %d reached the handler", i).isNotNull();
                assertThat(heartbeat.parked).hasSizeLessThanOrEqualTo(1);
                answer.complete(ScriptedHeartbeatHandler.answer());
            }

            for (int i = 0; i < 40; i++) {
                assertThat(KafkaWire.correlationIdOf(client.receive())).isEqualTo(i);
            }
        }
    }

    @Test
    void closeDisconnectsClientsAndStartsOnlyOnce() {
        server = RunningServer.start(RunningServer.localConfig());
        RawClient client = RawClient.connect(server.boundPort());
        client.roundTrip(KafkaWire.apiVersionsRequest(3, 1));

        server.close();

        assertThat(client.awaitClosedByBroker(5_000)).isTrue();
        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
        client.close();
    }

    @Test
    void usesEpollOnLinux() {
        assumeThat(System.getProperty("os.name")).startsWithIgnoringCase("linux");
        server = RunningServer.start(RunningServer.localConfig());

        assertThat(server.usesEpoll()).isTrue();
    }

}
