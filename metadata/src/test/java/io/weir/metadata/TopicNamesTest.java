package io.weir.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class TopicNamesTest {

    @Test
    void acceptsLegalNames() {
        for (String name : new String[] {"orders", "a", "A.b_c-9", "__consumer_offsets", "...", "x".repeat(249)}) {
            assertThat(TopicNames.problem(name)).as(name).isEmpty();
        }
    }

    @Test
    void rejectsIllegalNamesWithOneLineReasons() {
        assertThat(TopicNames.problem("")).hasValueSatisfying(p -> assertThat(p).contains("empty"));
        assertThat(TopicNames.problem(null)).isPresent();
        assertThat(TopicNames.problem(".")).hasValueSatisfying(p -> assertThat(p).contains("'.' or '..'"));
        assertThat(TopicNames.problem("..")).isPresent();
        assertThat(TopicNames.problem("x".repeat(250))).hasValueSatisfying(p -> assertThat(p).contains("249"));
        assertThat(TopicNames.problem("a b")).hasValueSatisfying(p -> assertThat(p).contains("'a b'"));
        assertThat(TopicNames.problem("caf\u00e9")).isPresent();
        assertThatThrownBy(() -> TopicNames.validate("a/b"))
                .isInstanceOf(InvalidTopicNameException.class)
                .hasMessageNotContaining("\n");
    }

    @Test
    void detectsCollisionsBetweenDotAndUnderscore() {
        assertThat(TopicNames.hasCollisionChars("a.b")).isTrue();
        assertThat(TopicNames.hasCollisionChars("a-b")).isFalse();
        assertThat(TopicNames.collide("a.b", "a_b")).isTrue();
        assertThat(TopicNames.collide("a.b", "a.b")).isFalse();
        assertThat(TopicNames.collide("a.b", "a-b")).isFalse();
        assertThat(TopicNames.collisionKey("a.b_c")).isEqualTo("a_b_c");
    }

    @Test
    void knowsKafkasInternalTopics() {
        assertThat(TopicNames.isInternal("__consumer_offsets")).isTrue();
        assertThat(TopicNames.isInternal("__transaction_state")).isTrue();
        assertThat(TopicNames.isInternal("orders")).isFalse();
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("aZ09._-").ofMaxLength(260),
                Arbitraries.strings().withChars("ab._- /:\u00e9").ofMaxLength(6),
                Arbitraries.of(".", "..", "", "..."));
    }

    @Property(tries = 1000)
    void agreesWithKafkasValidation(@ForAll("names") String name) {
        boolean kafkaAccepts;
        try {
            Topic.validate(name);
            kafkaAccepts = true;
        } catch (InvalidTopicException e) {
            kafkaAccepts = false;
        }

        assertThat(TopicNames.problem(name).isEmpty()).isEqualTo(kafkaAccepts);
        assertThat(TopicNames.collide(name, "x")).isEqualTo(Topic.hasCollision(name, "x") && !name.equals("x"));
    }
}
