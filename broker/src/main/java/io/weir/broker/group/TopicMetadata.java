package io.weir.broker.group;

import io.weir.metadata.Uuid;

/**
 * What the server-side assignors know of a subscribed topic. Immutable.
 *
 * @param topicId the topic id
 * @param name the topic name
 * @param partitionCount its number of partitions
 */
record TopicMetadata(Uuid topicId, String name, int partitionCount) {}
