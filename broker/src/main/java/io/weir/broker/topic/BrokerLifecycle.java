package io.weir.broker.topic;

import io.weir.metadata.Uuid;
import io.weir.metadata.controller.BrokerHeartbeatReply;
import io.weir.metadata.controller.BrokerHeartbeatRequest;
import io.weir.metadata.controller.BrokerRegistrationRequest;
import io.weir.metadata.controller.ControllerChannel;
import io.weir.metadata.controller.StaleBrokerEpochException;
import io.weir.metadata.image.MetadataImage;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster broker's life with the active controller (KIP-631): register at start with a random
 * incarnation id (one per process start), then heartbeat every {@code broker.heartbeat.interval.ms}
 * reporting the metadata offset applied; the controller unfences the broker once that offset
 * reaches its registration and fences it when heartbeats stop for {@code broker.session.timeout.ms}.
 * On {@link #close()}, when {@code controlled.shutdown.enable}, it asks to shut down and waits
 * (bounded) until the controller has moved its leaderships and answers that it may stop.
 *
 * <p>A failed registration or heartbeat is retried at the next tick; a heartbeat refused for a
 * stale broker epoch registers again. Nothing here blocks the scheduler: calls are asynchronous and
 * the next tick is scheduled when the previous call completes. While fenced, ticks come faster
 * (at most {@value #FENCED_INTERVAL_MS} ms apart) so that a starting broker is unfenced quickly.
 *
 * <p>Thread-safety: state is touched by one tick at a time (ticks are chained) and read through
 * volatile fields; {@link #close()} may be called from any thread.
 */
public final class BrokerLifecycle implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BrokerLifecycle.class);
    static final long FENCED_INTERVAL_MS = 100;

    /**
     * How the lifecycle runs.
     *
     * @param heartbeatIntervalMs {@code broker.heartbeat.interval.ms}
     * @param controlledShutdown {@code controlled.shutdown.enable}
     * @param controlledShutdownTimeoutMs how long {@link #close()} waits for the controller
     */
    public record Settings(long heartbeatIntervalMs, boolean controlledShutdown, long controlledShutdownTimeoutMs) {}

    private final BrokerIdentity identity;
    private final ControllerChannel controller;
    private final Supplier<MetadataImage> images;
    private final ScheduledExecutorService scheduler;
    private final Settings settings;
    private final Uuid incarnationId = Uuid.random();
    private volatile OptionalLong brokerEpoch = OptionalLong.empty();
    private volatile boolean fenced = true;
    private volatile boolean stopped;

    /**
     * @param identity this broker, with its advertised endpoints as bound
     * @param controller the channel to the active controller
     * @param images this broker's current metadata image
     * @param scheduler the node's scheduler, for the ticks
     * @param settings intervals and shutdown behaviour
     */
    public BrokerLifecycle(BrokerIdentity identity, ControllerChannel controller, Supplier<MetadataImage> images,
            ScheduledExecutorService scheduler, Settings settings) {
        this.identity = identity;
        this.controller = controller;
        this.images = images;
        this.scheduler = scheduler;
        this.settings = settings;
    }

    /** Starts registering; returns at once. */
    public void start() {
        schedule(0);
    }

    /** The broker epoch the controller granted, empty until registered. */
    public OptionalLong brokerEpoch() {
        return brokerEpoch;
    }

    /** Whether the controller last answered that this broker is fenced. */
    public boolean isFenced() {
        return fenced;
    }

    private void tick() {
        if (stopped) {
            return;
        }
        CompletableFuture<?> call;
        try {
            call = brokerEpoch.isEmpty() ? register() : heartbeat();
        } catch (RuntimeException e) {
            log.warn("{}could not reach the controller", identity.logPrefix(), e);
            call = CompletableFuture.failedFuture(e);
        }
        call.whenComplete((ignored, error) -> schedule(fenced ? Math.min(FENCED_INTERVAL_MS,
                settings.heartbeatIntervalMs()) : settings.heartbeatIntervalMs()));
    }

    private CompletableFuture<?> register() {
        BrokerRegistrationRequest request = new BrokerRegistrationRequest(identity.nodeId(), incarnationId,
                identity.advertisedListeners(), identity.rack());
        return controller.registerBroker(request).whenComplete((epoch, error) -> {
            if (error != null) {
                log.debug("{}registration failed, retrying: {}", identity.logPrefix(), unwrap(error).toString());
                return;
            }
            brokerEpoch = OptionalLong.of(epoch);
            fenced = true;
            log.info("{}registered with broker epoch {} (incarnation {})", identity.logPrefix(), epoch, incarnationId);
        });
    }

    private CompletableFuture<?> heartbeat() {
        return controller.heartbeat(request(false)).whenComplete((reply, error) -> {
            if (error == null) {
                if (fenced && !reply.fenced()) {
                    log.info("{}unfenced by the controller", identity.logPrefix());
                } else if (!fenced && reply.fenced()) {
                    log.info("{}fenced by the controller", identity.logPrefix());
                }
                fenced = reply.fenced();
            } else if (unwrap(error) instanceof StaleBrokerEpochException) {
                log.info("{}the controller no longer knows broker epoch {}; registering again", identity.logPrefix(),
                        brokerEpoch.getAsLong());
                brokerEpoch = OptionalLong.empty();
                fenced = true;
            } else {
                log.debug("{}heartbeat failed: {}", identity.logPrefix(), unwrap(error).toString());
            }
        });
    }

    private BrokerHeartbeatRequest request(boolean wantShutDown) {
        return new BrokerHeartbeatRequest(identity.nodeId(), brokerEpoch.getAsLong(), images.get().offset(),
                wantShutDown);
    }

    private void schedule(long delayMs) {
        if (stopped) {
            return;
        }
        try {
            scheduler.schedule(this::tick, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            stopped = true;
        }
    }

    /**
     * Stops heartbeating without asking the controller: what a crash looks like to the cluster
     * (the controller fences this broker once its session expires).
     */
    public void abandon() {
        stopped = true;
    }

    /**
     * Stops: with controlled shutdown on and a registration held, asks the controller to move this
     * broker's leaderships and waits until it answers that the broker may stop, or until the
     * timeout; then stops heartbeating.
     */
    @Override
    public void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (!settings.controlledShutdown() || brokerEpoch.isEmpty()) {
            return;
        }
        long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.controlledShutdownTimeoutMs());
        log.info("{}asking the controller for a controlled shutdown", identity.logPrefix());
        while (System.nanoTime() - deadlineNs < 0) {
            long remainingMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNs - System.nanoTime()));
            try {
                BrokerHeartbeatReply reply = controller.heartbeat(request(true)).get(remainingMs, TimeUnit.MILLISECONDS);
                if (reply.shouldShutDown()) {
                    log.info("{}controlled shutdown complete", identity.logPrefix());
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                log.debug("{}controlled shutdown request failed: {}", identity.logPrefix(), unwrap(e).toString());
                // A quick failure (no controller yet) must not spin: pause before asking again.
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(FENCED_INTERVAL_MS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        log.warn("{}the controller did not complete the controlled shutdown in {} ms; stopping anyway",
                identity.logPrefix(), settings.controlledShutdownTimeoutMs());
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
