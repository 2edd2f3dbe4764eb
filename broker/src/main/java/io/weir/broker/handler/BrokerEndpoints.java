package io.weir.broker.handler;

import io.weir.broker.topic.BrokerIdentity;
import io.weir.metadata.image.BrokerRegistration;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.record.Endpoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The brokers a client is told about, each with its advertised endpoint on the listener the
 * request came in on (as Kafka does: a client that connected through one listener keeps using
 * that listener). A broker without that listener is left out. If this node is not in the image
 * yet (registration not committed), it is listed from its configuration. Stateless.
 */
final class BrokerEndpoints {

    /** One broker as listed in a response. */
    record Listed(int nodeId, Endpoint endpoint, Optional<String> rack, boolean fenced) {}

    private BrokerEndpoints() {}

    static List<Listed> list(MetadataImage image, BrokerIdentity identity, String listenerName, boolean includeFenced) {
        List<Listed> listed = new ArrayList<>();
        for (BrokerRegistration broker : image.cluster().brokers().values()) {
            if (includeFenced || !broker.fenced()) {
                broker.listener(listenerName).ifPresent(
                        endpoint -> listed.add(new Listed(broker.nodeId(), endpoint, broker.rack(), broker.fenced())));
            }
        }
        if (image.cluster().broker(identity.nodeId()).isEmpty()) {
            identity.advertisedListeners().stream()
                    .filter(endpoint -> endpoint.name().equals(listenerName))
                    .findFirst()
                    .ifPresent(endpoint -> listed.add(new Listed(identity.nodeId(), endpoint, identity.rack(), false)));
        }
        listed.sort(Comparator.comparingInt(Listed::nodeId));
        return listed;
    }
}
