package io.weir.storage;

import io.weir.storage.errors.KafkaStorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A region of a segment file holding whole record batches, ready for {@code sendfile}
 * ({@link FileChannel#transferTo}) or a plain read. While a slice is unreleased its segment's file
 * stays open and on disk even if retention or truncation removes the segment from the log, so the
 * bytes remain readable; {@link #release()} (or {@link #close()}) gives that hold up. An empty
 * slice holds nothing and has no channel.
 *
 * <p>Thread-safety: release is idempotent and thread-safe; reads through the channel use absolute
 * positions so slices may be read concurrently.
 */
public final class LogSlice implements AutoCloseable {
    private static final LogSlice EMPTY = new LogSlice(null, 0, 0, () -> {});

    private final FileChannel channel;
    private final long position;
    private final int sizeInBytes;
    private final Runnable onRelease;
    private final AtomicBoolean released = new AtomicBoolean();

    LogSlice(FileChannel channel, long position, int sizeInBytes, Runnable onRelease) {
        this.channel = channel;
        this.position = position;
        this.sizeInBytes = sizeInBytes;
        this.onRelease = onRelease;
    }

    /** The slice with no bytes. */
    public static LogSlice empty() {
        return EMPTY;
    }

    public boolean isEmpty() {
        return sizeInBytes == 0;
    }

    /** The segment file; only for a non-empty slice (throws IllegalStateException otherwise). */
    public FileChannel channel() {
        if (channel == null) {
            throw new IllegalStateException("an empty slice has no channel");
        }
        return channel;
    }

    /** Byte position of the first batch in {@link #channel()}. */
    public long position() {
        return position;
    }

    public int sizeInBytes() {
        return sizeInBytes;
    }

    /** Copies the slice's bytes into a new heap buffer (position 0, limit size). */
    public ByteBuffer readFully() {
        ByteBuffer buffer = ByteBuffer.allocate(sizeInBytes);
        if (sizeInBytes == 0) {
            return buffer;
        }
        try {
            while (buffer.hasRemaining()) {
                int read = channel.read(buffer, position + buffer.position());
                if (read < 0) {
                    throw new KafkaStorageException("segment file ended before the slice's end");
                }
            }
        } catch (IOException e) {
            throw new KafkaStorageException("reading a log slice failed", e);
        }
        return buffer.flip();
    }

    /** Gives up the hold on the segment; idempotent. */
    public void release() {
        if (released.compareAndSet(false, true)) {
            onRelease.run();
        }
    }

    @Override
    public void close() {
        release();
    }

    @Override
    public String toString() {
        return "LogSlice(position=" + position + ", size=" + sizeInBytes + ")";
    }
}
