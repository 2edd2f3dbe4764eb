package io.weir.broker.config;

import io.weir.metadata.config.ConfigDefinition;
import io.weir.metadata.config.ConfigEntry;
import io.weir.metadata.config.ConfigType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Computes a resource's new override set from the requested changes, checking the request's shape
 * (duplicate keys, missing values, keys the resource type does not take, list operations on
 * non-list keys) but not the values themselves. Stateless.
 */
final class OverrideEdits {

    private OverrideEdits() {}

    /** Legacy AlterConfigs: the listed keys become the whole override set. */
    static Map<String, String> replaced(List<ConfigChange> configs, OverrideRules rules) {
        checkShape(configs, rules);
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
    static Map<String, String> altered(Map<String, String> current, OverrideRules rules, List<ConfigChange> changes) {
        checkShape(changes, rules);
        Map<String, String> next = new LinkedHashMap<>(current);
        for (ConfigChange change : changes) {
            switch (change.op()) {
                case SET -> next.put(change.name(), change.value().orElseThrow());
                case DELETE -> next.remove(change.name());
                case APPEND, SUBTRACT -> next.put(change.name(), listEdit(current, rules, change));
                default -> throw new IllegalStateException("unhandled operation " + change.op());
            }
        }
        return next;
    }

    private static void checkShape(List<ConfigChange> changes, OverrideRules rules) {
        Set<String> seen = new HashSet<>();
        for (ConfigChange change : changes) {
            if (!seen.add(change.name())) {
                throw new ConfigFailure(ConfigError.INVALID_REQUEST, "Duplicate config key " + change.name());
            }
            if (change.op() != AlterOp.DELETE && change.value().isEmpty()) {
                throw new ConfigFailure(ConfigError.INVALID_REQUEST, "Null value not supported for " + change.name());
            }
            if (rules.registry().find(change.name()).isEmpty()) {
                throw new ConfigFailure(ConfigError.INVALID_CONFIG, rules.unknownKey(change.name()).getMessage());
            }
        }
    }

    private static String listEdit(Map<String, String> current, OverrideRules rules, ConfigChange change) {
        ConfigDefinition definition = rules.registry().definition(change.name());
        if (definition.type() != ConfigType.LIST) {
            throw new ConfigFailure(ConfigError.INVALID_CONFIG, "Cannot " + change.op() + " to or from "
                    + change.name() + ": it is a " + definition.type().displayName() + ", not a list");
        }
        String effective = rules.entries(current).stream().filter(entry -> entry.name().equals(change.name()))
                .map(ConfigEntry::value).findFirst().orElseThrow();
        List<String> values = new ArrayList<>(entries(effective));
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
