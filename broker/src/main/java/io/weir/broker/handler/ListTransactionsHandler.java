package io.weir.broker.handler;

import io.weir.broker.txn.TransactionCoordinator;
import io.weir.broker.txn.TxnException;
import io.weir.broker.txn.TxnMetadata;
import io.weir.broker.txn.TxnState;
import io.weir.protocol.VersionRange;
import java.time.Clock;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.common.message.ListTransactionsRequestData;
import org.apache.kafka.common.message.ListTransactionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * ListTransactions (api key 66), versions 0 to 2 (KIP-664; v1 adds the duration filter, KIP-994;
 * v2 the transactional id pattern, KIP-1152): the transactional ids this node coordinates, filtered
 * by state names (unknown names are echoed in {@code unknown_state_filters}), producer ids, a
 * minimum running time of the open transaction and a regular expression over the id (an invalid
 * one is INVALID_REGULAR_EXPRESSION). Thread-safe.
 */
public final class ListTransactionsHandler implements ApiHandler<ListTransactionsRequestData> {
    public static final VersionRange VERSIONS = VersionRange.of(0, 2);

    private final TransactionCoordinator transactions;
    private final Clock clock;

    public ListTransactionsHandler(TransactionCoordinator transactions, Clock clock) {
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_TRANSACTIONS;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, ListTransactionsRequestData request) {
        ListTransactionsResponseData response = new ListTransactionsResponseData();
        Set<TxnState> states = new HashSet<>();
        for (String name : request.stateFilters()) {
            Optional<TxnState> state = TxnState.ofKafkaName(name);
            state.ifPresentOrElse(states::add, () -> response.unknownStateFilters().add(name));
        }
        Set<Long> producerIds = new HashSet<>(request.producerIdFilters());
        Optional<Pattern> pattern;
        try {
            pattern = Optional.ofNullable(request.transactionalIdPattern()).filter(p -> !p.isEmpty()).map(Pattern::compile);
        } catch (PatternSyntaxException e) {
            return Reply.completed(response.setErrorCode(Errors.INVALID_REGULAR_EXPRESSION.code()));
        }
        long nowMs = clock.millis();
        return transactions.list().handle((all, failure) -> {
            if (failure != null) {
                return Reply.respond(response.setErrorCode(TxnException.errorOf(failure).code()));
            }
            response.setErrorCode(Errors.NONE.code());
            for (TxnMetadata m : all) {
                boolean running = request.durationFilter() < 0
                        || (m.txnStartTimestampMs() >= 0 && nowMs - m.txnStartTimestampMs() > request.durationFilter());
                if ((states.isEmpty() && request.stateFilters().isEmpty() || states.contains(m.state()))
                        && (producerIds.isEmpty() || producerIds.contains(m.producerId())) && running
                        && pattern.map(p -> p.matcher(m.transactionalId()).matches()).orElse(true)) {
                    response.transactionStates().add(new ListTransactionsResponseData.TransactionState()
                            .setTransactionalId(m.transactionalId()).setProducerId(m.producerId())
                            .setTransactionState(m.state().kafkaName()));
                }
            }
            return Reply.respond(response);
        });
    }
}
