package io.weir.metadata.controller;

import java.util.Objects;
import io.weir.metadata.Uuid;
import io.weir.metadata.store.MetadataStore;

/**
 * What a broker of a multi-node cluster is given by the node that runs it: the metadata store
 * following the quorum's log (commits routed to the active controller), the channel to the active
 * controller, and the cluster id every node shares. Owned and closed by the caller.
 *
 * @param store the metadata store
 * @param controller the channel to the active controller
 * @param clusterId the cluster id, in Kafka's 22-character base64 form
 */
public record ClusterLink(MetadataStore store, ControllerChannel controller, String clusterId) {

    /** Checks the fields. */
    public ClusterLink {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(controller, "controller");
        if (Uuid.parse(clusterId).isEmpty()) {
            throw new IllegalArgumentException("clusterId '" + clusterId + "' is not a 22-character base64 id");
        }
    }
}
