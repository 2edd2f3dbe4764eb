package io.weir.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.metadata.config.ConfigDocs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/configuration.md is generated from the registry; this keeps the committed copy current. */
class ConfigurationReferenceTest {

    @Test
    void committedReferenceMatchesTheRegistry() throws IOException {
        Path committed = Path.of("..", "docs", "configuration.md");
        assertThat(Files.readString(committed))
                .as("docs/configuration.md is stale: regenerate it with"
                        + " `bin/weir config --markdown > docs/configuration.md`")
                .isEqualTo(ConfigDocs.markdown());
    }
}
