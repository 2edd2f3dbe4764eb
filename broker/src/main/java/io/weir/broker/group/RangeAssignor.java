package io.weir.broker.group;

import io.weir.metadata.Uuid;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The "range" server-side assignor: topic by topic, the members subscribed to the topic, sorted by
 * member id, each get a contiguous range of its partitions, the first ones one more when the
 * partitions do not divide evenly. Topics with the same partition count and the same subscribers
 * are therefore co-partitioned: member i gets the same partition numbers of each. Not sticky.
 * Stateless and thread-safe.
 */
final class RangeAssignor implements ConsumerAssignor {
    static final String NAME = "range";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Assignment> assign(List<MemberSpec> members, Map<String, TopicMetadata> topics) {
        Map<String, Map<Uuid, Set<Integer>>> result = new HashMap<>();
        members.forEach(m -> result.put(m.memberId(), new HashMap<>()));
        for (TopicMetadata topic : topics.values()) {
            List<String> subscribers = new ArrayList<>();
            members.stream().filter(m -> m.subscribedTopics().contains(topic.name())).map(MemberSpec::memberId)
                    .sorted(Comparator.naturalOrder()).forEach(subscribers::add);
            if (subscribers.isEmpty()) {
                continue;
            }
            int base = topic.partitionCount() / subscribers.size();
            int extra = topic.partitionCount() % subscribers.size();
            int next = 0;
            for (int i = 0; i < subscribers.size(); i++) {
                int count = base + (i < extra ? 1 : 0);
                Set<Integer> range = new TreeSet<>();
                for (int p = next; p < next + count; p++) {
                    range.add(p);
                }
                next += count;
                result.get(subscribers.get(i)).put(topic.topicId(), range);
            }
        }
        Map<String, Assignment> assignments = new HashMap<>();
        result.forEach((member, partitions) -> assignments.put(member, Assignment.of(partitions)));
        return assignments;
    }
}
