package io.weir.metadata.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigTypeTest {

    @Test
    void parsesEachType() {
        assertThat(ConfigType.BOOLEAN.parse("TRUE")).isEqualTo(true);
        assertThat(ConfigType.SHORT.parse("3")).isEqualTo((short) 3);
        assertThat(ConfigType.INT.parse("-7")).isEqualTo(-7);
        assertThat(ConfigType.LONG.parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(ConfigType.DOUBLE.parse("0.25")).isEqualTo(0.25);
        assertThat(ConfigType.STRING.parse("x y")).isEqualTo("x y");
        assertThat(ConfigType.LIST.parse(" a, b ,,c ")).isEqualTo(List.of("a", "b", "c"));
        assertThat(ConfigType.LIST.parse("")).isEqualTo(List.of());
        assertThat(ConfigType.PASSWORD.parse("secret")).hasToString("[hidden]");
    }

    @Test
    void refusesWhatIsNotOfTheType() {
        assertThatThrownBy(() -> ConfigType.BOOLEAN.parse("yes")).hasMessage("not a boolean (expected true or false)");
        assertThatThrownBy(() -> ConfigType.INT.parse("1.5")).hasMessage("not an integer");
        assertThatThrownBy(() -> ConfigType.INT.parse("3000000000")).hasMessageStartingWith("out of range");
        assertThatThrownBy(() -> ConfigType.SHORT.parse("40000")).hasMessageStartingWith("out of range");
        assertThatThrownBy(() -> ConfigType.DOUBLE.parse("abc")).hasMessage("not a number");
        assertThatThrownBy(() -> ConfigType.DOUBLE.parse("NaN")).hasMessage("not a finite number");
    }

    @Test
    void formatsListsBackToText() {
        assertThat(ConfigType.LIST.format(List.of("a", "b"))).isEqualTo("a,b");
        assertThat(ConfigType.LONG.format(5L)).isEqualTo("5");
    }
}
