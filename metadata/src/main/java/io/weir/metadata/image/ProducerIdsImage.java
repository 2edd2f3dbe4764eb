package io.weir.metadata.image;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * Producer id allocation: ids below {@code nextProducerId} are handed out. Immutable.
 *
 * @param nextProducerId the first id not yet handed out
 * @param lastNodeId the broker that received the last block, if any
 */
public record ProducerIdsImage(long nextProducerId, OptionalInt lastNodeId) {

    /** No block handed out yet. */
    public static final ProducerIdsImage EMPTY = new ProducerIdsImage(0L, OptionalInt.empty());

    /** Checks the fields. */
    public ProducerIdsImage {
        Objects.requireNonNull(lastNodeId, "lastNodeId");
    }
}
