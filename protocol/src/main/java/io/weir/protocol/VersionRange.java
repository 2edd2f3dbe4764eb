package io.weir.protocol;

/**
 * An inclusive range of versions of one API, as listed in an ApiVersions response.
 *
 * <p>Immutable and thread-safe.
 *
 * @param minVersion the oldest version, inclusive, at least 0
 * @param maxVersion the newest version, inclusive, at least {@code minVersion}
 */
public record VersionRange(short minVersion, short maxVersion) {

    public VersionRange {
        if (minVersion < 0 || maxVersion < minVersion) {
            throw new IllegalArgumentException("invalid version range " + minVersion + ".." + maxVersion);
        }
    }

    /** Builds a range from ints, for readable call sites such as {@code VersionRange.of(0, 4)}. */
    public static VersionRange of(int minVersion, int maxVersion) {
        return new VersionRange(checkedShort(minVersion), checkedShort(maxVersion));
    }

    /** Whether {@code version} lies in this range. */
    public boolean contains(short version) {
        return version >= minVersion && version <= maxVersion;
    }

    private static short checkedShort(int value) {
        if (value < Short.MIN_VALUE || value > Short.MAX_VALUE) {
            throw new IllegalArgumentException("version " + value + " does not fit in int16");
        }
        return (short) value;
    }

    @Override
    public String toString() {
        return minVersion + ".." + maxVersion;
    }
}
