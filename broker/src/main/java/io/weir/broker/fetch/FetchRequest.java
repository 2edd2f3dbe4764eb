package io.weir.broker.fetch;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Fetch request in Weir's terms. Immutable.
 *
 * @param replicaId the fetching follower's node id, or negative for a consumer
 * @param maxWaitMs how long to wait for {@code minBytes}
 * @param minBytes the record bytes the fetch waits for
 * @param maxBytes the most record bytes in the response (KIP-74: at least one batch)
 * @param readCommitted isolation level read_committed (reads stop at the last stable offset)
 * @param sessionId the fetch session id (0: none)
 * @param sessionEpoch the session epoch (-1: sessionless, 0: full fetch that may create a session)
 * @param usesTopicIds whether the request names topics by id (Fetch v13+)
 * @param partitions the partitions to fetch, or to add or update in an incremental fetch
 * @param forgotten partitions an incremental fetch removes from its session
 * @param clientRackId the consumer's {@code client.rack} (Fetch v11+, the empty string when unset);
 *     empty for older versions, whose consumers may fetch from leaders only (KIP-392)
 */
public record FetchRequest(int replicaId, int maxWaitMs, int minBytes, int maxBytes, boolean readCommitted, int sessionId,
        int sessionEpoch, boolean usesTopicIds, List<PartitionFetch> partitions, List<PartitionId> forgotten,
        Optional<String> clientRackId) {
    /** Session epoch of a sessionless fetch, or of one that closes its session. */
    public static final int FINAL_EPOCH = -1;
    /** Session epoch of a full fetch that asks for a new session. */
    public static final int INITIAL_EPOCH = 0;

    public FetchRequest {
        partitions = List.copyOf(partitions);
        forgotten = List.copyOf(forgotten);
        Objects.requireNonNull(clientRackId, "clientRackId");
    }

    /** A request of a version before 11, which knows no client rack. */
    public FetchRequest(int replicaId, int maxWaitMs, int minBytes, int maxBytes, boolean readCommitted, int sessionId,
            int sessionEpoch, boolean usesTopicIds, List<PartitionFetch> partitions, List<PartitionId> forgotten) {
        this(replicaId, maxWaitMs, minBytes, maxBytes, readCommitted, sessionId, sessionEpoch, usesTopicIds, partitions, forgotten,
                Optional.empty());
    }

    public boolean isFromFollower() {
        return replicaId >= 0;
    }
}
