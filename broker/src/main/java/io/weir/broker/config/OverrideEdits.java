package io.weir.broker.config;

import io.weir.metadata.config.ConfigDefinition;
import io.weir.metadata.config.ConfigType;
import io.weir.metadata.config.TopicConfig;
import io.weir.metadata.config.TopicConfigs;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Computes a topic's new override set from the requested changes, checking the request's shape
 * (duplicate keys, missing values, unknown keys, list operations on non-list keys) but not the
 * values themselves. Stateless.
 */
final class OverrideEdits {

    private OverrideEdits() {}

    /** Legacy AlterConfigs: the listed keys become the whole override set. */
    static Map<String, String> replaced(List<ConfigChange> configs) {
        checkShape(configs);
        Map<String, String> next = new LinkedHashMap<>();
        for (ConfigChange change : configs) {
            next.put(change.name(), change.value().orElseThrow());
        }
        return next;
    }

    /**
     * IncrementalAlterConfigs: each change applied to the current overrides. APPEND and SUBTRACT
     * start from the key's effective value (override, node value or default), resolved only for
     * them, so that deleting a broken override works.
     */
    static Map<String, String> altered(
            Map<String, String> current, Supplier<TopicConfig> effective, List<ConfigChange> changes) {
        checkShape(changes);
        Map<String, String> next = new LinkedHashMap<>(current);
        for (ConfigChange change : changes) {
            switch (change.op()) {
                case SET -> next.put(change.name(), change.value().orElseThrow());
                case DELETE -> next.remove(change.name());
                case APPEND, SUBTRACT -> next.put(change.name(), listEdit(effective.get(), change));
                default -> throw new IllegalStateException("unhandled operation " + change.op());
            }
        }
        return next;
    }

    private static void checkShape(List<ConfigChange> changes) {
        Set<String> seen = new HashSet<>();
        for (ConfigChange change : changes) {
            if (!seen.add(change.name())) {
                throw new ConfigFailure(ConfigError.INVALID_REQUEST, "Duplicate config key " + change.name());
            }
            if (change.op() != AlterOp.DELETE && change.value().isEmpty()) {
                throw new ConfigFailure(ConfigError.INVALID_REQUEST, "Null value not supported for " + change.name());
            }
            if (TopicConfigs.REGISTRY.find(change.name()).isEmpty()) {
                throw new ConfigFailure(ConfigError.INVALID_CONFIG,
                        TopicConfigs.REGISTRY.unknownKey(change.name()).getMessage());
            }
        }
    }

    private static String listEdit(TopicConfig effective, ConfigChange change) {
        ConfigDefinition definition = TopicConfigs.REGISTRY.definition(change.name());
        if (definition.type() != ConfigType.LIST) {
            throw new ConfigFailure(ConfigError.INVALID_CONFIG, "Cannot " + change.op() + " to or from "
                    + change.name() + ": it is a " + definition.type().displayName() + ", not a list");
        }
        List<String> values = new ArrayList<>(entries(effective.entry(change.name()).orElseThrow().value()));
        List<String> operand = entries(change.value().orElseThrow());
        if (change.op() == AlterOp.APPEND) {
            operand.stream().filter(entry -> !values.contains(entry)).forEach(values::add);
        } else {
            values.removeAll(operand);
        }
        return String.join(",", values);
    }

    private static List<String> entries(String list) {
        List<String> entries = new ArrayList<>();
        for (String entry : list.split(",", -1)) {
            if (!entry.isBlank()) {
                entries.add(entry.trim());
            }
        }
        return entries;
    }
}
