package io.weir.examples.balance;

import java.util.Locale;
import java.util.Optional;

/**
 * One event of {@code account-events}: key = account id, value = {@code "deposit 50"} or
 * {@code "withdraw 20"} (a kind and a positive whole amount).
 */
record AccountEvent(String account, Kind kind, long amount) {

    enum Kind {
        DEPOSIT,
        WITHDRAW
    }

    AccountEvent {
        if (amount <= 0) {
            throw new IllegalArgumentException("an amount must be positive: " + amount);
        }
    }

    /** Reads an event as stored; empty for a value that is not one (it is skipped, not fatal). */
    static Optional<AccountEvent> parse(String account, String value) {
        String[] parts = value == null ? new String[0] : value.trim().split("\\s+");
        if (account == null || parts.length != 2) {
            return Optional.empty();
        }
        try {
            Kind kind = Kind.valueOf(parts[0].toUpperCase(Locale.ROOT));
            return Optional.of(new AccountEvent(account, kind, Long.parseLong(parts[1])));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The record value, as {@link #parse} reads it. */
    String value() {
        return kind.name().toLowerCase(Locale.ROOT) + " " + amount;
    }

    /** The balance after this event, or empty if it is a withdrawal the balance does not cover. */
    Optional<Long> applyTo(long balance) {
        if (kind == Kind.DEPOSIT) {
            return Optional.of(Math.addExact(balance, amount));
        }
        return amount <= balance ? Optional.of(balance - amount) : Optional.empty();
    }
}
