package io.weir.broker.txn;

import io.weir.broker.replica.Partition;
import io.weir.broker.replica.ReplicaManager;
import io.weir.broker.replica.TxnVerification;
import io.weir.broker.txn.TxnPartitionRegistrar.Operation;
import io.weir.storage.TopicPartitionKey;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transactional part of Produce (KIP-890): before a leader appends a transactional batch it
 * makes sure the batch's partition is in its producer's open transaction, so that a produce that
 * arrives after its transaction ended (a retry, a zombie) cannot open a transaction that nobody
 * will ever end (a hanging transaction, which stops the last stable offset).
 *
 * <ul>
 *   <li>Produce v12+ comes from a transaction version 2 client, which never sends
 *       AddPartitionsToTxn for data: the partitions are added ({@link Operation#ADD}).
 *   <li>Older versions come from transaction version 1 clients, which added the partitions
 *       themselves: when {@code transaction.partition.verification.enable} is on, the leader checks
 *       that they did ({@link Operation#VERIFY}).
 * </ul>
 *
 * A partition whose producer already has a transaction open on it at the batch's epoch (its
 * producer state holds the transaction's first offset) needs no check, so the coordinator is asked
 * once per transaction and partition. Refused partitions answer Produce's codes: INVALID_TXN_STATE,
 * INVALID_PRODUCER_EPOCH (fenced), INVALID_PRODUCER_ID_MAPPING, or NOT_ENOUGH_REPLICAS (retriable)
 * while the coordinator is busy or moving, as Kafka answers.
 *
 * <p>The check and the append are two steps: each checked partition's append carries a
 * {@link TxnVerification} (the producer's verification guard, started before the coordinator is
 * asked and removed by the producer's next marker, or "a transaction was open"), so that a
 * transaction that ends in between refuses the append (INVALID_TXN_STATE), as Kafka's guard does.
 *
 * <p>Thread-safe and stateless apart from its collaborators.
 */
public final class TxnProduceVerifier {
    private static final Logger log = LoggerFactory.getLogger(TxnProduceVerifier.class);
    private static final short TRANSACTION_V2_PRODUCE_VERSION = 12;
    private static final int MAGIC_OFFSET = 16;
    private static final int ATTRIBUTES_OFFSET = 21;
    private static final int PRODUCER_ID_OFFSET = 43;
    private static final int PRODUCER_EPOCH_OFFSET = 51;
    private static final int HEADER_BYTES = 61;
    private static final int TRANSACTIONAL_FLAG = 0x10;
    private static final short NOT_ENOUGH_REPLICAS = 19;
    private static final short UNKNOWN_SERVER_ERROR = -1;

    private final TxnPartitionRegistrar registrar;
    private final ReplicaManager replicas;
    private final boolean verifyTransactionVersion1;

    /** The producer of a transactional batch. */
    record ProducerKey(long producerId, short producerEpoch) {}

    /**
     * The outcome of {@link #check}.
     *
     * @param refused the partitions not to append, with the Produce error code to answer
     * @param verifications what each transactional append must still find true on its lane
     */
    public record Checked(Map<TopicPartitionKey, Short> refused, Map<TopicPartitionKey, TxnVerification> verifications) {
        static final Checked NOTHING = new Checked(Map.of(), Map.of());
    }

    /**
     * @param verifyTransactionVersion1 {@code transaction.partition.verification.enable}
     */
    public TxnProduceVerifier(TxnPartitionRegistrar registrar, ReplicaManager replicas, boolean verifyTransactionVersion1) {
        this.registrar = registrar;
        this.replicas = replicas;
        this.verifyTransactionVersion1 = verifyTransactionVersion1;
    }

    /**
     * The partitions of {@code appends} whose transactional batch must not be appended, and what
     * the others' appends must still find true. Never completes exceptionally.
     */
    public CompletableFuture<Checked> check(String transactionalId, short produceVersion, Map<TopicPartitionKey, ByteBuffer> appends) {
        boolean add = produceVersion >= TRANSACTION_V2_PRODUCE_VERSION;
        if (transactionalId == null || (!add && !verifyTransactionVersion1)) {
            return CompletableFuture.completedFuture(Checked.NOTHING);
        }
        Map<ProducerKey, List<TopicPartitionKey>> unchecked = new LinkedHashMap<>();
        Map<TopicPartitionKey, TxnVerification> verifications = new HashMap<>();
        appends.forEach((key, records) -> transactionalProducer(records).ifPresent(producer -> {
            if (hasOngoingTransaction(key, producer)) {
                verifications.put(key, new TxnVerification(producer.producerId(), producer.producerEpoch(), TxnVerification.ONGOING));
                return;
            }
            // The guard starts before the coordinator is asked: a marker written meanwhile removes it.
            replicas.startTxnVerification(key, producer.producerId()).ifPresent(guard -> verifications.put(key,
                    new TxnVerification(producer.producerId(), producer.producerEpoch(), guard)));
            unchecked.computeIfAbsent(producer, p -> new ArrayList<>()).add(key);
        }));
        if (unchecked.isEmpty()) {
            return CompletableFuture.completedFuture(new Checked(Map.of(), verifications));
        }
        Operation operation = add ? Operation.ADD : Operation.VERIFY;
        List<CompletableFuture<Map<TopicPartitionKey, TxnError>>> answers = new ArrayList<>();
        unchecked.forEach((producer, partitions) -> answers.add(registrar.register(transactionalId, producer.producerId(),
                producer.producerEpoch(), partitions, operation)));
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).handle((ignored, failure) -> {
            Map<TopicPartitionKey, Short> refused = new HashMap<>();
            unchecked.values().forEach(partitions -> partitions.forEach(p -> refused.put(p, UNKNOWN_SERVER_ERROR)));
            answers.stream().filter(answer -> !answer.isCompletedExceptionally()).forEach(answer -> answer.join().forEach((p, error) -> {
                if (error == TxnError.NONE) {
                    refused.remove(p);
                } else {
                    refused.put(p, produceCode(error));
                }
            }));
            if (!refused.isEmpty()) {
                log.debug("[txn {}] {} refused transactional produce to {}", transactionalId, operation, refused);
            }
            return new Checked(refused, verifications);
        });
    }

    private boolean hasOngoingTransaction(TopicPartitionKey key, ProducerKey producer) {
        Optional<Partition> partition = replicas.partition(key);
        // An unknown partition is refused by the append itself.
        return partition.isEmpty() || partition.get().log().hasOngoingTransaction(producer.producerId(), producer.producerEpoch());
    }

    /** The producer of the first batch when it is a transactional batch of format v2 (every batch of a request shares it). */
    static Optional<ProducerKey> transactionalProducer(ByteBuffer records) {
        int start = records.position();
        if (records.remaining() < HEADER_BYTES || records.get(start + MAGIC_OFFSET) != 2) {
            return Optional.empty();
        }
        if ((records.getShort(start + ATTRIBUTES_OFFSET) & TRANSACTIONAL_FLAG) == 0) {
            return Optional.empty();
        }
        return Optional.of(new ProducerKey(records.getLong(start + PRODUCER_ID_OFFSET), records.getShort(start + PRODUCER_EPOCH_OFFSET)));
    }

    /** The Produce error code for a coordinator's refusal. */
    static short produceCode(TxnError error) {
        return switch (error) {
            case NONE -> 0;
            case INVALID_TXN_STATE -> TxnError.INVALID_TXN_STATE.code();
            case PRODUCER_FENCED, INVALID_PRODUCER_EPOCH -> TxnError.INVALID_PRODUCER_EPOCH.code();
            case INVALID_PRODUCER_ID_MAPPING, TRANSACTIONAL_ID_NOT_FOUND -> TxnError.INVALID_PRODUCER_ID_MAPPING.code();
            case CONCURRENT_TRANSACTIONS, COORDINATOR_LOAD_IN_PROGRESS, COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR -> NOT_ENOUGH_REPLICAS;
            case UNKNOWN_TOPIC_OR_PARTITION -> TxnError.UNKNOWN_TOPIC_OR_PARTITION.code();
            default -> UNKNOWN_SERVER_ERROR;
        };
    }
}
