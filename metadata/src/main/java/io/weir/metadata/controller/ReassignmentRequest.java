package io.weir.metadata.controller;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One partition's part of an AlterPartitionReassignments request (KIP-455).
 *
 * @param partition the partition
 * @param targetReplicas the replicas it should end on, preferred leader first; empty to cancel an
 *     ongoing reassignment
 */
public record ReassignmentRequest(PartitionRef partition, Optional<List<Integer>> targetReplicas) {

    /** Checks and copies. */
    public ReassignmentRequest {
        Objects.requireNonNull(partition, "partition");
        targetReplicas = targetReplicas.map(List::copyOf);
    }
}
