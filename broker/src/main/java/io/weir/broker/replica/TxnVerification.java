package io.weir.broker.replica;

/**
 * What a transactional append must still find true when it runs on the partition's lane (KIP-890
 * part 1, Kafka's verification guard): either the producer has a transaction open on the partition
 * at this epoch, or the guard the verification started is still the partition's guard for the
 * producer. A transaction marker for the producer removes its guard, so an append whose
 * verification overlapped the end of its transaction is refused (INVALID_TXN_STATE) rather than
 * opening a transaction nobody will end.
 *
 * @param producerId the batch's producer
 * @param producerEpoch the batch's producer epoch
 * @param guard the guard {@link ReplicaManager#startTxnVerification} returned, or {@link #ONGOING}
 *     when no verification ran because a transaction was open at the check
 */
public record TxnVerification(long producerId, short producerEpoch, Object guard) {
    /** The guard of an append checked only against an open transaction: no partition holds it. */
    public static final Object ONGOING = new Object();
}
