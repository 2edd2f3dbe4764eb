package io.weir.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoggingSetupTest {

    @Test
    void infoByDefaultDebugWhenVerboseOrAskedByTheEnvironment() {
        assertThat(LoggingSetup.levelFor(false, Optional.empty())).isEqualTo(Level.INFO);
        assertThat(LoggingSetup.levelFor(true, Optional.empty())).isEqualTo(Level.DEBUG);
        assertThat(LoggingSetup.levelFor(false, Optional.of("debug"))).isEqualTo(Level.DEBUG);
        assertThat(LoggingSetup.levelFor(false, Optional.of(" WARN "))).isEqualTo(Level.WARN);
        assertThat(LoggingSetup.levelFor(true, Optional.of("warn"))).isEqualTo(Level.DEBUG);
        assertThat(LoggingSetup.levelFor(false, Optional.of("loud"))).isEqualTo(Level.INFO);
    }
}
