package io.weir.examples.balance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class AccountEventTest {

    @Test
    void eventsReadAsTheyAreWritten() {
        AccountEvent deposit = new AccountEvent("alice", AccountEvent.Kind.DEPOSIT, 50);
        assertThat(deposit.value()).isEqualTo("deposit 50");
        assertThat(AccountEvent.parse("alice", "deposit 50")).contains(deposit);
        assertThat(AccountEvent.parse("alice", "WITHDRAW 7"))
                .contains(new AccountEvent("alice", AccountEvent.Kind.WITHDRAW, 7));
    }

    @Test
    void malformedEventsAreEmpty() {
        assertThat(AccountEvent.parse("alice", "deposit")).isEmpty();
        assertThat(AccountEvent.parse("alice", "deposit -5")).isEmpty();
        assertThat(AccountEvent.parse("alice", "steal 5")).isEmpty();
        assertThat(AccountEvent.parse("alice", null)).isEmpty();
        assertThat(AccountEvent.parse(null, "deposit 5")).isEmpty();
    }

    @Test
    void aWithdrawalTheBalanceDoesNotCoverIsRefused() {
        assertThat(new AccountEvent("bob", AccountEvent.Kind.WITHDRAW, 30).applyTo(20)).isEmpty();
        assertThat(new AccountEvent("bob", AccountEvent.Kind.WITHDRAW, 20).applyTo(20)).contains(0L);
        assertThat(new AccountEvent("bob", AccountEvent.Kind.DEPOSIT, 5).applyTo(20)).contains(25L);
    }

    @Test
    void aBalanceKeepsItsEventOffsetInAHeader() {
        var stored = new Balance(120, 57).toRecord("carol");
        ConsumerRecord<String, String> read = new ConsumerRecord<>(Topics.BALANCES, 0, 0, stored.key(), stored.value());
        stored.headers().forEach(header -> read.headers().add(header));
        assertThat(Balance.from(read)).contains(new Balance(120, 57));
        assertThat(new String(read.headers().lastHeader(Balance.EVENT_OFFSET_HEADER).value(), StandardCharsets.UTF_8))
                .isEqualTo("57");
        assertThat(Balance.from(new ConsumerRecord<>(Topics.BALANCES, 0, 1, "carol", null))).isEqualTo(Optional.empty());
    }
}
