package io.weir.metadata.store;

import io.weir.metadata.image.MetadataDelta;
import io.weir.metadata.image.MetadataImage;

/**
 * Told about every committed batch, in commit order, on the committing thread, after the new
 * image is published. Must be quick and must not commit (the store rejects a commit from inside
 * a listener); hand longer work to another thread.
 */
@FunctionalInterface
public interface MetadataListener {

    /**
     * A batch was committed.
     *
     * @param delta what changed (its base image is the previous image)
     * @param image the new image
     */
    void onMetadataUpdate(MetadataDelta delta, MetadataImage image);
}
