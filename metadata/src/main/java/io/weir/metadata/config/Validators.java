package io.weir.metadata.config;

import io.weir.metadata.record.SecurityProtocol;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** The validators configuration definitions use. All are immutable and thread-safe. */
public final class Validators {
    private Validators() {}

    /** Accepts any value of the key's type. */
    public static Validator any() {
        return Validator.of("", value -> Optional.empty());
    }

    /** A whole number at least {@code min}. */
    public static Validator atLeast(long min) {
        return Validator.of("[" + min + ",...]", value -> ((Number) value).longValue() < min
                ? Optional.of("must be at least " + min)
                : Optional.empty());
    }

    /** A whole number from {@code min} to {@code max}, both included. */
    public static Validator between(long min, long max) {
        return Validator.of("[" + min + ",...," + max + "]", value -> {
            long number = ((Number) value).longValue();
            return number < min || number > max
                    ? Optional.of("must be between " + min + " and " + max)
                    : Optional.empty();
        });
    }

    /** A whole number from {@code min} to {@code max}, both included, or exactly {@code alsoAllowed}. */
    public static Validator betweenOr(long min, long max, long alsoAllowed) {
        Validator range = between(min, max);
        return Validator.of(range.describe() + " or " + alsoAllowed, value -> ((Number) value).longValue() == alsoAllowed
                ? Optional.empty()
                : range.problem(value).map(problem -> problem + ", or be " + alsoAllowed));
    }

    /** A boolean that must be false, with {@code reason} as the problem when it is true. */
    public static Validator onlyFalse(String reason) {
        return Validator.of("false", value -> Boolean.TRUE.equals(value) ? Optional.of(reason) : Optional.empty());
    }

    /** A decimal number from {@code min} to {@code max}, both included. */
    public static Validator betweenDecimal(double min, double max) {
        return Validator.of("[" + min + ",...," + max + "]", value -> {
            double number = ((Number) value).doubleValue();
            return number < min || number > max
                    ? Optional.of("must be between " + min + " and " + max)
                    : Optional.empty();
        });
    }

    /** A string equal to one of {@code allowed}. */
    public static Validator oneOf(String... allowed) {
        List<String> choices = List.of(allowed);
        return Validator.of(String.join(", ", choices), value -> choices.contains(value)
                ? Optional.empty()
                : Optional.of("must be one of " + String.join(", ", choices)));
    }

    /** A list whose every entry is one of {@code allowed}; {@code nonEmpty} also refuses an empty list. */
    public static Validator listOf(boolean nonEmpty, String... allowed) {
        List<String> choices = List.of(allowed);
        String description = (nonEmpty ? "non-empty list of " : "list of ") + String.join(", ", choices);
        return Validator.of(description, value -> {
            List<String> entries = entries(value);
            if (nonEmpty && entries.isEmpty()) {
                return Optional.of("must not be empty");
            }
            return entries.stream()
                    .filter(entry -> !choices.contains(entry))
                    .findFirst()
                    .map(bad -> "'" + bad + "' is not one of " + String.join(", ", choices));
        });
    }

    /** A list with at least one entry. */
    public static Validator nonEmptyList() {
        return Validator.of("non-empty list", value -> entries(value).isEmpty()
                ? Optional.of("must not be empty")
                : Optional.empty());
    }

    /** A list of {@code NAME://host:port} listeners with distinct names. */
    public static Validator listeners() {
        return Validator.of("list of NAME://host:port", value -> {
            Set<String> names = new HashSet<>();
            for (String entry : entries(value)) {
                Optional<String> problem = problemOf(entry, Listener::parse);
                if (problem.isPresent()) {
                    return problem;
                }
                if (!names.add(Listener.parse(entry).name())) {
                    return Optional.of("listener name " + Listener.parse(entry).name() + " appears twice");
                }
            }
            return Optional.empty();
        });
    }

    /** A list of {@code host:port} addresses. */
    public static Validator hostPortList() {
        return eachEntry("list of host:port", HostPort::parse);
    }

    /** A list of {@code id@host:port} quorum voters. */
    public static Validator quorumVoters() {
        return eachEntry("list of id@host:port", QuorumVoter::parse);
    }

    /** A single {@code host:port}, or the empty string for "off". */
    public static Validator hostPortOrEmpty() {
        return Validator.of("host:port, or empty for off", value -> ((String) value).isEmpty()
                ? Optional.empty()
                : problemOf((String) value, HostPort::parse));
    }

    /** A list of {@code LISTENER_NAME:SECURITY_PROTOCOL} pairs. */
    public static Validator securityProtocolMap() {
        return eachEntry("list of NAME:PROTOCOL", Validators::parseProtocolMapping);
    }

    static SecurityProtocol parseProtocolMapping(String entry) {
        int colon = entry.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("'" + entry + "' is not of the form NAME:PROTOCOL");
        }
        String protocol = entry.substring(colon + 1).trim();
        return SecurityProtocol.byName(protocol)
                .orElseThrow(() -> new IllegalArgumentException(
                        "'" + protocol + "' is not a security protocol (PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL)"));
    }

    private static Validator eachEntry(String description, Function<String, ?> parser) {
        return Validator.of(description, value -> entries(value).stream()
                .map(entry -> problemOf(entry, parser))
                .flatMap(Optional::stream)
                .findFirst());
    }

    private static Optional<String> problemOf(String entry, Function<String, ?> parser) {
        try {
            parser.apply(entry);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static List<String> entries(Object value) {
        List<String> entries = new ArrayList<>();
        for (Object entry : (List<?>) value) {
            entries.add((String) entry);
        }
        return entries;
    }
}
