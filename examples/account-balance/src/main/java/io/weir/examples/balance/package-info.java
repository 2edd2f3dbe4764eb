/**
 * An account-balance service built on event sourcing with nothing but kafka-clients: deposits and
 * withdrawals are events in {@code account-events}; the latest balance of each account is kept in
 * the compacted topic {@code account-balances}, from which the service rebuilds its state on start.
 * {@link io.weir.examples.balance.AccountBalanceApp} is the command line.
 */
package io.weir.examples.balance;
