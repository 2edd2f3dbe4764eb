package io.weir.metadata;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * A 128-bit identifier in the form Kafka uses for topic ids and incarnation ids: two longs,
 * written on the wire and on disk as 16 bytes (most significant long first, big-endian), and
 * printed as the 22-character URL-safe base64 form of those 16 bytes without padding (the form
 * Kafka clients and tools display, e.g. {@code "AAAAAAAAAAAAAAAAAAAAAQ"} for {@link #METADATA_TOPIC_ID}).
 *
 * <p>{@link #ZERO} and {@link #METADATA_TOPIC_ID} are reserved by Kafka and never produced by
 * {@link #random()}; neither is an id whose printed form starts with {@code '-'} (such a string
 * would be read as an option by command-line tools).
 *
 * <p>Immutable and thread-safe.
 *
 * @param mostSignificantBits the first eight bytes, big-endian
 * @param leastSignificantBits the last eight bytes, big-endian
 */
public record Uuid(long mostSignificantBits, long leastSignificantBits) implements Comparable<Uuid> {

    /** Kafka's "no id" value (all zero); in the protocol it means "unknown topic id". */
    public static final Uuid ZERO = new Uuid(0L, 0L);

    /** The id Kafka reserves for its {@code __cluster_metadata} topic. */
    public static final Uuid METADATA_TOPIC_ID = new Uuid(0L, 1L);

    /** Number of bytes in the binary form. */
    public static final int BYTES = 16;

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /**
     * A random (version 4) id that is neither reserved nor printed with a leading {@code '-'}.
     *
     * @return a fresh id
     */
    public static Uuid random() {
        while (true) {
            UUID candidate = UUID.randomUUID();
            Uuid id = new Uuid(candidate.getMostSignificantBits(), candidate.getLeastSignificantBits());
            if (!id.isReserved() && !id.toString().startsWith("-")) {
                return id;
            }
        }
    }

    /**
     * Parses the 22-character base64url form printed by {@link #toString()}.
     *
     * @param text the printed form
     * @return the id, or empty if {@code text} is not a valid printed id
     */
    public static Optional<Uuid> parse(String text) {
        if (text == null || text.length() != 22) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = DECODER.decode(text);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (bytes.length != BYTES) {
            return Optional.empty();
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return Optional.of(new Uuid(buffer.getLong(), buffer.getLong()));
    }

    /**
     * Converts from the JDK's type (same bits).
     *
     * @param uuid the JDK value
     * @return the same 128 bits
     */
    public static Uuid fromJavaUuid(UUID uuid) {
        return new Uuid(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
    }

    /**
     * Converts to the JDK's type (same bits).
     *
     * @return the same 128 bits as a {@link UUID}
     */
    public UUID toJavaUuid() {
        return new UUID(mostSignificantBits, leastSignificantBits);
    }

    /**
     * Whether this is one of the ids Kafka reserves ({@link #ZERO}, {@link #METADATA_TOPIC_ID}).
     *
     * @return true if reserved
     */
    public boolean isReserved() {
        return equals(ZERO) || equals(METADATA_TOPIC_ID);
    }

    /**
     * The 16-byte binary form.
     *
     * @return a new array, most significant long first, big-endian
     */
    public byte[] toBytes() {
        return ByteBuffer.allocate(BYTES).putLong(mostSignificantBits).putLong(leastSignificantBits).array();
    }

    @Override
    public int compareTo(Uuid other) {
        int byHigh = Long.compare(mostSignificantBits, other.mostSignificantBits);
        return byHigh != 0 ? byHigh : Long.compare(leastSignificantBits, other.leastSignificantBits);
    }

    /** The 22-character URL-safe base64 form without padding, as Kafka prints ids. */
    @Override
    public String toString() {
        return ENCODER.encodeToString(toBytes());
    }
}
