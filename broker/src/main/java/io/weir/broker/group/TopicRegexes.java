package io.weir.broker.group;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.weir.metadata.TopicNames;
import io.weir.metadata.image.TopicsImage;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The topic regular expressions of consumer-protocol subscriptions (KIP-848, ConsumerGroupHeartbeat
 * v1 {@code SubscribedTopicRegex}), evaluated on the broker with RE2/J, as Kafka does: a topic
 * matches when the whole name matches; internal topics never match. Matches are cached per regex
 * for one topics image and recomputed when the image changes (a topic created or deleted).
 *
 * <p>Thread-safety: not thread-safe; one instance per shard, used on its lane.
 */
final class TopicRegexes {
    private final Map<String, Pattern> compiled = new HashMap<>();
    private final Map<String, Set<String>> matches = new HashMap<>();
    private TopicsImage matchedImage = TopicsImage.EMPTY;

    /** Throws INVALID_REGULAR_EXPRESSION unless {@code regex} is a valid RE2/J expression. */
    static void validate(String regex) {
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new GroupException(GroupError.INVALID_REGULAR_EXPRESSION,
                    "SubscribedTopicRegex `" + regex + "` is not a valid regular expression: " + e.getMessage() + ".");
        }
    }

    /** The names of the non-internal topics of {@code image} that {@code regex} matches, sorted. */
    Set<String> matches(String regex, TopicsImage image) {
        if (image != matchedImage) {
            matches.clear();
            matchedImage = image;
        }
        return matches.computeIfAbsent(regex, r -> {
            Pattern pattern = compiled.computeIfAbsent(r, Pattern::compile);
            Set<String> names = new TreeSet<>();
            image.topicsByName().keySet().stream().filter(name -> !TopicNames.isInternal(name))
                    .filter(name -> pattern.matcher(name).matches()).forEach(names::add);
            return java.util.Collections.unmodifiableSet(names);
        });
    }

    /** Forgets regexes no member uses any more. */
    void retainOnly(Set<String> inUse) {
        compiled.keySet().retainAll(inUse);
        matches.keySet().retainAll(inUse);
    }
}
