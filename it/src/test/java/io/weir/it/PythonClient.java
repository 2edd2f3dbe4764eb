package io.weir.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One of the Python client scripts in {@code it/clients/python}, run with Debian's
 * {@code /usr/bin/python3} (the Debian packages python3-kafka and python3-confluent-kafka install
 * for that interpreter only). Each script takes {@code BOOTSTRAP TOPIC SCENARIO [options]} and
 * prints one JSON object a line, each with a {@code kind}; the last is the scenario's summary.
 *
 * <p>Thread-safety: immutable; each run owns its process.
 */
final class PythonClient {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Duration RUN_DEADLINE = Duration.ofSeconds(90);
    private static final Duration IMPORT_DEADLINE = Duration.ofSeconds(30);

    private final Path script;

    private PythonClient(Path script) {
        this.script = script;
    }

    /**
     * The script {@code fileName}, if the interpreter exists and can import {@code module}.
     *
     * @param module the client's Python module ({@code kafka}, {@code confluent_kafka})
     */
    static Optional<PythonClient> ifImportable(String module, String fileName) {
        if (!Files.isExecutable(PYTHON)) {
            return Optional.empty();
        }
        ExternalProcess.Result probe = ExternalProcess.run(
                List.of(PYTHON.toString(), "-c", "import " + module), Optional.empty(), IMPORT_DEADLINE);
        if (probe.exitCode() != 0) {
            return Optional.empty();
        }
        Path dir = Clients.buildProperty("weir.it.pythonClientsDir").map(Path::of).orElse(Path.of("clients", "python"));
        return Optional.of(new PythonClient(dir.resolve(fileName)));
    }

    /** Runs one scenario to completion and requires exit code 0 and a summary line. */
    ScenarioOutput run(String bootstrapServers, String topic, String scenario, String... options) {
        List<String> command =
                new ArrayList<>(List.of(PYTHON.toString(), script.toString(), bootstrapServers, topic, scenario));
        command.addAll(List.of(options));
        return ScenarioOutput.of(ExternalProcess.run(command, Optional.empty(), RUN_DEADLINE), scenario);
    }
}
