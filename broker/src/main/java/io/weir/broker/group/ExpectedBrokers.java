package io.weir.broker.group;

import java.time.Clock;

/**
 * How many brokers a node expects its cluster to have before it creates an internal topic, and until
 * when it waits for them: the number of controller voters (in the usual cluster every voter is also
 * a broker) until {@code waitUntilMs}; after that, the brokers registered are all there is.
 *
 * @param count the brokers expected; 1 on a single node
 * @param waitUntilMs the clock time after which the node stops waiting
 * @param clock the clock {@code waitUntilMs} is read against
 */
public record ExpectedBrokers(int count, long waitUntilMs, Clock clock) {
    /** A single node: nothing to wait for. */
    public static final ExpectedBrokers NONE = new ExpectedBrokers(1, 0, Clock.systemUTC());

    /** How long the node still waits, in ms; 0 or less once it no longer does. */
    long remainingMs() {
        return waitUntilMs - clock.millis();
    }
}
