package io.weir.metadata.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigRegistryTest {

    private static final ConfigRegistry REGISTRY = ConfigRegistry.of(List.of(
            ConfigDefinition.define("secret.password", ConfigType.PASSWORD).doc("A secret.").build(),
            ConfigDefinition.define("size.bytes", ConfigType.INT).defaultValue("10")
                    .validator(Validators.atLeast(1)).doc("A size. More words.").build()),
            Map.of("size", "size.bytes"));

    @Test
    void secretsNeverAppearInMessages() {
        ConfigValues values = REGISTRY.parse(Map.of("secret.password", "hunter2"));
        assertThat(values.require("secret.password")).isEqualTo(new Password("hunter2")).hasToString("[hidden]");
        ConfigRegistry strict = ConfigRegistry.of(List.of(ConfigDefinition.define("p", ConfigType.PASSWORD)
                .validator(Validator.of("", v -> java.util.Optional.of("too short"))).doc("P.").build()), Map.of());
        assertThatThrownBy(() -> strict.parse(Map.of("p", "hunter2"))).hasMessage("Invalid value [hidden] for p: too short");
    }

    @Test
    void hintsAndCloseNamesAreSuggested() {
        assertThatThrownBy(() -> REGISTRY.parse(Map.of("size", "1")))
                .hasMessage("Unknown configuration key 'size' (did you mean 'size.bytes'?)");
        assertThatThrownBy(() -> REGISTRY.parse(Map.of("sise.bytes", "1")))
                .hasMessage("Unknown configuration key 'sise.bytes' (did you mean 'size.bytes'?)");
        assertThatThrownBy(() -> REGISTRY.parse(Map.of("completely.different", "1")))
                .hasMessage("Unknown configuration key 'completely.different'");
    }

    @Test
    void definitionsAreCheckedWhenBuilt() {
        assertThatThrownBy(() -> ConfigDefinition.define("x", ConfigType.INT).build())
                .isInstanceOf(IllegalStateException.class).hasMessage("config key x has no doc");
        assertThatThrownBy(() -> ConfigDefinition.define("x", ConfigType.INT).defaultValue("0")
                        .validator(Validators.atLeast(1)).doc("X.").build())
                .hasMessage("default of x is invalid: must be at least 1");
        ConfigDefinition x = ConfigDefinition.define("x", ConfigType.INT).doc("X.").build();
        assertThatThrownBy(() -> ConfigRegistry.of(List.of(x, x), Map.of()))
                .hasMessage("config key x is defined twice");
    }

    @Test
    void summaryIsTheFirstSentence() {
        assertThat(REGISTRY.definition("size.bytes").summary()).isEqualTo("A size.");
    }

    @Test
    void suggestionDistanceIgnoresCase() {
        assertThat(Suggestions.distance("Log.Dirs", "log.dirs")).isZero();
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
    }
}
