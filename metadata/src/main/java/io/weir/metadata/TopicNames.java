package io.weir.metadata;

import java.util.Optional;
import java.util.Set;

/**
 * Topic name rules as Kafka applies them: 1 to 249 characters from {@code [a-zA-Z0-9._-]}, and
 * neither {@code "."} nor {@code ".."} (those would be confused with directories, since each
 * partition lives in a folder named {@code <topic>-<partition>}).
 *
 * <p>Kafka also refuses a topic whose name equals an existing one once {@code '.'} is replaced by
 * {@code '_'} (metric names use the replaced form, so {@code a.b} and {@code a_b} would share
 * metrics); {@link #collisionKey(String)} gives that form, and creating a name that contains
 * either character deserves a warning. Stateless; thread-safe.
 */
public final class TopicNames {

    /** The longest legal topic name (a partition folder name must fit in 255 bytes). */
    public static final int MAX_LENGTH = 249;

    /** Kafka's internal topic holding committed consumer group offsets. */
    public static final String CONSUMER_OFFSETS = "__consumer_offsets";

    /** Kafka's internal topic holding transaction coordinator state. */
    public static final String TRANSACTION_STATE = "__transaction_state";

    private static final Set<String> INTERNAL = Set.of(CONSUMER_OFFSETS, TRANSACTION_STATE);

    private TopicNames() {}

    /**
     * Checks a name against Kafka's rules.
     *
     * @param name the candidate name
     * @throws InvalidTopicNameException with a one-line reason if the name is illegal
     */
    public static void validate(String name) {
        Optional<String> problem = problem(name);
        if (problem.isPresent()) {
            throw new InvalidTopicNameException(problem.get());
        }
    }

    /**
     * Checks a name against Kafka's rules without throwing.
     *
     * @param name the candidate name
     * @return a one-line reason if the name is illegal, empty if it is legal
     */
    public static Optional<String> problem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("Topic name is illegal: it is empty");
        }
        if (name.equals(".") || name.equals("..")) {
            return Optional.of("Topic name '" + name + "' is illegal: it cannot be '.' or '..'");
        }
        if (name.length() > MAX_LENGTH) {
            return Optional.of("Topic name is illegal: it is " + name.length() + " characters long, the limit is "
                    + MAX_LENGTH);
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isLegalChar(name.charAt(i))) {
                return Optional.of("Topic name '" + name
                        + "' is illegal: it contains a character other than ASCII letters, digits, '.', '_' and '-'");
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the name contains {@code '.'} or {@code '_'}, the characters that can make two names
     * collide in metric names.
     *
     * @param name a topic name
     * @return true if a collision with another topic is possible
     */
    public static boolean hasCollisionChars(String name) {
        return name.indexOf('.') >= 0 || name.indexOf('_') >= 0;
    }

    /**
     * The form under which two names collide: {@code '.'} replaced by {@code '_'}.
     *
     * @param name a topic name
     * @return the collision key; two names collide when their keys are equal and they differ
     */
    public static String collisionKey(String name) {
        return name.replace('.', '_');
    }

    /**
     * Whether two different names collide once {@code '.'} is replaced by {@code '_'}.
     *
     * @param first a topic name
     * @param second another topic name
     * @return true if they differ but share a collision key
     */
    public static boolean collide(String first, String second) {
        return !first.equals(second) && collisionKey(first).equals(collisionKey(second));
    }

    /**
     * Whether the name is one of Kafka's internal topics ({@code __consumer_offsets},
     * {@code __transaction_state}).
     *
     * @param name a topic name
     * @return true for an internal topic
     */
    public static boolean isInternal(String name) {
        return INTERNAL.contains(name);
    }

    private static boolean isLegalChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == '-';
    }
}
