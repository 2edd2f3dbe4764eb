package io.weir.controller;

import java.util.OptionalInt;
import io.weir.metadata.MetadataException;

/**
 * A change was proposed to a voter that is not the active controller (the Raft leader), or that
 * lost leadership before the change committed. Maps to Kafka's {@code NOT_CONTROLLER} (41); the
 * caller retries on the controller named by {@link #leaderId()} when there is one.
 */
public final class NotControllerException extends MetadataException {
    private static final long serialVersionUID = 1L;

    private final int leaderId;

    /**
     * @param message a one-line description
     * @param leaderId the current leader's node id, if this voter knows one
     */
    public NotControllerException(String message, OptionalInt leaderId) {
        super(message + leaderId.stream().mapToObj(id -> "; the active controller is node " + id).findFirst()
                .orElse("; no active controller is known"));
        this.leaderId = leaderId.orElse(-1);
    }

    /**
     * The active controller as this voter last knew it.
     *
     * @return its node id, or empty during an election
     */
    public OptionalInt leaderId() {
        return leaderId < 0 ? OptionalInt.empty() : OptionalInt.of(leaderId);
    }
}
