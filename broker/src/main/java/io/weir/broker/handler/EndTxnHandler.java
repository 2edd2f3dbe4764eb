package io.weir.broker.handler;

import io.weir.broker.txn.TransactionCoordinator;
import io.weir.protocol.VersionRange;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * EndTxn (api key 26), versions 0 to 5: commits or aborts the producer's transaction. Answers once
 * PrepareCommit/PrepareAbort is written; the markers follow. A client at v5 uses transaction
 * version 2 (KIP-890 part 2): the epoch is bumped with every EndTxn and the response carries the
 * producer id and epoch to use next. INVALID_TXN_STATE for an end that does not match the state,
 * CONCURRENT_TRANSACTIONS while the transaction completes, PRODUCER_FENCED (INVALID_PRODUCER_EPOCH
 * before v2) for an old epoch. Thread-safe.
 */
public final class EndTxnHandler implements ApiHandler<EndTxnRequestData> {
    public static final VersionRange VERSIONS = VersionRange.of(0, 5);
    private static final int PRODUCER_FENCED_VERSION = 2;
    private static final short TRANSACTION_V2_VERSION = 5;

    private final TransactionCoordinator transactions;

    public EndTxnHandler(TransactionCoordinator transactions) {
        this.transactions = transactions;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.END_TXN;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, EndTxnRequestData request) {
        short version = context.header().apiVersion();
        short transactionVersion = (short) (version >= TRANSACTION_V2_VERSION ? 2 : 1);
        return transactions.endTxn(request.transactionalId(), request.producerId(), request.producerEpoch(), request.committed(),
                transactionVersion).handle((next, failure) -> {
                    EndTxnResponseData response = new EndTxnResponseData();
                    if (failure != null) {
                        return Reply.respond(response.setErrorCode(TxnRequests.codeOf(failure, version, PRODUCER_FENCED_VERSION)));
                    }
                    return Reply.respond(response.setErrorCode(Errors.NONE.code()).setProducerId(next.producerId())
                            .setProducerEpoch(next.epoch()));
                });
    }
}
