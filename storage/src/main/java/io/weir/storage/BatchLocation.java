package io.weir.storage;

/** Where one batch sits in a segment file. Thread-safety: immutable. */
record BatchLocation(long baseOffset, long lastOffset, int position, int sizeInBytes) {
    int endPosition() {
        return position + sizeInBytes;
    }
}
