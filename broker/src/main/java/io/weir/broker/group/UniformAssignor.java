package io.weir.broker.group;

import io.weir.metadata.Uuid;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The "uniform" server-side assignor (Kafka's default): spreads the partitions evenly and keeps
 * each where it is when it can.
 *
 * <ol>
 *   <li>Each member keeps the partitions of its current target that still exist and that it still
 *       subscribes to, up to its quota. When every member subscribes to the same topics, the quota
 *       is ⌊P/N⌋ and at most P mod N members may hold one more (members in id order keep the extra
 *       one); otherwise a member's quota is ⌈Σ partitions/subscribers⌉ over its topics, and it
 *       keeps all it has of the topics only it subscribes to (they would come back to it anyway)
 *       but of the shared topics only what the rest of its quota allows.
 *   <li>The partitions left, in topic-name and partition order, go one by one to the subscribed
 *       member holding the fewest, ties broken by member id.
 * </ol>
 *
 * With identical subscriptions the result is balanced to within one partition. Stateless and
 * thread-safe.
 */
final class UniformAssignor implements ConsumerAssignor {
    static final String NAME = "uniform";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Assignment> assign(List<MemberSpec> members, Map<String, TopicMetadata> topics) {
        List<MemberSpec> sorted = members.stream().sorted(Comparator.comparing(MemberSpec::memberId)).toList();
        List<TopicMetadata> topicOrder = topics.values().stream().sorted(Comparator.comparing(TopicMetadata::name)).toList();
        Map<String, Set<Uuid>> eligible = new HashMap<>();
        for (MemberSpec member : sorted) {
            Set<Uuid> ids = new HashSet<>();
            member.subscribedTopics().stream().map(topics::get).filter(t -> t != null).forEach(t -> ids.add(t.topicId()));
            eligible.put(member.memberId(), ids);
        }
        boolean homogeneous = eligible.values().stream().distinct().count() <= 1;
        Map<String, List<Part>> held = retain(sorted, topics, eligible, homogeneous);
        Set<Part> taken = new HashSet<>();
        held.values().forEach(taken::addAll);
        for (TopicMetadata topic : topicOrder) {
            for (int p = 0; p < topic.partitionCount(); p++) {
                Part part = new Part(topic.topicId(), p);
                if (!taken.contains(part)) {
                    leastLoaded(sorted, held, eligible, topic.topicId()).ifPresent(m -> held.get(m).add(part));
                }
            }
        }
        Map<String, Assignment> result = new HashMap<>();
        held.forEach((member, parts) -> {
            Map<Uuid, Set<Integer>> byTopic = new HashMap<>();
            parts.forEach(part -> byTopic.computeIfAbsent(part.topicId(), t -> new TreeSet<>()).add(part.partition()));
            result.put(member, Assignment.of(byTopic));
        });
        return result;
    }

    private record Part(Uuid topicId, int partition) {}

    /** Step 1: what each member keeps of its current target, within its quota. */
    private static Map<String, List<Part>> retain(List<MemberSpec> sorted, Map<String, TopicMetadata> topics,
            Map<String, Set<Uuid>> eligible, boolean homogeneous) {
        Map<Uuid, Integer> partitionCounts = new HashMap<>();
        Map<Uuid, Integer> subscribers = new HashMap<>();
        topics.values().forEach(t -> partitionCounts.put(t.topicId(), t.partitionCount()));
        eligible.values().forEach(ids -> ids.forEach(id -> subscribers.merge(id, 1, Integer::sum)));
        int total = topics.values().stream().filter(t -> subscribers.containsKey(t.topicId()))
                .mapToInt(TopicMetadata::partitionCount).sum();
        int floor = sorted.isEmpty() ? 0 : total / sorted.size();
        int extraSlots = sorted.isEmpty() ? 0 : total % sorted.size();
        Map<String, List<Part>> held = new LinkedHashMap<>();
        Set<Part> taken = new HashSet<>();
        for (MemberSpec member : sorted) {
            int quota;
            if (homogeneous) {
                quota = floor + (extraSlots > 0 ? 1 : 0);
            } else {
                double share = eligible.get(member.memberId()).stream()
                        .mapToDouble(id -> (double) partitionCounts.get(id) / subscribers.get(id)).sum();
                quota = (int) Math.ceil(share);
            }
            List<Part> kept = keep(member, eligible.get(member.memberId()), quota, partitionCounts, subscribers, taken);
            if (homogeneous && extraSlots > 0 && kept.size() > floor) {
                extraSlots--;
            } else if (homogeneous && kept.size() > floor) {
                taken.remove(kept.remove(kept.size() - 1));
            }
            held.put(member.memberId(), kept);
        }
        return held;
    }

    /**
     * What {@code member} keeps of its current target: every partition it has of the topics only it
     * subscribes to (they would come back to it anyway), then partitions of shared topics while
     * they fit in what those leave of its quota. Kept partitions are added to {@code taken}.
     */
    private static List<Part> keep(MemberSpec member, Set<Uuid> own, int quota, Map<Uuid, Integer> partitionCounts,
            Map<Uuid, Integer> subscribers, Set<Part> taken) {
        int soleCount = own.stream().filter(id -> subscribers.get(id) == 1).mapToInt(partitionCounts::get).sum();
        int sharedQuota = quota - soleCount;
        List<Part> kept = new ArrayList<>();
        int[] sharedKept = {0};
        for (boolean solePass : new boolean[] {true, false}) {
            member.current().partitions().forEach((topicId, indexes) -> indexes.forEach(p -> {
                boolean sole = subscribers.getOrDefault(topicId, 0) == 1;
                boolean fits = sole || sharedKept[0] < sharedQuota;
                if (sole == solePass && fits && own.contains(topicId) && p < partitionCounts.getOrDefault(topicId, 0)
                        && taken.add(new Part(topicId, p))) {
                    kept.add(new Part(topicId, p));
                    sharedKept[0] += sole ? 0 : 1;
                }
            }));
        }
        return kept;
    }

    private static java.util.Optional<String> leastLoaded(List<MemberSpec> sorted, Map<String, List<Part>> held,
            Map<String, Set<Uuid>> eligible, Uuid topicId) {
        String best = null;
        for (MemberSpec member : sorted) {
            String id = member.memberId();
            if (eligible.get(id).contains(topicId) && (best == null || held.get(id).size() < held.get(best).size())) {
                best = id;
            }
        }
        return java.util.Optional.ofNullable(best);
    }
}
