package io.weir.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.RecordsSend;

/**
 * Record batches that stay in a file until they are sent: {@code sizeInBytes} bytes of
 * {@code channel} from {@code position}. Put one in a response's records field (Fetch) and the
 * transport sends those bytes straight from the file ({@code sendfile}); where it cannot, they
 * are copied into the response buffer instead.
 *
 * <p>The channel is shared (a log segment's file) and is never closed here. Whoever holds the
 * response must call {@link #release()} once the bytes are sent or will never be: it runs the
 * release action given at construction exactly once.
 *
 * <p>Thread-safety: release is idempotent and thread-safe; reads use absolute positions.
 */
public final class SliceRecords implements BaseRecords {

    private final FileChannel channel;
    private final long position;
    private final int sizeInBytes;
    private final Runnable onRelease;
    private final AtomicBoolean released = new AtomicBoolean();

    private SliceRecords(FileChannel channel, long position, int sizeInBytes, Runnable onRelease) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.position = position;
        this.sizeInBytes = sizeInBytes;
        this.onRelease = Objects.requireNonNull(onRelease, "onRelease");
        if (position < 0 || sizeInBytes <= 0) {
            throw new IllegalArgumentException("bad slice position " + position + " size " + sizeInBytes);
        }
    }

    /** Bytes {@code [position, position + sizeInBytes)} of {@code channel}; {@code onRelease} runs once on release. */
    public static SliceRecords of(FileChannel channel, long position, int sizeInBytes, Runnable onRelease) {
        return new SliceRecords(channel, position, sizeInBytes, onRelease);
    }

    public FileChannel channel() {
        return channel;
    }

    public long position() {
        return position;
    }

    @Override
    public int sizeInBytes() {
        return sizeInBytes;
    }

    /** Copies the bytes into {@code destination} at its position, advancing it by {@link #sizeInBytes()}. */
    public void copyTo(ByteBuffer destination) {
        ByteBuffer target = destination.duplicate();
        target.limit(target.position() + sizeInBytes);
        try {
            while (target.hasRemaining()) {
                int read = channel.read(target, position + (target.position() - destination.position()));
                if (read < 0) {
                    throw new IOException("file ended inside a record slice at " + position);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        destination.position(destination.position() + sizeInBytes);
    }

    /** Gives up the hold on the file region; idempotent. */
    public void release() {
        if (released.compareAndSet(false, true)) {
            onRelease.run();
        }
    }

    public boolean isReleased() {
        return released.get();
    }

    /** Not used: Weir's transport sends slices itself (see {@link EncodedResponse}). */
    @Override
    public RecordsSend<? extends BaseRecords> toSend() {
        throw new UnsupportedOperationException("slices are sent by the transport, not as a RecordsSend");
    }

    @Override
    public String toString() {
        return "SliceRecords(position=" + position + ", size=" + sizeInBytes + ")";
    }
}
