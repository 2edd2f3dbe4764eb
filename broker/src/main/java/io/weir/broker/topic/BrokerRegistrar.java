package io.weir.broker.topic;

import io.weir.metadata.Uuid;
import io.weir.metadata.image.BrokerRegistration;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.record.RegisterBrokerRecord;
import io.weir.metadata.store.MetadataStore;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers this broker in the single-node metadata store at start, so that Metadata and
 * DescribeCluster list it and partitions can be placed on it.
 *
 * <p>Rules: a node that is absent, fenced, or registered with other listeners or another rack
 * gets a new {@link RegisterBrokerRecord}, unfenced (with no controller there is nobody else to
 * unfence it); one registered exactly as configured is left alone, so a plain restart writes
 * nothing. The broker epoch is the offset the registration record will have, as in KRaft: it
 * grows with every registration, which the record requires. Each new registration gets a fresh
 * incarnation id.
 *
 * <p>Call once at start, before serving requests; not meant for concurrent use with other
 * writers of the same node's registration.
 */
public final class BrokerRegistrar {

    private static final Logger log = LoggerFactory.getLogger(BrokerRegistrar.class);

    private BrokerRegistrar() {}

    /**
     * Registers {@code identity} unless it is already registered as configured.
     *
     * @param store the metadata store
     * @param identity this broker
     * @return the registration now in the image
     */
    public static BrokerRegistration registerIfNeeded(MetadataStore store, BrokerIdentity identity) {
        MetadataImage image = store.image();
        Optional<BrokerRegistration> current = image.cluster().broker(identity.nodeId());
        if (current.filter(registration -> matches(registration, identity)).isPresent()) {
            log.info("{}already registered with broker epoch {}", identity.logPrefix(), current.get().brokerEpoch());
            return current.get();
        }
        long epoch = Math.max(image.offset() + 1, current.map(r -> r.brokerEpoch() + 1).orElse(0L));
        RegisterBrokerRecord record = new RegisterBrokerRecord(identity.nodeId(), Uuid.random(), epoch,
                identity.advertisedListeners(), identity.rack(), false);
        MetadataImage next = store.commit(List.of(record));
        log.info("{}registered with broker epoch {} and listeners {}", identity.logPrefix(), epoch,
                identity.advertisedListeners());
        return next.cluster().broker(identity.nodeId()).orElseThrow();
    }

    private static boolean matches(BrokerRegistration registration, BrokerIdentity identity) {
        return !registration.fenced()
                && registration.listeners().equals(identity.advertisedListeners())
                && registration.rack().equals(identity.rack());
    }
}
