package io.weir.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class UuidProperties {

    @Property(tries = 2000)
    void printsExactlyAsKafkaClientsPrint(@ForAll long mostSignificantBits, @ForAll long leastSignificantBits) {
        Uuid ours = new Uuid(mostSignificantBits, leastSignificantBits);
        org.apache.kafka.common.Uuid kafkas =
                new org.apache.kafka.common.Uuid(mostSignificantBits, leastSignificantBits);

        assertThat(ours.toString()).isEqualTo(kafkas.toString()).hasSize(22);
        assertThat(Uuid.parse(kafkas.toString())).contains(ours);
        assertThat(org.apache.kafka.common.Uuid.fromString(ours.toString())).isEqualTo(kafkas);
    }

    @Property(tries = 2000)
    void randomIdsAreNeverReservedNorPrintedWithALeadingDash() {
        Uuid id = Uuid.random();

        assertThat(id.isReserved()).isFalse();
        assertThat(id.toString()).doesNotStartWith("-");
    }
}
