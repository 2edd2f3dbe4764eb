package io.weir.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class UuidTest {

    @Test
    void reservedIdsMatchKafkas() {
        assertThat(Uuid.ZERO.toString()).isEqualTo(org.apache.kafka.common.Uuid.ZERO_UUID.toString());
        assertThat(Uuid.METADATA_TOPIC_ID.toString())
                .isEqualTo(org.apache.kafka.common.Uuid.METADATA_TOPIC_ID.toString())
                .isEqualTo("AAAAAAAAAAAAAAAAAAAAAQ");
        assertThat(Uuid.ZERO.isReserved()).isTrue();
        assertThat(Uuid.METADATA_TOPIC_ID.isReserved()).isTrue();
        assertThat(new Uuid(0L, 2L).isReserved()).isFalse();
    }

    @Test
    void parseRejectsWhatIsNotAPrintedId() {
        assertThat(Uuid.parse(null)).isEmpty();
        assertThat(Uuid.parse("")).isEmpty();
        assertThat(Uuid.parse("AAAAAAAAAAAAAAAAAAAAA")).isEmpty();
        assertThat(Uuid.parse("AAAAAAAAAAAAAAAAAAAAA!")).isEmpty();
        assertThat(Uuid.parse("AAAAAAAAAAAAAAAAAAAAAQ==")).isEmpty();
        assertThat(Uuid.parse("AAAAAAAAAAAAAAAAAAAAAQ")).contains(Uuid.METADATA_TOPIC_ID);
    }

    @Test
    void convertsToAndFromTheJdkTypeAndBytes() {
        UUID jdk = UUID.randomUUID();
        Uuid id = Uuid.fromJavaUuid(jdk);

        assertThat(id.toJavaUuid()).isEqualTo(jdk);
        assertThat(id.toBytes()).hasSize(Uuid.BYTES);
        assertThat(new Uuid(1L, 2L).compareTo(new Uuid(1L, 3L))).isNegative();
        assertThat(new Uuid(2L, 0L).compareTo(new Uuid(1L, 3L))).isPositive();
    }
}
