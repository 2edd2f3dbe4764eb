package io.weir.broker.fetch;

import java.util.List;

/**
 * A Fetch answer in Weir's terms. Immutable; the partitions' slices are owned by the receiver.
 *
 * @param errorCode top-level error (session errors), 0 for none
 * @param sessionId the fetch session the client should use next, 0 for none
 * @param partitions the partitions answered, in request (or session) order
 */
public record FetchResponse(short errorCode, int sessionId, List<PartitionResult> partitions) {
    public FetchResponse {
        partitions = List.copyOf(partitions);
    }

    /** Releases every slice; for answers that will not be sent. */
    public void release() {
        partitions.forEach(p -> p.records().release());
    }
}
