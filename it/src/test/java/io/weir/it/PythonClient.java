package io.weir.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    private static final ObjectMapper JSON = new ObjectMapper();

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
    Output run(String bootstrapServers, String topic, String scenario, String... options) {
        List<String> command =
                new ArrayList<>(List.of(PYTHON.toString(), script.toString(), bootstrapServers, topic, scenario));
        command.addAll(List.of(options));
        ExternalProcess.Result result = ExternalProcess.run(command, Optional.empty(), RUN_DEADLINE);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : result.stdoutLines()) {
            lines.add(parse(line, result));
        }
        Output output = new Output(result, lines);
        assertThat(lines).as(result.toString()).isNotEmpty();
        assertThat(output.summary().path("scenario").asText()).as(result.toString()).isEqualTo(scenario);
        return output;
    }

    private static JsonNode parse(String line, ExternalProcess.Result result) {
        try {
            return JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not a JSON line: " + line + "\n" + result, e);
        }
    }

    /** What a run printed: its process result and its JSON lines in order. */
    record Output(ExternalProcess.Result result, List<JsonNode> lines) {
        /** The last line, which every scenario prints as {@code "kind": "summary"}. */
        JsonNode summary() {
            JsonNode last = lines.get(lines.size() - 1);
            assertThat(last.path("kind").asText()).as(result.toString()).isEqualTo("summary");
            return last;
        }

        /** Every line of one kind, in the order printed. */
        List<JsonNode> ofKind(String kind) {
            return lines.stream().filter(line -> line.path("kind").asText().equals(kind)).toList();
        }

        /** The only line of one kind. */
        JsonNode one(String kind) {
            List<JsonNode> found = ofKind(kind);
            assertThat(found).as(result.toString()).hasSize(1);
            return found.get(0);
        }

        @Override
        public String toString() {
            return result.toString();
        }
    }
}
