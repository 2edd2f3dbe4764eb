package io.weir.metadata.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ValidatorsTest {

    @Test
    void atLeast() {
        assertThat(Validators.atLeast(14).problem(14)).isEmpty();
        assertThat(Validators.atLeast(14).problem(13L)).contains("must be at least 14");
        assertThat(Validators.atLeast(14).describe()).isEqualTo("[14,...]");
    }

    @Test
    void between() {
        assertThat(Validators.between(1, 3).problem(3)).isEmpty();
        assertThat(Validators.between(1, 3).problem(0)).contains("must be between 1 and 3");
        assertThat(Validators.betweenDecimal(0, 1).problem(0.5)).isEmpty();
        assertThat(Validators.betweenDecimal(0, 1).problem(1.5)).contains("must be between 0.0 and 1.0");
    }

    @Test
    void oneOf() {
        assertThat(Validators.oneOf("CreateTime", "LogAppendTime").problem("LogAppendTime")).isEmpty();
        assertThat(Validators.oneOf("CreateTime", "LogAppendTime").problem("createtime"))
                .contains("must be one of CreateTime, LogAppendTime");
    }

    @Test
    void listOfChoices() {
        Validator roles = Validators.listOf(true, "broker", "controller");
        assertThat(roles.problem(List.of("broker"))).isEmpty();
        assertThat(roles.problem(List.of())).contains("must not be empty");
        assertThat(roles.problem(List.of("broker", "zookeeper"))).contains("'zookeeper' is not one of broker, controller");
        assertThat(Validators.listOf(false, "a").problem(List.of())).isEmpty();
    }

    @Test
    void nonEmptyList() {
        assertThat(Validators.nonEmptyList().problem(List.of("x"))).isEmpty();
        assertThat(Validators.nonEmptyList().problem(List.of())).contains("must not be empty");
    }

    @Test
    void listenerSyntax() {
        Validator listeners = Validators.listeners();
        assertThat(listeners.problem(List.of("PLAINTEXT://127.0.0.1:9092", "CONTROLLER://:9093"))).isEmpty();
        assertThat(listeners.problem(List.of("INTERNAL://[::1]:0"))).isEmpty();
        assertThat(listeners.problem(List.of("127.0.0.1:9092"))).contains("'127.0.0.1:9092' is not of the form NAME://host:port");
        assertThat(listeners.problem(List.of("PLAINTEXT://host:99999"))).contains("port 99999 is not between 0 and 65535");
        assertThat(listeners.problem(List.of("PLAINTEXT://host:x"))).contains("port 'x' is not a number");
        assertThat(listeners.problem(List.of("PLAIN-TEXT://host:1"))).contains("listener name 'PLAIN-TEXT' may hold only letters, digits and _");
        assertThat(listeners.problem(List.of("PLAINTEXT://::1:9092"))).contains("an IPv6 host must be in brackets, e.g. [::1]:9092");
        assertThat(listeners.problem(List.of("PLAINTEXT://a:1", "plaintext://b:2"))).contains("listener name PLAINTEXT appears twice");
    }

    @Test
    void addresses() {
        assertThat(Validators.hostPortList().problem(List.of("localhost:9093", "[::1]:9094"))).isEmpty();
        assertThat(Validators.hostPortList().problem(List.of("localhost"))).contains("expected host:port");
        assertThat(Validators.quorumVoters().problem(List.of("1@localhost:9093"))).isEmpty();
        assertThat(Validators.quorumVoters().problem(List.of("localhost:9093"))).contains("'localhost:9093' is not of the form id@host:port");
        assertThat(Validators.quorumVoters().problem(List.of("x@h:1"))).contains("voter id 'x' is not a number");
        assertThat(Validators.hostPortOrEmpty().problem("")).isEmpty();
        assertThat(Validators.hostPortOrEmpty().problem("127.0.0.1:8080")).isEmpty();
        assertThat(Validators.hostPortOrEmpty().problem("8080")).contains("expected host:port");
    }

    @Test
    void securityProtocolMap() {
        assertThat(Validators.securityProtocolMap().problem(List.of("CONTROLLER:PLAINTEXT", "EXT:SASL_SSL"))).isEmpty();
        assertThat(Validators.securityProtocolMap().problem(List.of("CONTROLLER"))).contains("'CONTROLLER' is not of the form NAME:PROTOCOL");
        assertThat(Validators.securityProtocolMap().problem(List.of("A:TLS")))
                .contains("'TLS' is not a security protocol (PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL)");
    }

    @Test
    void listenerRecordsRoundTrip() {
        assertThat(Listener.parse("plaintext://[::1]:9092")).isEqualTo(new Listener("PLAINTEXT", "::1", 9092));
        assertThat(Listener.parse("plaintext://[::1]:9092")).hasToString("PLAINTEXT://[::1]:9092");
        assertThat(QuorumVoter.parse("3@h:1")).hasToString("3@h:1");
    }
}
