package io.weir.examples.balance;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * One account's state as stored in {@code account-balances}: key = account id, value = the balance
 * as a decimal string, header {@value #EVENT_OFFSET_HEADER} = the offset in {@code account-events}
 * of the last event applied to it. All events of an account are in one partition (they are keyed by
 * account), so that offset tells which of the account's events are already counted.
 *
 * @param amount the balance
 * @param eventOffset the offset of the last event applied, or -1 for none
 */
record Balance(long amount, long eventOffset) {
    static final String EVENT_OFFSET_HEADER = "event-offset";
    static final Balance NONE = new Balance(0, -1);

    /** Reads a stored balance; empty for a tombstone (a closed account). */
    static Optional<Balance> from(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return Optional.empty();
        }
        Header offset = record.headers().lastHeader(EVENT_OFFSET_HEADER);
        long eventOffset = offset == null ? -1 : Long.parseLong(new String(offset.value(), StandardCharsets.UTF_8));
        return Optional.of(new Balance(Long.parseLong(record.value()), eventOffset));
    }

    /** The record that stores this balance for {@code account}. */
    ProducerRecord<String, String> toRecord(String account) {
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.BALANCES, account, Long.toString(amount));
        record.headers().add(EVENT_OFFSET_HEADER, Long.toString(eventOffset).getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
