package io.weir.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a client program of another language printed for one scenario (the Python scripts, the Go
 * program): one JSON object a line, each with a {@code kind}, the last being the scenario's
 * {@code summary}; and the JSON conversions the tests read them with.
 *
 * @param result the finished process
 * @param lines its stdout lines, parsed, in order
 */
record ScenarioOutput(ExternalProcess.Result result, List<JsonNode> lines) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The output of a run that must have exited 0 and ended with {@code scenario}'s summary. */
    static ScenarioOutput of(ExternalProcess.Result result, String scenario) {
        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : result.stdoutLines()) {
            lines.add(parse(line, result));
        }
        ScenarioOutput output = new ScenarioOutput(result, lines);
        assertThat(lines).as(result.toString()).isNotEmpty();
        assertThat(output.summary().path("scenario").asText()).as(result.toString()).isEqualTo(scenario);
        return output;
    }

    /** One JSON line; {@code context} names where it came from when it does not parse. */
    static JsonNode parse(String line, Object context) {
        try {
            return JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not a JSON line: " + line + "\n" + context, e);
        }
    }

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

    /** A JSON object of whole numbers, sorted by key. */
    static Map<String, Long> longs(JsonNode object) {
        Map<String, Long> result = new TreeMap<>();
        object.fields().forEachRemaining(field -> result.put(field.getKey(), field.getValue().asLong()));
        return result;
    }

    /** A JSON array of whole numbers. */
    static List<Integer> ints(JsonNode array) {
        List<Integer> result = new ArrayList<>();
        array.forEach(element -> result.add(element.asInt()));
        return result;
    }

    /** A JSON array of strings. */
    static List<String> texts(JsonNode array) {
        List<String> result = new ArrayList<>();
        array.forEach(element -> result.add(element.asText()));
        return result;
    }

    @Override
    public String toString() {
        return result.toString();
    }
}
