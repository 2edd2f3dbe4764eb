package io.weir.broker.fetch;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * KIP-392's rack-aware choice of the replica a consumer reads from: the leader when it is in the
 * consumer's rack (or the consumer names no rack, or no in-sync replica is there); otherwise the
 * in-sync replica in that rack with the smallest node id, among the live (registered, unfenced)
 * brokers. The smallest id keeps the choice stable from one fetch to the next.
 *
 * <p>A pure function; thread-safe.
 */
public final class RackAwareReplicaSelector {

    private RackAwareReplicaSelector() {}

    /**
     * The replica other than the leader that a consumer in {@code clientRackId} should read from.
     *
     * @param leaderId this partition's leader
     * @param isr the in-sync replicas (the leader among them)
     * @param liveBrokerRacks the rack of every live broker (an empty rack when it has none); a
     *     broker missing here is not live
     * @param clientRackId the consumer's {@code client.rack}, possibly empty
     * @return the preferred read replica, or empty when the consumer should read from the leader
     */
    public static OptionalInt preferredReadReplica(int leaderId, List<Integer> isr, Map<Integer, Optional<String>> liveBrokerRacks,
            String clientRackId) {
        Objects.requireNonNull(clientRackId, "clientRackId");
        if (clientRackId.isEmpty() || inRack(leaderId, liveBrokerRacks, clientRackId)) {
            return OptionalInt.empty();
        }
        return isr.stream()
                .filter(replica -> replica != leaderId && inRack(replica, liveBrokerRacks, clientRackId))
                .mapToInt(Integer::intValue)
                .min();
    }

    private static boolean inRack(int nodeId, Map<Integer, Optional<String>> liveBrokerRacks, String rack) {
        return liveBrokerRacks.getOrDefault(nodeId, Optional.empty()).filter(rack::equals).isPresent();
    }
}
