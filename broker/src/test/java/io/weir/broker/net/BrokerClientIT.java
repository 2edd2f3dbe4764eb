package io.weir.broker.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.broker.network.SocketServer;
import io.weir.broker.testing.RunningServer;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The inter-broker client against a real listener: both header versions, failures, backoff and reconnecting. */
class BrokerClientIT {
    private static final long BACKOFF_MS = 1000;

    private final AtomicLong nowMs = new AtomicLong(1_000_000);
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(nowMs.get());
        }
    };
    private final AtomicReference<Optional<InetSocketAddress>> address = new AtomicReference<>(Optional.empty());
    private SocketServer server;
    private BrokerClient client;

    @BeforeEach
    void start() {
        server = startServer();
        client = new BrokerClient("[test]", "weir-test", address::get, 10_000, BACKOFF_MS, clock);
    }

    private SocketServer startServer() {
        SocketServer started = RunningServer.start(RunningServer.localConfig());
        address.set(Optional.of(new InetSocketAddress("127.0.0.1", started.boundPort())));
        return started;
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private ApiVersionsResponseData apiVersions(short version) {
        ApiVersionsRequestData request = new ApiVersionsRequestData().setClientSoftwareName("weir").setClientSoftwareVersion("1");
        return client.send(request, version, ApiVersionsResponseData.class);
    }

    @Test
    void sendsWithTheHeaderEachVersionNeeds() {
        for (short version : new short[] {0, 3}) {
            ApiVersionsResponseData response = apiVersions(version);
            assertThat(response.errorCode()).isZero();
            assertThat(response.apiKeys().find(ApiKeys.API_VERSIONS.id)).isNotNull();
        }
    }

    @Test
    void aDeadBrokerFailsTheCallAndIsRetriedAfterTheBackoffAtItsNewAddress() {
        apiVersions((short) 3);
        server.close();
        assertThatThrownBy(() -> apiVersions((short) 3)).isInstanceOf(BrokerClientException.class);
        server = startServer();
        assertThatThrownBy(() -> apiVersions((short) 3)).isInstanceOf(BrokerClientException.class).hasMessageContaining("backing off");
        nowMs.addAndGet(BACKOFF_MS);
        assertThat(apiVersions((short) 3).errorCode()).isZero();
    }

    @Test
    void anUnknownAddressFailsAndAClosedClientStaysClosed() {
        address.set(Optional.empty());
        assertThatThrownBy(() -> apiVersions((short) 3)).isInstanceOf(BrokerClientException.class).hasMessageContaining("unknown");
        client.close();
        assertThatThrownBy(() -> apiVersions((short) 3)).isInstanceOf(BrokerClientException.class).hasMessageContaining("closed");
    }
}
