package io.weir.broker.group;

/**
 * Runs a task after a delay: session timeouts, rebalance timeouts, the initial rebalance delay and
 * the offset-expiry check. Tasks are keyed: scheduling a key again replaces the earlier task, and
 * a cancelled task does not run unless it had already started. Tasks run on any thread; the
 * coordinator moves them onto the shard's lane and re-checks that they are still current there.
 * Thread-safety: implementations must accept calls from any thread.
 */
public interface CoordinatorTimer {

    /** Runs {@code task} after {@code delayMs}, replacing any task scheduled under {@code key}. */
    void schedule(String key, long delayMs, Runnable task);

    /** Cancels the task under {@code key}, if any. */
    void cancel(String key);
}
