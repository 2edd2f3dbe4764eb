package io.weir.broker.config;

import io.weir.metadata.Uuid;
import io.weir.metadata.record.MetadataRecord;
import io.weir.metadata.record.PartitionRecord;
import io.weir.metadata.record.TopicRecord;
import java.util.List;

/** The metadata records of a one-partition topic led by node 1, for tests. */
public final class Topics {

    private Topics() {}

    public static List<MetadataRecord> topic(String name) {
        Uuid id = Uuid.random();
        return List.of(new TopicRecord(name, id), new PartitionRecord(id, 0, List.of(1), List.of(1), 1, 0, 0));
    }
}
