package io.weir.metadata.controller;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An administrator asks the active controller to elect leaders (Kafka's ElectLeaders, KIP-460).
 *
 * @param electionType preferred or unclean
 * @param partitions the partitions, or empty for every partition of the cluster
 */
public record ElectLeadersRequest(ElectionType electionType, Optional<List<PartitionRef>> partitions) {

    /** Checks and copies. */
    public ElectLeadersRequest {
        Objects.requireNonNull(electionType, "electionType");
        partitions = partitions.map(List::copyOf);
    }
}
