package io.weir.controller;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * When the active controller last heard from each broker, kept in memory only: heartbeats are not
 * written to the metadata log. A new active controller starts by treating every registered broker
 * as just heard from, so that a leader change never fences a healthy broker.
 *
 * <p>Not thread-safe: owned by the active controller's thread.
 */
final class BrokerHeartbeats {
    private final long sessionTimeoutMs;
    private final Map<Integer, Long> lastHeardMs = new HashMap<>();
    private final Set<Integer> shuttingDown = new HashSet<>();

    BrokerHeartbeats(long sessionTimeoutMs) {
        this.sessionTimeoutMs = sessionTimeoutMs;
    }

    /** Heard from {@code nodeId} at {@code nowMs}. */
    void onHeartbeat(int nodeId, long nowMs) {
        lastHeardMs.put(nodeId, nowMs);
    }

    /** A new registration of {@code nodeId}: heard from now, no longer shutting down. */
    void onRegistration(int nodeId, long nowMs) {
        lastHeardMs.put(nodeId, nowMs);
        shuttingDown.remove(nodeId);
    }

    /** {@code nodeId} asked for a controlled shutdown: it is not unfenced again until it registers anew. */
    void onShutdownRequest(int nodeId) {
        shuttingDown.add(nodeId);
    }

    boolean isShuttingDown(int nodeId) {
        return shuttingDown.contains(nodeId);
    }

    /** Brokers not yet tracked are taken as heard from at {@code nowMs}. */
    void trackAll(List<Integer> nodeIds, long nowMs) {
        nodeIds.forEach(id -> lastHeardMs.putIfAbsent(id, nowMs));
    }

    /**
     * Whether {@code nodeId}'s session has expired: nothing heard for longer than the session
     * timeout. An untracked broker has not expired.
     */
    boolean expired(int nodeId, long nowMs) {
        Long last = lastHeardMs.get(nodeId);
        return last != null && nowMs - last > sessionTimeoutMs;
    }
}
