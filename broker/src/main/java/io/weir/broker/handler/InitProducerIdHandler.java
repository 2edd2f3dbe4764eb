package io.weir.broker.handler;

import io.weir.broker.producer.ProducerIdManager;
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
 *   <li>Transactional producers: COORDINATOR_NOT_AVAILABLE, what Kafka answers while no
 *       transaction coordinator can serve the id; there is none until transactions exist.
 * </ul>
 *
 * Stateless apart from the id manager; thread-safe.
 */
public final class InitProducerIdHandler implements ApiHandler<InitProducerIdRequestData> {
    public static final VersionRange VERSIONS = VersionRange.of(0, 5);

    private final ProducerIdManager producerIds;

    public InitProducerIdHandler(ProducerIdManager producerIds) {
        this.producerIds = producerIds;
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
            return Reply.completed(error(Errors.INVALID_REQUEST));
        }
        if (request.transactionalId() != null) {
            return Reply.completed(error(Errors.COORDINATOR_NOT_AVAILABLE));
        }
        return producerIds.nextProducerId().thenApply(id -> Reply.respond(new InitProducerIdResponseData()
                .setErrorCode(Errors.NONE.code())
                .setProducerId(id)
                .setProducerEpoch((short) 0)));
    }

    private static InitProducerIdResponseData error(Errors error) {
        return new InitProducerIdResponseData().setErrorCode(error.code()).setProducerId(-1).setProducerEpoch((short) -1);
    }
}
