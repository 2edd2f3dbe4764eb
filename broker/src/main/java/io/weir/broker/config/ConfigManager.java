package io.weir.broker.config;

import io.weir.metadata.MetadataValidationException;
import io.weir.metadata.config.BrokerConfig;
import io.weir.metadata.config.BrokerConfigs;
import io.weir.metadata.config.ConfigDefinition;
import io.weir.metadata.config.ConfigEntry;
import io.weir.metadata.config.ConfigException;
import io.weir.metadata.config.ConfigRegistry;
import io.weir.metadata.image.ConfigResource;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.record.ConfigRecord;
import io.weir.metadata.record.ResourceType;
import io.weir.metadata.store.MetadataStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Describes and changes the configuration of topics, groups and this broker.
 *
 * <p>Describe: a topic's keys resolve from its overrides in the metadata image ({@code
 * DYNAMIC_TOPIC_CONFIG}), else the node's static configuration ({@code STATIC_BROKER_CONFIG}),
 * else the registry default ({@code DEFAULT_CONFIG}). A group's keys (Kafka's group configs,
 * KIP-848) resolve the same way from the group's overrides ({@code DYNAMIC_GROUP_CONFIG}) and the
 * node's {@code group.consumer.*} synonyms; the group need not exist. A broker resource named by
 * this node's id lists every node key with its source; the empty name (the cluster-wide default
 * resource) lists nothing, as Weir holds no dynamic cluster defaults. Requested keys that do not
 * exist are left out; no keys (or an empty list) mean all keys.
 *
 * <p>Alter: the new override set of a topic or group is checked by its {@link OverrideRules} (an
 * unknown key or an invalid value is {@link ConfigError#INVALID_CONFIG} with a message naming the
 * key and the problem; a topic must exist and its values suit the partition logs; a group's values
 * lie within this node's bounds), then the difference is committed to the metadata store as one
 * batch of {@link ConfigRecord}s (a deletion is a record without value), so a resource changes
 * whole or not at all. In a cluster the store forwards the batch to the active controller, which
 * validates it against its image again. Validate-only requests do everything but the commit.
 * Broker resources are refused with {@link ConfigError#INVALID_REQUEST}, Kafka's answer for keys
 * that cannot change at run time: Weir changes no broker key without a restart yet.
 *
 * <p>Thread-safety: {@link #describe} and {@link #resourceNames} read the current image and may run
 * on any thread. Alters run on the executor given at construction (they fsync the metadata log,
 * so never on an event loop) and are serialized, so a read-modify-write of one resource never
 * interleaves with another.
 */
public final class ConfigManager {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigManager.class);

    private final BrokerConfig node;
    private final MetadataStore store;
    private final Executor writeExecutor;
    private final String nodeName;
    private final String logPrefix;
    private final TopicOverrideRules topicRules;
    private final GroupOverrideRules groupRules;

    /**
     * @param node this node's configuration
     * @param store the metadata store holding topic and group overrides
     * @param writeExecutor runs alters (which commit to the store); a single thread is enough
     */
    public ConfigManager(BrokerConfig node, MetadataStore store, Executor writeExecutor) {
        this.node = Objects.requireNonNull(node, "node");
        this.store = Objects.requireNonNull(store, "store");
        this.writeExecutor = Objects.requireNonNull(writeExecutor, "writeExecutor");
        this.nodeName = Integer.toString(node.nodeId());
        this.logPrefix = "[node " + node.nodeId() + "]";
        this.topicRules = new TopicOverrideRules(node);
        this.groupRules = new GroupOverrideRules(node);
    }

    /**
     * Describes one resource.
     *
     * @param resource a topic, a group, or a broker by node id ("" for the cluster-wide default)
     * @param keys the keys to list; empty (or an empty set) for all
     * @param includeSynonyms whether to list every place holding a value for each key
     * @param includeDocumentation whether to add each key's doc
     * @return the keys, or the error
     */
    public ResourceDescription describe(
            ConfigResource resource, Optional<Set<String>> keys, boolean includeSynonyms, boolean includeDocumentation) {
        try {
            Optional<OverrideRules> rules = rules(resource.type());
            List<ConfigEntry> entries = rules.isPresent() ? overrideEntries(resource, rules.get()) : brokerEntries(resource);
            ConfigRegistry registry = rules.map(OverrideRules::registry).orElse(BrokerConfigs.REGISTRY);
            boolean readOnly = rules.isEmpty();
            List<DescribedConfig> configs = new ArrayList<>();
            for (ConfigEntry entry : entries) {
                if (keys.map(k -> k.isEmpty() || k.contains(entry.name())).orElse(true)) {
                    configs.add(described(entry, registry.definition(entry.name()), readOnly, includeSynonyms,
                            includeDocumentation));
                }
            }
            return new ResourceDescription(resource, Optional.empty(), configs);
        } catch (ConfigFailure e) {
            return ResourceDescription.failed(resource, e.toResourceError());
        }
    }

    /**
     * The resources of one type that exist for configuration purposes, sorted by name, for
     * ListConfigResources (KIP-1142): every topic, every registered broker, and every group that
     * has overrides (Kafka lists groups with configs, not groups with members).
     *
     * @param type the resource type
     * @return the resource names
     */
    public List<String> resourceNames(ResourceType type) {
        MetadataImage image = store.image();
        return switch (type) {
            case TOPIC -> image.topics().topicsByName().keySet().stream().sorted().toList();
            case BROKER -> image.cluster().brokers().keySet().stream().sorted().map(String::valueOf).toList();
            case GROUP -> image.configs().resources().keySet().stream().filter(resource -> resource.type() == ResourceType.GROUP)
                    .map(ConfigResource::name).sorted().toList();
        };
    }

    /**
     * Legacy AlterConfigs: the given keys become the resource's whole override set; overrides not
     * listed are removed.
     *
     * @param configs one SET per key; a key without value is {@link ConfigError#INVALID_REQUEST}
     * @return completes, on the write executor, with the error or empty on success
     */
    public CompletionStage<Optional<ResourceError>> replaceConfigs(
            ConfigResource resource, List<ConfigChange> configs, boolean validateOnly) {
        List<ConfigChange> copy = List.copyOf(configs);
        Optional<OverrideRules> rules = rules(resource.type());
        if (rules.isEmpty()) {
            return alterBroker(resource, copy.isEmpty());
        }
        return alter(resource, rules.get(), validateOnly, current -> OverrideEdits.replaced(copy, rules.get()));
    }

    /**
     * IncrementalAlterConfigs (KIP-339): applies SET, DELETE, APPEND and SUBTRACT to the current
     * overrides. APPEND and SUBTRACT work on list keys only and start from the key's effective
     * value, so appending to an unset {@code cleanup.policy} keeps the node's policy too.
     *
     * @return completes, on the write executor, with the error or empty on success
     */
    public CompletionStage<Optional<ResourceError>> incrementalAlterConfigs(
            ConfigResource resource, List<ConfigChange> changes, boolean validateOnly) {
        List<ConfigChange> copy = List.copyOf(changes);
        Optional<OverrideRules> rules = rules(resource.type());
        if (rules.isEmpty()) {
            return alterBroker(resource, copy.stream().allMatch(change -> change.op() == AlterOp.DELETE));
        }
        return alter(resource, rules.get(), validateOnly, current -> OverrideEdits.altered(current, rules.get(), copy));
    }

    /** The rules of a resource type whose overrides live in the image; empty for brokers. */
    private Optional<OverrideRules> rules(ResourceType type) {
        return switch (type) {
            case TOPIC -> Optional.of(topicRules);
            case GROUP -> Optional.of(groupRules);
            case BROKER -> Optional.empty();
        };
    }

    private CompletionStage<Optional<ResourceError>> alter(ConfigResource resource, OverrideRules rules, boolean validateOnly,
            Function<Map<String, String>, Map<String, String>> edit) {
        return CompletableFuture.supplyAsync(() -> alterNow(resource, rules, validateOnly, edit), writeExecutor);
    }

    private synchronized Optional<ResourceError> alterNow(ConfigResource resource, OverrideRules rules, boolean validateOnly,
            Function<Map<String, String>, Map<String, String>> edit) {
        try {
            rules.checkResource(resource, store.image());
            Map<String, String> current = store.image().configs().configs(resource);
            Map<String, String> next = edit.apply(current);
            rules.validate(resource, next);
            List<ConfigRecord> records = difference(resource, current, next);
            if (!validateOnly && !records.isEmpty()) {
                commit(resource, rules, records);
                LOG.info("{} {} {} overrides changed to {}", logPrefix, rules.kind(), resource.name(), next);
            }
            return Optional.empty();
        } catch (ConfigFailure e) {
            LOG.debug("{} altering {} refused: {}", logPrefix, resource, e.getMessage());
            return Optional.of(e.toResourceError());
        } catch (ConfigException e) {
            // The stored overrides themselves are invalid (written by an older or buggier writer).
            return Optional.of(new ResourceError(ConfigError.INVALID_CONFIG, e.getMessage()));
        } catch (RuntimeException e) {
            return Optional.of(failedToStore(resource, e).toResourceError());
        }
    }

    private List<ConfigEntry> overrideEntries(ConfigResource resource, OverrideRules rules) {
        MetadataImage image = store.image();
        rules.checkResource(resource, image);
        try {
            return rules.entries(image.configs().configs(resource));
        } catch (ConfigException e) {
            throw new ConfigFailure(ConfigError.INVALID_CONFIG, "Stored overrides of " + rules.kind() + " " + resource.name()
                    + " are not valid: " + e.getMessage());
        }
    }

    private List<ConfigEntry> brokerEntries(ConfigResource resource) {
        checkBrokerName(resource);
        return resource.name().isEmpty() ? List.of() : node.entries();
    }

    private static DescribedConfig described(ConfigEntry entry, ConfigDefinition definition, boolean readOnly,
            boolean includeSynonyms, boolean includeDocumentation) {
        return new DescribedConfig(
                entry.name(),
                entry.sensitive() ? Optional.empty() : Optional.of(entry.value()),
                readOnly,
                entry.source(),
                entry.sensitive(),
                includeSynonyms ? entry.synonyms() : List.of(),
                definition.type(),
                includeDocumentation ? Optional.of(definition.doc()) : Optional.empty());
    }

    /**
     * Broker keys are read at start only and no broker override is ever stored, so any change is
     * refused while one that changes nothing succeeds: deleting keys (which Kafka's tools do on
     * every broker when they clear replication throttles), or replacing the overrides by none.
     */
    private CompletionStage<Optional<ResourceError>> alterBroker(ConfigResource resource, boolean changesNothing) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                checkBrokerName(resource);
                if (!changesNothing) {
                    throw new ConfigFailure(ConfigError.INVALID_REQUEST,
                            "Broker configs cannot be updated dynamically: Weir reads them at start only");
                }
                return Optional.<ResourceError>empty();
            } catch (ConfigFailure e) {
                return Optional.of(e.toResourceError());
            }
        }, writeExecutor);
    }

    private void checkBrokerName(ConfigResource resource) {
        if (!resource.name().isEmpty() && !resource.name().equals(nodeName)) {
            throw new ConfigFailure(ConfigError.INVALID_REQUEST, "Unexpected broker id, expected " + nodeName
                    + " or empty string, but received " + resource.name());
        }
    }

    private static List<ConfigRecord> difference(
            ConfigResource resource, Map<String, String> current, Map<String, String> next) {
        List<ConfigRecord> records = new ArrayList<>();
        current.keySet().stream().filter(key -> !next.containsKey(key)).sorted().forEach(key -> records.add(
                new ConfigRecord(resource.type(), resource.name(), key, Optional.empty())));
        next.entrySet().stream()
                .filter(entry -> !entry.getValue().equals(current.get(entry.getKey())))
                .sorted(Map.Entry.comparingByKey())
                .forEach(entry -> records.add(new ConfigRecord(resource.type(), resource.name(), entry.getKey(),
                        Optional.of(entry.getValue()))));
        return records;
    }

    /** Commits the records; a rejection because the resource went away in the meantime says so. */
    private void commit(ConfigResource resource, OverrideRules rules, List<ConfigRecord> records) {
        try {
            store.commit(records);
        } catch (MetadataValidationException e) {
            rules.checkResource(resource, store.image());
            throw failedToStore(resource, e);
        } catch (RuntimeException e) {
            throw failedToStore(resource, e);
        }
    }

    private ConfigFailure failedToStore(ConfigResource resource, RuntimeException e) {
        LOG.error("{} cannot store the configuration of {}", logPrefix, resource, e);
        return new ConfigFailure(ConfigError.UNKNOWN_SERVER_ERROR, "The configuration could not be stored");
    }
}
