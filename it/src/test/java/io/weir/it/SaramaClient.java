package io.weir.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Go program in {@code it/clients/go} on Sarama 1.22, Debian's golang-github-shopify-sarama-dev,
 * built once with Debian's Go in GOPATH mode and offline ({@code GO111MODULE=off},
 * {@code GOPATH=/usr/share/gocode}), its binary and Go's build cache under {@code it/target/go}.
 * The program takes {@code BOOTSTRAP TOPIC SCENARIO VERSION [options]}, VERSION being Sarama's
 * {@code config.Version}, and prints one JSON object a line, each with a {@code kind}; the last is
 * the scenario's summary. On failure it exits 1 with a one-line message on stderr.
 *
 * <p>Thread-safety: immutable; each run owns its process.
 */
final class SaramaClient {
    static final Path GOPATH = Path.of("/usr/share/gocode");
    static final Path SARAMA_SOURCES = GOPATH.resolve("src/github.com/Shopify/sarama");
    private static final Duration BUILD_DEADLINE = Duration.ofSeconds(240);
    private static final Duration RUN_DEADLINE = Duration.ofSeconds(60);

    private final Path binary;

    private SaramaClient(Path binary) {
        this.binary = binary;
    }

    /** Whether {@code go} is on the PATH and Sarama's sources are where Debian's package puts them. */
    static boolean installed() {
        return ExternalProcess.onPath("go").isPresent() && Files.isDirectory(SARAMA_SOURCES);
    }

    /** Builds the program (requires {@link #installed()}); fails the caller if the build fails. */
    static SaramaClient build() {
        Path sources = Clients.buildProperty("weir.it.goClientsDir").map(Path::of).orElse(Path.of("clients", "go"));
        Path out = Clients.buildProperty("weir.it.goBuildDir").map(Path::of).orElse(Path.of("target", "go"));
        Path binary = out.resolve("sarama-client").toAbsolutePath();
        // GOPATH mode builds a directory outside GOPATH only as ".", so the files are named instead.
        List<String> command = new ArrayList<>(List.of("env", "GO111MODULE=off", "GOPATH=" + GOPATH, "GOFLAGS=",
                "GOCACHE=" + out.resolve("cache").toAbsolutePath(), "go", "build", "-o", binary.toString()));
        command.addAll(goFiles(sources));
        ExternalProcess.Result built = ExternalProcess.run(command, Optional.empty(), BUILD_DEADLINE);
        assertThat(built.exitCode()).as("go build of the Sarama client\n" + built).isZero();
        return new SaramaClient(binary);
    }

    private static List<String> goFiles(Path sources) {
        try (Stream<Path> files = Files.list(sources)) {
            List<String> names = files.map(file -> file.toAbsolutePath().toString())
                    .filter(name -> name.endsWith(".go") && !name.endsWith("_test.go")).sorted().toList();
            assertThat(names).as("Go sources in " + sources.toAbsolutePath()).isNotEmpty();
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs one scenario to completion and requires exit code 0 and a summary line. */
    ScenarioOutput run(String bootstrapServers, String topic, String scenario, String version, String... options) {
        return ScenarioOutput.of(runToExit(bootstrapServers, topic, scenario, version, options), scenario);
    }

    /** Runs one scenario to completion, whatever its exit code. */
    ExternalProcess.Result runToExit(String bootstrapServers, String topic, String scenario, String version,
            String... options) {
        List<String> command = new ArrayList<>(List.of(binary.toString(), bootstrapServers, topic, scenario, version));
        command.addAll(List.of(options));
        return ExternalProcess.run(command, Optional.empty(), RUN_DEADLINE);
    }
}
