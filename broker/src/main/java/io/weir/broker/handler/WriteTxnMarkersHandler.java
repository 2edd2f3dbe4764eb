package io.weir.broker.handler;

import io.weir.broker.txn.TxnMarkerWriter;
import io.weir.protocol.VersionRange;
import io.weir.storage.TopicPartitionKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData.WritableTxnMarker;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData.WritableTxnMarkerTopic;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData.WritableTxnMarkerPartitionResult;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData.WritableTxnMarkerResult;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData.WritableTxnMarkerTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * WriteTxnMarkers (api key 27), versions 1 to 2: the inter-broker request a transaction
 * coordinator sends to the leaders of its transaction's partitions. The markers are written through
 * the leader's {@link TxnMarkerWriter} (which also completes the transaction's offsets in the
 * {@code __consumer_offsets} partitions it leads), at the transaction version v2 carries (1 before
 * v2, or when the field is 0). Thread-safe.
 */
public final class WriteTxnMarkersHandler implements ApiHandler<WriteTxnMarkersRequestData> {
    public static final VersionRange VERSIONS = VersionRange.of(1, 2);
    private static final short TRANSACTION_VERSION_FIELD_VERSION = 2;

    private final TxnMarkerWriter markers;

    public WriteTxnMarkersHandler(TxnMarkerWriter markers) {
        this.markers = markers;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.WRITE_TXN_MARKERS;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, WriteTxnMarkersRequestData request) {
        List<CompletableFuture<WritableTxnMarkerResult>> pending = new ArrayList<>();
        for (WritableTxnMarker marker : request.markers()) {
            List<TopicPartitionKey> partitions = new ArrayList<>();
            for (WritableTxnMarkerTopic topic : marker.topics()) {
                topic.partitionIndexes().forEach(p -> partitions.add(new TopicPartitionKey(topic.name(), p)));
            }
            pending.add(markers.write(marker.producerId(), marker.producerEpoch(), marker.coordinatorEpoch(), marker.transactionResult(),
                    transactionVersion(context.header().apiVersion(), marker), partitions).handle((codes, failure) -> result(marker.producerId(), partitions, failure == null ? codes : Map.of())));
        }
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            WriteTxnMarkersResponseData response = new WriteTxnMarkersResponseData();
            pending.forEach(future -> response.markers().add(future.join()));
            return Reply.respond(response);
        });
    }

    private static int transactionVersion(short apiVersion, WritableTxnMarker marker) {
        return apiVersion >= TRANSACTION_VERSION_FIELD_VERSION ? Math.max(1, marker.transactionVersion()) : 1;
    }

    private static WritableTxnMarkerResult result(long producerId, List<TopicPartitionKey> partitions, Map<TopicPartitionKey, Short> codes) {
        WritableTxnMarkerResult result = new WritableTxnMarkerResult().setProducerId(producerId);
        for (TopicPartitionKey partition : partitions) {
            WritableTxnMarkerTopicResult topic = result.topics().stream().filter(t -> t.name().equals(partition.topic())).findFirst()
                    .orElseGet(() -> {
                        WritableTxnMarkerTopicResult created = new WritableTxnMarkerTopicResult().setName(partition.topic());
                        result.topics().add(created);
                        return created;
                    });
            topic.partitions().add(new WritableTxnMarkerPartitionResult().setPartitionIndex(partition.partition())
                    .setErrorCode(codes.getOrDefault(partition, (short) -1)));
        }
        return result;
    }
}
