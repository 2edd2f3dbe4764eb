package io.weir.storage;

/**
 * A topic's {@code compression.type} and the level the leader recompresses with when it uses a
 * codec: {@code compression.gzip.level} (1 to 9, or -1 for zlib's default, 6),
 * {@code compression.lz4.level} (1 to 17; the default 9 is LZ4's fast compressor, any other level
 * its high-compression one, as in Kafka) or {@code compression.zstd.level} (-131072 to 22, default
 * 3). Snappy has no level; neither do {@code uncompressed} and {@code producer}, whose level is 0.
 *
 * @param type the {@code compression.type}
 * @param level the level of that codec
 */
public record Compression(TopicCompression type, int level) {
    public static final int GZIP_DEFAULT_LEVEL = -1;
    public static final int LZ4_DEFAULT_LEVEL = 9;
    public static final int ZSTD_DEFAULT_LEVEL = 3;

    /** Keeps every batch as its producer compressed it. */
    public static final Compression PRODUCER = new Compression(TopicCompression.PRODUCER, 0);

    /** Checks the level against the codec's range; throws IllegalArgumentException naming the key. */
    public Compression {
        switch (type) {
            case GZIP -> require(level == -1 || (level >= 1 && level <= 9), "compression.gzip.level", level);
            case LZ4 -> require(level >= 1 && level <= 17, "compression.lz4.level", level);
            case ZSTD -> require(level >= -131072 && level <= 22, "compression.zstd.level", level);
            default -> require(level == 0, "the level of compression.type " + type, level);
        }
    }

    /** {@code type} at its codec's default level. */
    public static Compression of(TopicCompression type) {
        return new Compression(type, defaultLevel(type.codecId().orElse(0)));
    }

    /** Kafka's default level of the batch codec {@code codecId} (attributes bits 0-2); 0 for those without levels. */
    public static int defaultLevel(int codecId) {
        return switch (codecId) {
            case 1 -> GZIP_DEFAULT_LEVEL;
            case 3 -> LZ4_DEFAULT_LEVEL;
            case 4 -> ZSTD_DEFAULT_LEVEL;
            default -> 0;
        };
    }

    private static void require(boolean valid, String key, int level) {
        if (!valid) {
            throw new IllegalArgumentException(key + " " + level + " is out of range");
        }
    }
}
