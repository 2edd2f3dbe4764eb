package io.weir.broker.handler;

import io.weir.broker.producer.ProducerIdManager;
import io.weir.broker.txn.TransactionCoordinator;
import io.weir.protocol.VersionRange;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * InitProducerId (api key 22), versions 0 to 5 (v6, KIP-939, is unstable in kafka-clients 4.4 and
 * not advertised by Kafka 4.4 either).
 *
 * <ul>
 *   <li>Idempotent producers (no transactional id): a new producer id at epoch 0, every time. As
 *       in Kafka, a given producer id and epoch (v3+) do not change that: idempotent producers bump
 *       their epoch themselves (KIP-360) and ask for a new id only when they need one. A producer
 *       id without an epoch, or the reverse, is INVALID_REQUEST.
 *   <li>Transactional producers: the {@link TransactionCoordinator} of the id (an empty id is
 *       INVALID_REQUEST): a new id, or the same id at a bumped epoch (fencing older producers;
 *       CONCURRENT_TRANSACTIONS while an open transaction is aborted or one completes;
 *       INVALID_TRANSACTION_TIMEOUT over {@code transaction.max.timeout.ms}; PRODUCER_FENCED, or
 *       INVALID_PRODUCER_EPOCH before v4, for a producer id and epoch that are not current).
 * </ul>
 *
 * Thread-safe.
 */
public final class InitProducerIdHandler implements ApiHandler<InitProducerIdRequestData> {
    public static final VersionRange VERSIONS = VersionRange.of(0, 5);
    private static final int PRODUCER_FENCED_VERSION = 4;

    private final ProducerIdManager producerIds;
    private final TransactionCoordinator transactions;

    public InitProducerIdHandler(ProducerIdManager producerIds, TransactionCoordinator transactions) {
        this.producerIds = producerIds;
        this.transactions = transactions;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.INIT_PRODUCER_ID;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, InitProducerIdRequestData request) {
        if ((request.producerId() == -1) != (request.producerEpoch() == -1)) {
            return Reply.completed(error(Errors.INVALID_REQUEST.code()));
        }
        String transactionalId = request.transactionalId();
        if (transactionalId != null) {
            if (transactionalId.isEmpty()) {
                return Reply.completed(error(Errors.INVALID_REQUEST.code()));
            }
            short version = context.header().apiVersion();
            return transactions.initProducerId(transactionalId, request.transactionTimeoutMs(), request.producerId(),
                    request.producerEpoch()).handle((idAndEpoch, failure) -> Reply.respond(failure != null
                            ? error(TxnRequests.codeOf(failure, version, PRODUCER_FENCED_VERSION))
                            : new InitProducerIdResponseData().setErrorCode(Errors.NONE.code())
                                    .setProducerId(idAndEpoch.producerId()).setProducerEpoch(idAndEpoch.epoch())));
        }
        // A failure here means no block of ids could be reserved now (no active controller, say):
        // COORDINATOR_LOAD_IN_PROGRESS, which every client retries, as Kafka answers then.
        return producerIds.nextProducerId().handle((id, failure) -> Reply.respond(failure != null
                ? error(Errors.COORDINATOR_LOAD_IN_PROGRESS.code())
                : new InitProducerIdResponseData().setErrorCode(Errors.NONE.code()).setProducerId(id).setProducerEpoch((short) 0)));
    }

    private static InitProducerIdResponseData error(short code) {
        return new InitProducerIdResponseData().setErrorCode(code).setProducerId(-1).setProducerEpoch((short) -1);
    }
}
