package io.weir.controller;

import java.util.List;
import io.weir.metadata.ControllerUnavailableException;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.record.MetadataRecord;
import io.weir.metadata.store.MetadataListener;
import io.weir.metadata.store.MetadataStore;

/**
 * The metadata of a cluster node, over its local voter of the controller quorum: the image and the
 * listeners are the voter's (every committed batch, in log order); a commit is sent to the active
 * controller, which validates it against its own image under its proposal lock and appends it to
 * the replicated log, and returns once this node's image includes it. This is how admin requests
 * sent to any broker (CreateTopics, AlterConfigs, ...) are applied by the active controller: the
 * broker computes the records from its image and the controller validates them again, so a
 * record-level forwarding replaces Kafka's request forwarding (KIP-590).
 *
 * <p>Errors: a record that contradicts the controller's image fails with the same
 * {@link io.weir.metadata.MetadataValidationException} subclass the controller threw (so handlers
 * answer {@code TOPIC_ALREADY_EXISTS} and the like); no active controller within the request
 * timeout fails with {@link ControllerUnavailableException}.
 *
 * <p>Thread-safety: thread-safe; {@link #commit(List)} blocks, so never call it from a Netty or
 * Ratis thread. {@link #close()} does nothing: the {@link ControllerNode} owns the voter.
 */
public final class QuorumMetadataStore implements MetadataStore {
    private final ControllerNode node;

    QuorumMetadataStore(ControllerNode node) {
        this.node = node;
    }

    @Override
    public MetadataImage image() {
        return node.quorum().image();
    }

    @Override
    public MetadataImage commit(List<? extends MetadataRecord> records) {
        if (!records.isEmpty()) {
            node.commitAndWait(records);
        }
        return image();
    }

    /** An empty batch: the active controller answers with its offset, and this node waits for it. */
    @Override
    public MetadataImage sync() {
        node.commitAndWait(List.of());
        return image();
    }

    @Override
    public boolean isCurrent() {
        return node.quorum().followsReadyLeader();
    }

    @Override
    public boolean mayLead() {
        return isCurrent() || node.leadsOnLease();
    }

    @Override
    public MetadataImage addListener(MetadataListener listener) {
        return node.quorum().addListener(listener);
    }

    @Override
    public void removeListener(MetadataListener listener) {
        node.quorum().removeListener(listener);
    }

    @Override
    public void close() {}
}
