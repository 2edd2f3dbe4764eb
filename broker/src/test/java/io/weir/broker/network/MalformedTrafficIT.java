package io.weir.broker.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.weir.broker.testing.KafkaWire;
import io.weir.broker.testing.RawClient;
import io.weir.broker.testing.RunningServer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile and broken clients: each gets its connection closed, while a well-behaved client on
 * the same server keeps being served.
 */
class MalformedTrafficIT {

    private static final int CLOSE_DEADLINE_MS = 5_000;
    private static SocketServer server;
    private static RawClient wellBehaved;
    private static int correlationId;

    @BeforeAll
    static void start() {
        server = RunningServer.start(RunningServer.localConfig().withFrameReadTimeoutMs(300));
        wellBehaved = RawClient.connect(server.boundPort());
    }

    @AfterAll
    static void stop() {
        wellBehaved.close();
        server.close();
    }

    @Test
    void negativeSize() {
        assertClosedAndOthersServed(() -> ByteBuffer.allocate(4).putInt(-1).flip());
    }

    @Test
    void sizeOfTwoGibibytes() {
        assertClosedAndOthersServed(() -> ByteBuffer.allocate(6).putInt(0x8000_0000).putShort((short) 18).flip());
        assertClosedAndOthersServed(() -> ByteBuffer.allocate(6).putInt(Integer.MAX_VALUE).putShort((short) 18).flip());
    }

    @Test
    void sizeJustAboveTheMaximum() {
        assertClosedAndOthersServed(() -> ByteBuffer.allocate(4).putInt(ListenerConfig.DEFAULT_MAX_REQUEST_BYTES + 1).flip());
    }

    @Test
    void emptyFrame() {
        assertClosedAndOthersServed(() -> ByteBuffer.allocate(4).putInt(0).flip());
    }

    @Test
    void garbageBody() {
        byte[] garbage = {0, 3, 0, 4, 0, 0, 0, 1, 0, 0, (byte) 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1};
        assertClosedAndOthersServed(() -> KafkaWire.sized(ByteBuffer.wrap(garbage)));
    }

    @Test
    void unknownApiKey() {
        assertClosedAndOthersServed(() -> KafkaWire.sized(ByteBuffer.allocate(10).putShort((short) 12_345).putShort((short) 0).putInt(1).putShort((short) -1).flip()));
    }

    @Test
    void versionTheCodecDoesNotKnow() {
        assertClosedAndOthersServed(() -> KafkaWire.sized(ByteBuffer.allocate(10).putShort((short) 0).putShort((short) 99).putInt(1).putShort((short) -1).flip()));
    }

    @Test
    void halfAFrameThenStall() {
        assertClosedAndOthersServed(() -> ByteBuffer.allocate(14).putInt(100).putShort((short) 18).putShort((short) 0).putInt(1).putShort((short) -1).flip());
    }

    @Test
    void halfASizePrefixThenStall() {
        assertClosedAndOthersServed(() -> ByteBuffer.allocate(2).putShort((short) 0).flip());
    }

    @Test
    void garbageAfterAGoodRequestStillGetsTheGoodAnswer() {
        try (RawClient client = RawClient.connect(server.boundPort())) {
            client.send(KafkaWire.apiVersionsRequest(3, 9)).sendRaw(ByteBuffer.allocate(4).putInt(-7).flip());

            assertThat(KafkaWire.correlationIdOf(client.receive())).isEqualTo(9);
            assertThat(client.awaitClosedByBroker(CLOSE_DEADLINE_MS)).isTrue();
        }
        assertWellBehavedServed();
    }

    @Test
    void idleConnectionsAreClosed() {
        try (SocketServer idleServer = RunningServer.start(RunningServer.localConfig().withConnectionsMaxIdleMs(300));
                RawClient idle = RawClient.connect(idleServer.boundPort())) {
            idle.roundTrip(KafkaWire.apiVersionsRequest(3, 1));

            assertThat(idle.awaitClosedByBroker(CLOSE_DEADLINE_MS)).isTrue();
            try (RawClient fresh = RawClient.connect(idleServer.boundPort())) {
                assertThat(KafkaWire.correlationIdOf(fresh.roundTrip(KafkaWire.apiVersionsRequest(3, 2)))).isEqualTo(2);
            }
        }
    }

    @Test
    void manyConnectionsClaimingHugeFramesDoNotCostTheirClaims() throws Exception {
        int connections = 200;
        long memoryBefore = memoryInUse();
        List<RawClient> clients = new ArrayList<>();
        try (SocketServer memoryServer = RunningServer.start(RunningServer.localConfig())) {
            for (int i = 0; i < connections; i++) {
                clients.add(RawClient.connect(memoryServer.boundPort()).sendRaw(
                        ByteBuffer.allocate(10).putInt(100_000_000).putShort((short) 18).putShort((short) 3).putShort((short) 0).flip()));
            }
            awaitConnections(memoryServer, connections);
            try (RawClient probe = RawClient.connect(memoryServer.boundPort())) {
                // Requests are read in order per connection, and this one's answer comes after the
                // server has read every earlier connection's bytes on its event loop at least once.
                assertThat(KafkaWire.correlationIdOf(probe.roundTrip(KafkaWire.apiVersionsRequest(3, 5)))).isEqualTo(5);
            }

            assertThat(memoryInUse() - memoryBefore).as("bytes held for %d claims of 100 MB", connections).isLessThan(64L << 20);
        } finally {
            clients.forEach(RawClient::close);
        }
    }

    private static void assertClosedAndOthersServed(Supplier<ByteBuffer> badBytes) {
        try (RawClient bad = RawClient.connect(server.boundPort())) {
            bad.sendRaw(badBytes.get());

            assertThat(bad.awaitClosedByBroker(CLOSE_DEADLINE_MS)).as("broker closed the connection").isTrue();
        }
        assertWellBehavedServed();
    }

    private static synchronized void assertWellBehavedServed() {
        int id = ++correlationId;
        var parsed = KafkaWire.apiVersionsResponse(wellBehaved.roundTrip(KafkaWire.apiVersionsRequest(3, id)), 3);
        assertThat(parsed.correlationId()).isEqualTo(id);
        assertThat(parsed.body().errorCode()).isZero();
    }

    private static void awaitConnections(SocketServer target, int count) throws InterruptedException {
        long deadlineNs = System.nanoTime() + 10_000_000_000L;
        while (target.connectionCount() < count && System.nanoTime() < deadlineNs) {
            Thread.sleep(1);
        }
        assertThat(target.connectionCount()).isGreaterThanOrEqualTo(count);
    }

    private static long memoryInUse() {
        ByteBufAllocatorMetric netty = ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric();
        Runtime runtime = Runtime.getRuntime();
        return netty.usedDirectMemory() + netty.usedHeapMemory() + (runtime.totalMemory() - runtime.freeMemory());
    }
}
