package io.weir.broker.topic;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.metadata.controller.AlterPartitionRequest;
import io.weir.metadata.controller.BrokerHeartbeatReply;
import io.weir.metadata.controller.BrokerHeartbeatRequest;
import io.weir.metadata.controller.BrokerRegistrationRequest;
import io.weir.metadata.controller.ControllerChannel;
import io.weir.metadata.controller.StaleBrokerEpochException;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.image.PartitionRegistration;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The broker's side of registration and heartbeats against a scripted controller: every request
 * the lifecycle sends is queued for the test, which waits on the queue (no sleeps).
 */
class BrokerLifecycleTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ScriptedController controller = new ScriptedController();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void registersThenHeartbeatsWithTheAppliedOffsetUntilUnfenced() throws Exception {
        BrokerLifecycle lifecycle = lifecycle(true);
        lifecycle.start();

        BrokerRegistrationRequest registration = (BrokerRegistrationRequest) controller.next();
        assertThat(registration.nodeId()).isEqualTo(TopicFixtures.NODE_ID);
        BrokerHeartbeatRequest first = (BrokerHeartbeatRequest) controller.next();
        assertThat(first.brokerEpoch()).isEqualTo(ScriptedController.EPOCH);
        assertThat(first.metadataOffset()).isEqualTo(MetadataImage.EMPTY.offset());
        assertThat(first.wantShutDown()).isFalse();

        controller.unfenced = true;
        for (int i = 0; i < 1000 && lifecycle.isFenced(); i++) {
            controller.next();
        }
        assertThat(lifecycle.isFenced()).isFalse();
        assertThat(lifecycle.brokerEpoch()).hasValue(ScriptedController.EPOCH);
        lifecycle.abandon();
    }

    @Test
    void registersAgainWhenTheControllerNoLongerKnowsItsEpoch() throws Exception {
        BrokerLifecycle lifecycle = lifecycle(true);
        controller.stale = true;
        lifecycle.start();
        BrokerRegistrationRequest first = (BrokerRegistrationRequest) controller.next();
        assertThat(controller.next()).isInstanceOf(BrokerHeartbeatRequest.class);

        Object again = controller.next();
        assertThat(again).isInstanceOf(BrokerRegistrationRequest.class);
        controller.stale = false;
        assertThat(((BrokerRegistrationRequest) again).incarnationId()).isEqualTo(first.incarnationId());
        lifecycle.abandon();
    }

    @Test
    void closeAsksForAControlledShutdownAndReturnsOnceAllowed() throws Exception {
        BrokerLifecycle lifecycle = lifecycle(true);
        lifecycle.start();
        controller.next();
        controller.next();

        lifecycle.close();

        Object last = controller.requests.stream().reduce((a, b) -> b).orElseThrow();
        assertThat(last).isInstanceOfSatisfying(BrokerHeartbeatRequest.class, h -> assertThat(h.wantShutDown()).isTrue());
    }

    @Test
    void withoutControlledShutdownCloseAsksNothing() throws Exception {
        BrokerLifecycle lifecycle = lifecycle(false);
        lifecycle.start();
        controller.next();
        controller.next();

        lifecycle.close();

        assertThat(controller.requests).noneMatch(r -> r instanceof BrokerHeartbeatRequest h && h.wantShutDown());
    }

    private BrokerLifecycle lifecycle(boolean controlledShutdown) {
        return new BrokerLifecycle(TopicFixtures.identity("127.0.0.1", 9092), controller, () -> MetadataImage.EMPTY,
                scheduler, new BrokerLifecycle.Settings(5, controlledShutdown, 10_000));
    }

    /** Answers like an active controller told by the test what to say; queues every request. */
    private static final class ScriptedController implements ControllerChannel {
        static final long EPOCH = 7;
        final BlockingQueue<Object> requests = new LinkedBlockingQueue<>();
        volatile boolean unfenced;
        volatile boolean stale;

        Object next() throws InterruptedException {
            Object request = requests.poll(10, TimeUnit.SECONDS);
            assertThat(request).as("a request within 10 s").isNotNull();
            return request;
        }

        @Override
        public CompletableFuture<Long> registerBroker(BrokerRegistrationRequest request) {
            requests.add(request);
            return CompletableFuture.completedFuture(EPOCH);
        }

        @Override
        public CompletableFuture<BrokerHeartbeatReply> heartbeat(BrokerHeartbeatRequest request) {
            requests.add(request);
            if (stale) {
                return CompletableFuture.failedFuture(new StaleBrokerEpochException("stale"));
            }
            return CompletableFuture.completedFuture(new BrokerHeartbeatReply(!unfenced || request.wantShutDown(),
                    request.wantShutDown()));
        }

        @Override
        public CompletableFuture<PartitionRegistration> alterPartition(AlterPartitionRequest request) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException());
        }

        @Override
        public OptionalInt activeControllerId() {
            return OptionalInt.of(1);
        }
    }
}
