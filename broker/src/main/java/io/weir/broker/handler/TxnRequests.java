package io.weir.broker.handler;

import io.weir.broker.txn.TxnError;
import io.weir.broker.txn.TxnException;
import org.apache.kafka.common.protocol.Errors;

/** What the transaction handlers share: the error code of a failure, as a request version understands it. Stateless. */
final class TxnRequests {
    private TxnRequests() {}

    /**
     * The code of {@code error} for a request whose version knows PRODUCER_FENCED (KIP-588) from
     * {@code fencedSinceVersion}: older versions get INVALID_PRODUCER_EPOCH instead, as in Kafka.
     */
    static short code(TxnError error, short version, int fencedSinceVersion) {
        if (error == TxnError.PRODUCER_FENCED && version < fencedSinceVersion) {
            return Errors.INVALID_PRODUCER_EPOCH.code();
        }
        return error.code();
    }

    static short codeOf(Throwable failure, short version, int fencedSinceVersion) {
        return code(TxnException.errorOf(failure), version, fencedSinceVersion);
    }
}
