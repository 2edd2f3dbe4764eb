package io.weir.metadata.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @Test
    void readsTheFileTrimsValuesAndAppliesOverrides(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("a.properties");
        Files.writeString(file, "a = 1 \t\nb:2\n! comment\nc=\n");

        Map<String, String> raw = ConfigLoader.load(Optional.of(file), List.of("b=3", "d= x=y "));

        assertThat(raw).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "3", "c", "", "d", "x=y"));
    }

    @Test
    void unreadableFilesAreOneLineErrors(@TempDir Path dir) {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(dir.resolve("missing")), List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Cannot read config file " + dir.resolve("missing") + ": no such file");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(dir), List.of()))
                .hasMessage("Cannot read config file " + dir + ": it is a directory");
    }

    @Test
    void overridesNeedAKeyAndAnEqualsSign() {
        assertThat(ConfigLoader.parseOverride("k=")).isEqualTo(Map.entry("k", ""));
        assertThatThrownBy(() -> ConfigLoader.parseOverride("k")).hasMessage("Invalid override 'k': expected key=value");
        assertThatThrownBy(() -> ConfigLoader.parseOverride(" =v")).hasMessage("Invalid override ' =v': expected key=value");
    }
}
