package io.weir.broker.testing;

import io.weir.broker.handler.ApiHandler;
import io.weir.broker.handler.Reply;
import io.weir.broker.handler.RequestContext;
import io.weir.protocol.VersionRange;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseBroker;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Metadata v0-13 for a transport or handler test that runs without the topic handlers: one broker
 * (node 1 on 127.0.0.1:{@link #port}) and optionally one topic whose partitions it leads. Set
 * {@link #port} once the server is bound.
 */
public final class StubMetadataHandler implements ApiHandler<MetadataRequestData> {
    /** Requests answered so far. */
    public final AtomicInteger calls = new AtomicInteger();
    /** The port the broker is reachable on. */
    public volatile int port;

    private final Optional<String> topic;
    private final Uuid topicId;
    private final int partitions;
    private final int leaderEpoch;

    private StubMetadataHandler(Optional<String> topic, Uuid topicId, int partitions, int leaderEpoch) {
        this.topic = topic;
        this.topicId = topicId;
        this.partitions = partitions;
        this.leaderEpoch = leaderEpoch;
    }

    /** The broker and no topic. */
    public static StubMetadataHandler brokerOnly() {
        return new StubMetadataHandler(Optional.empty(), Uuid.ZERO_UUID, 0, 0);
    }

    /** The broker and {@code topic} with {@code partitions} partitions led by it at {@code leaderEpoch}. */
    public static StubMetadataHandler withTopic(String topic, Uuid topicId, int partitions, int leaderEpoch) {
        return new StubMetadataHandler(Optional.of(topic), topicId, partitions, leaderEpoch);
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.METADATA;
    }

    @Override
    public VersionRange versions() {
        return VersionRange.of(0, 13);
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, MetadataRequestData request) {
        calls.incrementAndGet();
        MetadataResponseData response = new MetadataResponseData().setClusterId("weir-stub-cluster").setControllerId(1);
        response.brokers().add(new MetadataResponseBroker().setNodeId(1).setHost("127.0.0.1").setPort(port));
        topic.ifPresent(name -> {
            MetadataResponseTopic described = new MetadataResponseTopic().setName(name).setTopicId(topicId);
            for (int p = 0; p < partitions; p++) {
                described.partitions().add(new MetadataResponsePartition().setPartitionIndex(p).setLeaderId(1)
                        .setLeaderEpoch(leaderEpoch).setReplicaNodes(List.of(1)).setIsrNodes(List.of(1)));
            }
            response.topics().add(described);
        });
        return Reply.completed(response);
    }
}
