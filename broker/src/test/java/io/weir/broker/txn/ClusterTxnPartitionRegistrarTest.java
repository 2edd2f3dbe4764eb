package io.weir.broker.txn;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.metadata.TopicNames;
import io.weir.metadata.Uuid;
import io.weir.metadata.image.MetadataDelta;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.record.PartitionRecord;
import io.weir.metadata.record.TopicRecord;
import io.weir.storage.TopicPartitionKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ClusterTxnPartitionRegistrarTest {
    private static final int NODE = 1;
    private static final TopicPartitionKey DATA = new TopicPartitionKey("orders", 0);

    private final TxnTestKit kit = new TxnTestKit();
    private final List<String> sent = new ArrayList<>();
    private final List<String> local = new ArrayList<>();
    private Map<TopicPartitionKey, Short> remoteAnswer = Map.of(DATA, (short) 0);
    private boolean remoteDown;

    private final TxnBrokerRequests requests = new TxnBrokerRequests() {
        @Override
        public Map<TopicPartitionKey, Short> writeMarkers(int nodeId, long producerId, short producerEpoch, int coordinatorEpoch,
                boolean commit, int transactionVersion, List<TopicPartitionKey> partitions) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<TopicPartitionKey, Short> addPartitions(int nodeId, String transactionalId, long producerId, short producerEpoch,
                List<TopicPartitionKey> partitions, boolean verifyOnly) {
            if (remoteDown) {
                throw new IllegalStateException("connection refused");
            }
            sent.add(nodeId + " " + transactionalId + " verify=" + verifyOnly);
            return remoteAnswer;
        }
    };

    private final TxnPartitionRegistrar localRegistrar = (id, producerId, epoch, partitions, operation) -> {
        local.add(id);
        Map<TopicPartitionKey, TxnError> errors = new LinkedHashMap<>();
        partitions.forEach(p -> errors.put(p, TxnError.NONE));
        return CompletableFuture.completedFuture(errors);
    };

    /** Every __transaction_state partition led by {@code leader}. */
    private static MetadataImage stateLedBy(int leader) {
        MetadataDelta delta = new MetadataDelta(MetadataImage.EMPTY);
        Uuid id = new Uuid(5L, 5L);
        delta.replay(new TopicRecord(TopicNames.TRANSACTION_STATE, id));
        for (int p = 0; p < TxnTestKit.PARTITIONS; p++) {
            delta.replay(new PartitionRecord(id, p, List.of(1, 2), List.of(1, 2), leader, 0, 0));
        }
        return delta.apply(1);
    }

    private ClusterTxnPartitionRegistrar registrar(MetadataImage image) {
        return new ClusterTxnPartitionRegistrar(NODE, localRegistrar, kit.coordinator, () -> image, requests, Runnable::run);
    }

    @Test
    void aCoordinatorOnThisNodeIsCalledInProcess() {
        Map<TopicPartitionKey, TxnError> errors = registrar(stateLedBy(NODE))
                .register("tx", 3L, (short) 0, List.of(DATA), TxnPartitionRegistrar.Operation.ADD).join();

        assertThat(errors).containsEntry(DATA, TxnError.NONE);
        assertThat(local).containsExactly("tx");
        assertThat(sent).isEmpty();
    }

    @Test
    void aRemoteCoordinatorIsAskedOverTheNetworkAndItsCodesAreMapped() {
        remoteAnswer = Map.of(DATA, TxnError.PRODUCER_FENCED.code());

        Map<TopicPartitionKey, TxnError> errors = registrar(stateLedBy(2))
                .register("tx", 3L, (short) 0, List.of(DATA), TxnPartitionRegistrar.Operation.VERIFY).join();

        assertThat(sent).containsExactly("2 tx verify=true");
        assertThat(errors).containsEntry(DATA, TxnError.PRODUCER_FENCED);
    }

    @Test
    void noCoordinatorOrAnUnreachableOneIsRetriable() {
        remoteDown = true;

        assertThat(registrar(stateLedBy(-1)).register("tx", 3L, (short) 0, List.of(DATA), TxnPartitionRegistrar.Operation.ADD).join())
                .containsEntry(DATA, TxnError.COORDINATOR_NOT_AVAILABLE);
        assertThat(registrar(stateLedBy(2)).register("tx", 3L, (short) 0, List.of(DATA), TxnPartitionRegistrar.Operation.ADD).join())
                .containsEntry(DATA, TxnError.NOT_COORDINATOR);
        assertThat(ClusterTxnPartitionRegistrar.errorOf((short) 1234)).isEqualTo(TxnError.UNKNOWN_SERVER_ERROR);
    }
}
