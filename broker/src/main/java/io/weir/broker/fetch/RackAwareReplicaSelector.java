package io.weir.broker.fetch;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * KIP-392's rack-aware choice of the replica a consumer reads from: the leader when it is in the
 * consumer's rack (or the consumer names no rack, or no suitable replica is there); otherwise, among
 * the in-sync replicas in that rack on live (registered, unfenced) brokers whose log reaches the
 * consumer's fetch offset (as the leader last heard from them), the most caught-up one, the smaller
 * node id on a tie. A follower without the offset yet would only answer OFFSET_OUT_OF_RANGE.
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
     * @param logEndOffsets each follower's log end offset as of its last fetch; a follower missing
     *     here has not fetched in this leader epoch
     * @param fetchOffset the offset the consumer fetches from
     * @return the preferred read replica, or empty when the consumer should read from the leader
     */
    public static OptionalInt preferredReadReplica(int leaderId, List<Integer> isr, Map<Integer, Optional<String>> liveBrokerRacks,
            String clientRackId, Map<Integer, Long> logEndOffsets, long fetchOffset) {
        Objects.requireNonNull(clientRackId, "clientRackId");
        if (clientRackId.isEmpty() || inRack(leaderId, liveBrokerRacks, clientRackId)) {
            return OptionalInt.empty();
        }
        Comparator<Integer> mostCaughtUp = Comparator.<Integer>comparingLong(logEndOffsets::get).reversed()
                .thenComparing(Comparator.naturalOrder());
        return isr.stream()
                .filter(replica -> replica != leaderId && inRack(replica, liveBrokerRacks, clientRackId))
                .filter(replica -> logEndOffsets.getOrDefault(replica, -1L) >= fetchOffset)
                .min(mostCaughtUp)
                .map(OptionalInt::of)
                .orElse(OptionalInt.empty());
    }

    private static boolean inRack(int nodeId, Map<Integer, Optional<String>> liveBrokerRacks, String rack) {
        return liveBrokerRacks.getOrDefault(nodeId, Optional.empty()).filter(rack::equals).isPresent();
    }
}
