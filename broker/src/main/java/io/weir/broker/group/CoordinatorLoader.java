package io.weir.broker.group;

import java.util.function.Consumer;

/**
 * Reads a {@code __consumer_offsets} partition back: every record from the log start to the high
 * watermark, in log order. Called on a coordinator thread, never on a network thread; may block on
 * disk.
 */
public interface CoordinatorLoader {

    /**
     * Replays the partition's records into {@code sink}.
     *
     * @return how many records were read
     * @throws RuntimeException when the partition cannot be read (the shard then stays unloaded)
     */
    long load(int partition, Consumer<CoordinatorRecord> sink);
}
