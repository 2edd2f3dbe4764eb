package io.weir.metadata.controller;

import io.weir.metadata.MetadataException;

/**
 * A heartbeat named a broker epoch the controller does not hold for that node (the broker was
 * registered again, or never was). Maps to Kafka's {@code STALE_BROKER_EPOCH} (77): the broker
 * registers again.
 */
public final class StaleBrokerEpochException extends MetadataException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message a one-line description
     */
    public StaleBrokerEpochException(String message) {
        super(message);
    }
}
