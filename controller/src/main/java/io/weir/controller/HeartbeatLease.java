package io.weir.controller;

/**
 * The lease a voter's broker holds from its acknowledged heartbeats: while no active controller is
 * known (an election), the broker may go on leading what its image says it leads until the lease
 * ends. An unfenced answer to a heartbeat sent at {@code sentNs} makes the lease valid until
 * {@code sentNs} plus its length, half the session timeout: the controller that answered fences
 * the broker no sooner than a whole session after it received that heartbeat, and a newly elected
 * controller treats every broker as heard from when it takes over, so no controller can have
 * given the broker's partitions to another leader while the lease lasts. A fenced answer, or one
 * saying the broker epoch is stale, ends the lease at once.
 *
 * <p>Times are {@link System#nanoTime()} readings passed in. Thread-safe.
 */
final class HeartbeatLease {
    private final long lengthNs;
    private long validUntilNs;
    private boolean held;

    HeartbeatLease(long lengthNs) {
        this.lengthNs = lengthNs;
    }

    /** The controller answered a heartbeat sent at {@code sentNs}: with {@code fenced} false it extends the lease. */
    synchronized void onAnswer(long sentNs, boolean fenced) {
        if (fenced) {
            held = false;
            return;
        }
        long until = sentNs + lengthNs;
        if (!held || until - validUntilNs > 0) {
            validUntilNs = until;
        }
        held = true;
    }

    /** The controller no longer knows this broker's registration. */
    synchronized void revoke() {
        held = false;
    }

    synchronized boolean validAt(long nowNs) {
        return held && nowNs - validUntilNs < 0;
    }
}
