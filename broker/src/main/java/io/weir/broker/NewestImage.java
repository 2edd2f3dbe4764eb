package io.weir.broker;

import io.weir.metadata.image.MetadataImage;

/**
 * The newest metadata image a listener has been handed, by offset. A listener registered at
 * start-up gets its first updates on the metadata thread while the starting thread still holds the
 * image of the moment it registered; publishing that older image after a newer update would put a
 * partition back in a state the controller has already left (a leader at an old epoch that never
 * fetches again). Offering every image here and publishing what comes back never goes backwards.
 *
 * <p>Thread-safety: thread-safe.
 */
final class NewestImage {
    private MetadataImage newest = MetadataImage.EMPTY;

    /** Records {@code image} if it is newer than any seen; returns the newest seen. */
    synchronized MetadataImage offer(MetadataImage image) {
        if (image.offset() > newest.offset()) {
            newest = image;
        }
        return newest;
    }

    /** The newest image seen. */
    synchronized MetadataImage current() {
        return newest;
    }
}
