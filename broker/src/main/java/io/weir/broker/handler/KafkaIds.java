package io.weir.broker.handler;

import io.weir.metadata.Uuid;

/** Converts between Weir's {@link Uuid} and kafka-clients' (same 128 bits). Stateless. */
final class KafkaIds {

    private KafkaIds() {}

    static org.apache.kafka.common.Uuid toKafka(Uuid id) {
        return new org.apache.kafka.common.Uuid(id.mostSignificantBits(), id.leastSignificantBits());
    }

    static Uuid fromKafka(org.apache.kafka.common.Uuid id) {
        return new Uuid(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }
}
