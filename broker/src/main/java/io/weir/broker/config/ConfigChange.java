package io.weir.broker.config;

import java.util.Objects;
import java.util.Optional;

/**
 * One requested change to a key of a resource.
 *
 * @param name the key
 * @param op what to do; legacy AlterConfigs uses {@link AlterOp#SET} for every key it lists
 * @param value the operand (the value for SET, the list entries for APPEND and SUBTRACT); empty
 *     when the request carried none
 */
public record ConfigChange(String name, AlterOp op, Optional<String> value) {
    /** Checks the fields. */
    public ConfigChange {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(value, "value");
    }

    /** A SET of {@code value}. */
    public static ConfigChange set(String name, String value) {
        return new ConfigChange(name, AlterOp.SET, Optional.of(value));
    }

    /** A DELETE of the key's override. */
    public static ConfigChange delete(String name) {
        return new ConfigChange(name, AlterOp.DELETE, Optional.empty());
    }
}
