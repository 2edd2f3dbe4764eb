package io.weir.storage;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A topic's {@code compression.type}: {@link #PRODUCER} keeps each batch as its producer compressed
 * it; the others name the codec every stored client batch must use, so the leader recompresses a
 * batch produced with a different one (Kafka's behaviour). The ids are the batch attributes' codec
 * bits.
 */
public enum TopicCompression {
    PRODUCER(-1),
    UNCOMPRESSED(0),
    GZIP(1),
    SNAPPY(2),
    LZ4(3),
    ZSTD(4);

    private final int codecId;

    TopicCompression(int codecId) {
        this.codecId = codecId;
    }

    /** The codec every stored batch must use, or empty for {@link #PRODUCER}. */
    public OptionalInt codecId() {
        return codecId < 0 ? OptionalInt.empty() : OptionalInt.of(codecId);
    }

    /** The value of that {@code compression.type} name ({@code producer}, {@code gzip}, ...). */
    public static Optional<TopicCompression> byName(String name) {
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
