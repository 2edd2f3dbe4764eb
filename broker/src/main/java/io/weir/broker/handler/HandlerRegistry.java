package io.weir.broker.handler;

import io.weir.protocol.ApiVersionTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The handlers one listener serves, one per API, and the {@link ApiVersionTable} derived from
 * their declared version ranges, which is exactly what ApiVersions advertises. Adding an API is
 * one {@link Builder#register} line plus its handler file.
 *
 * <p>ApiVersions is always present: {@link Builder#build()} adds an {@link ApiVersionsHandler}
 * listing every registered API.
 *
 * <p>Immutable and thread-safe once built.
 */
public final class HandlerRegistry {

    private final Map<ApiKeys, ApiHandler<?>> handlers;
    private final ApiVersionTable versionTable;
    private final ApiVersionsHandler apiVersionsHandler;

    private HandlerRegistry(Map<ApiKeys, ApiHandler<?>> handlers, ApiVersionTable versionTable, ApiVersionsHandler apiVersionsHandler) {
        this.handlers = Collections.unmodifiableMap(handlers);
        this.versionTable = versionTable;
        this.apiVersionsHandler = apiVersionsHandler;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The APIs and versions this listener implements and advertises. */
    public ApiVersionTable versionTable() {
        return versionTable;
    }

    /** The handler for {@code apiKey}, or empty when this listener does not serve it. */
    public Optional<ApiHandler<?>> handler(ApiKeys apiKey) {
        return Optional.ofNullable(handlers.get(apiKey));
    }

    /** The ApiVersions handler, which also answers the KIP-511 fallback. */
    public ApiVersionsHandler apiVersionsHandler() {
        return apiVersionsHandler;
    }

    /** Collects handlers; not thread-safe. */
    public static final class Builder {
        private final List<ApiHandler<?>> handlers = new ArrayList<>();
        private Optional<ApiVersionsHandler.ClusterIdentity> identity = Optional.empty();

        private Builder() {}

        /** The cluster id and node id that ApiVersions v5 requests are checked against (KIP-1242). */
        public Builder clusterIdentity(String clusterId, int nodeId) {
            this.identity = Optional.of(new ApiVersionsHandler.ClusterIdentity(clusterId, nodeId));
            return this;
        }

        /** Adds the handler of one API (not ApiVersions, which every registry has). */
        public Builder register(ApiHandler<?> handler) {
            if (handler.apiKey() == ApiKeys.API_VERSIONS) {
                throw new IllegalArgumentException("ApiVersions is built in; register the other APIs");
            }
            handlers.add(handler);
            return this;
        }

        /**
         * @throws IllegalArgumentException if two handlers answer one API, or a handler declares
         *     versions outside the codec's stable range
         */
        public HandlerRegistry build() {
            ApiVersionTable.Builder table = ApiVersionTable.builder().implement(ApiKeys.API_VERSIONS, ApiVersionsHandler.VERSIONS);
            Map<ApiKeys, ApiHandler<?>> byApi = new EnumMap<>(ApiKeys.class);
            for (ApiHandler<?> handler : handlers) {
                table.implement(handler.apiKey(), handler.versions());
                byApi.put(handler.apiKey(), handler);
            }
            ApiVersionTable versionTable = table.build();
            ApiVersionsHandler apiVersions = new ApiVersionsHandler(versionTable, identity);
            byApi.put(ApiKeys.API_VERSIONS, apiVersions);
            return new HandlerRegistry(byApi, versionTable, apiVersions);
        }
    }
}
