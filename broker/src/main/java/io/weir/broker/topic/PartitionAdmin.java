package io.weir.broker.topic;

import io.weir.metadata.controller.ControllerChannel;
import io.weir.metadata.controller.ElectLeadersRequest;
import io.weir.metadata.controller.PartitionRef;
import io.weir.metadata.controller.PartitionResult;
import io.weir.metadata.controller.ReassignmentRequest;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.image.PartitionRegistration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The administrator's partition operations: leader elections (KIP-460) and reassignments
 * (KIP-455). In a cluster they run on the active controller through the {@link ControllerChannel};
 * a single node without a controller quorum answers them from its image, since its one broker
 * holds every replica and leads every partition: an election is never needed, and the only valid
 * reassignment target is that broker. Listing ongoing reassignments reads the local image.
 *
 * <p>Thread-safety: thread-safe; does not block.
 */
public final class PartitionAdmin {

    private final Optional<ControllerChannel> controller;
    private final Supplier<MetadataImage> images;

    /**
     * @param controller the channel to the active controller, or empty on a single node
     * @param images the node's current image
     */
    public PartitionAdmin(Optional<ControllerChannel> controller, Supplier<MetadataImage> images) {
        this.controller = controller;
        this.images = images;
    }

    /** The current image. */
    public MetadataImage image() {
        return images.get();
    }

    /**
     * Elects leaders.
     *
     * @param request the election
     * @return completes with the per-partition results
     */
    public CompletableFuture<List<PartitionResult>> electLeaders(ElectLeadersRequest request) {
        if (controller.isPresent()) {
            return controller.get().electLeaders(request);
        }
        List<PartitionResult> results = new ArrayList<>();
        MetadataImage image = images.get();
        for (PartitionRef ref : request.partitions().orElse(List.of())) {
            results.add(partition(image, ref).isPresent()
                    ? PartitionResult.failed(ref, PartitionResult.Error.ELECTION_NOT_NEEDED,
                            "Partition " + ref + " already has its only replica as leader.")
                    : unknown(ref));
        }
        return CompletableFuture.completedFuture(results);
    }

    /**
     * Starts or cancels reassignments.
     *
     * @param requests one per partition
     * @return completes with one result per request, in order
     */
    public CompletableFuture<List<PartitionResult>> alterReassignments(List<ReassignmentRequest> requests) {
        if (controller.isPresent()) {
            return controller.get().alterReassignments(requests);
        }
        MetadataImage image = images.get();
        List<PartitionResult> results = new ArrayList<>();
        for (ReassignmentRequest request : requests) {
            results.add(standaloneReassignment(image, request));
        }
        return CompletableFuture.completedFuture(results);
    }

    private static PartitionResult standaloneReassignment(MetadataImage image, ReassignmentRequest request) {
        PartitionRef ref = request.partition();
        Optional<PartitionRegistration> registration = partition(image, ref);
        if (registration.isEmpty()) {
            return unknown(ref);
        }
        if (request.targetReplicas().isEmpty()) {
            return PartitionResult.failed(ref, PartitionResult.Error.NO_REASSIGNMENT_IN_PROGRESS,
                    "No reassignment of " + ref + " is in progress.");
        }
        List<Integer> target = request.targetReplicas().get();
        if (target.equals(registration.get().replicas())) {
            return PartitionResult.ok(ref);
        }
        return PartitionResult.failed(ref, PartitionResult.Error.INVALID_REPLICA_ASSIGNMENT,
                "The replica assignment " + target + " of " + ref + " names brokers that are not registered, or"
                        + " repeats one; only " + image.cluster().brokers().keySet() + " exist.");
    }

    /**
     * The ongoing reassignments among {@code partitions} (all partitions when empty), from this
     * node's image.
     *
     * @param partitions the partitions asked about
     * @return the ongoing ones, with their registrations
     */
    public List<OngoingReassignment> listReassignments(Optional<List<PartitionRef>> partitions) {
        MetadataImage image = images.get();
        List<OngoingReassignment> ongoing = new ArrayList<>();
        for (PartitionRef ref : new LinkedHashSet<>(partitions.orElseGet(() -> allPartitions(image)))) {
            partition(image, ref).filter(PartitionRegistration::isReassigning)
                    .ifPresent(registration -> ongoing.add(new OngoingReassignment(ref, registration)));
        }
        return ongoing;
    }

    /**
     * One partition being reassigned.
     *
     * @param partition the partition
     * @param registration its registration, holding the replicas being added and removed
     */
    public record OngoingReassignment(PartitionRef partition, PartitionRegistration registration) {}

    private static List<PartitionRef> allPartitions(MetadataImage image) {
        List<PartitionRef> refs = new ArrayList<>();
        image.topics().topicsByName().values().stream()
                .sorted((a, b) -> a.name().compareTo(b.name()))
                .forEach(topic -> topic.partitions().keySet().stream().sorted()
                        .forEach(p -> refs.add(new PartitionRef(topic.name(), p))));
        return refs;
    }

    private static Optional<PartitionRegistration> partition(MetadataImage image, PartitionRef ref) {
        return image.topics().getTopic(ref.topic()).flatMap(topic -> topic.partition(ref.partition()));
    }

    private static PartitionResult unknown(PartitionRef ref) {
        return PartitionResult.failed(ref, PartitionResult.Error.UNKNOWN_TOPIC_OR_PARTITION,
                "The partition " + ref + " does not exist.");
    }
}
