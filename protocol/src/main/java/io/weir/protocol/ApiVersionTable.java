package io.weir.protocol;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersionCollection;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The APIs and versions Weir implements, which is what it advertises in ApiVersions and what the
 * decoder accepts. This is Weir's own list, not whatever the codec jar can parse: an API appears
 * here only when a handler answers it, and a version the jar marks unstable (or does not know)
 * is refused when the table is built, so it is never advertised.
 *
 * <p>Immutable and thread-safe.
 */
public final class ApiVersionTable {

    /**
     * Versions advertised below what is implemented, because clients read features from the
     * advertised minimum: Kafka 4 keeps advertising Produce from v0 (KAFKA-18659: librdkafka turns
     * off compression support otherwise) while refusing v0-v2 requests. A request at such a version
     * is treated like any other unsupported version.
     */
    private static final Map<ApiKeys, Short> ADVERTISED_MINIMUM = Map.of(ApiKeys.PRODUCE, (short) 0);

    private final Map<ApiKeys, VersionRange> ranges;

    private ApiVersionTable(Map<ApiKeys, VersionRange> ranges) {
        this.ranges = Collections.unmodifiableMap(new EnumMap<>(ranges));
    }

    /** Starts an empty table. */
    public static Builder builder() {
        return new Builder();
    }

    /** The implemented range of {@code apiKey}, or empty when Weir does not implement it. */
    public Optional<VersionRange> range(ApiKeys apiKey) {
        return Optional.ofNullable(ranges.get(apiKey));
    }

    /** Whether Weir implements {@code apiKey} at {@code version}. */
    public boolean supports(ApiKeys apiKey, short version) {
        VersionRange range = ranges.get(apiKey);
        return range != null && range.contains(version);
    }

    /** Every implemented API with its range, ordered by api key. */
    public Map<ApiKeys, VersionRange> ranges() {
        return ranges;
    }

    /** The table as the {@code ApiKeys} array of an ApiVersions response, ordered by api key. */
    public ApiVersionCollection toApiVersionCollection() {
        ApiVersionCollection collection = new ApiVersionCollection(ranges.size());
        ranges.forEach((apiKey, range) -> collection.add(new ApiVersion()
                .setApiKey(apiKey.id)
                .setMinVersion((short) Math.min(range.minVersion(), ADVERTISED_MINIMUM.getOrDefault(apiKey, range.minVersion())))
                .setMaxVersion(range.maxVersion())));
        return collection;
    }

    @Override
    public String toString() {
        return "ApiVersionTable" + ranges;
    }

    /** Collects implemented ranges; not thread-safe. */
    public static final class Builder {
        private final Map<ApiKeys, VersionRange> ranges = new EnumMap<>(ApiKeys.class);

        private Builder() {}

        /**
         * Declares that Weir implements {@code apiKey} over {@code range}.
         *
         * @throws IllegalArgumentException if the api is already declared, or the range reaches
         *     outside the versions the codec parses and marks stable
         */
        public Builder implement(ApiKeys apiKey, VersionRange range) {
            short oldest = apiKey.oldestVersion();
            short latestStable = apiKey.latestVersion(false);
            if (range.minVersion() < oldest || range.maxVersion() > latestStable) {
                throw new IllegalArgumentException(apiKey + " range " + range
                        + " reaches outside the codec's stable versions " + oldest + ".." + latestStable);
            }
            if (ranges.putIfAbsent(apiKey, range) != null) {
                throw new IllegalArgumentException(apiKey + " is declared twice");
            }
            return this;
        }

        public ApiVersionTable build() {
            return new ApiVersionTable(ranges);
        }
    }
}
