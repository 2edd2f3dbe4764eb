package io.weir.metadata.image;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import io.weir.metadata.TopicNames;
import io.weir.metadata.Uuid;

/**
 * All topics, by id and by name. Immutable; both maps are built once per applied delta.
 */
public final class TopicsImage {

    /** No topics. */
    public static final TopicsImage EMPTY = new TopicsImage(Map.of(), Map.of());

    private final Map<Uuid, TopicImage> topicsById;
    private final Map<String, TopicImage> topicsByName;

    private TopicsImage(Map<Uuid, TopicImage> topicsById, Map<String, TopicImage> topicsByName) {
        this.topicsById = topicsById;
        this.topicsByName = topicsByName;
    }

    /**
     * Builds an image from topics whose names and ids are unique.
     *
     * @param topics the topics
     * @return the image
     * @throws IllegalArgumentException if two topics share a name or an id
     */
    public static TopicsImage of(Collection<TopicImage> topics) {
        Map<Uuid, TopicImage> byId = new HashMap<>();
        Map<String, TopicImage> byName = new HashMap<>();
        for (TopicImage topic : topics) {
            if (byId.put(topic.topicId(), topic) != null || byName.put(topic.name(), topic) != null) {
                throw new IllegalArgumentException("Duplicate topic " + topic.name() + " / " + topic.topicId());
            }
        }
        return new TopicsImage(Map.copyOf(byId), Map.copyOf(byName));
    }

    /**
     * This image with some topics added or replaced and some removed. Costs one copy of the maps.
     *
     * @param upserted topics to add or replace, by id
     * @param removed topics to remove
     * @return the new image
     */
    TopicsImage with(Map<Uuid, TopicImage> upserted, Collection<TopicImage> removed) {
        if (upserted.isEmpty() && removed.isEmpty()) {
            return this;
        }
        Map<Uuid, TopicImage> byId = new HashMap<>(topicsById);
        Map<String, TopicImage> byName = new HashMap<>(topicsByName);
        for (TopicImage topic : removed) {
            byId.remove(topic.topicId());
            byName.remove(topic.name());
        }
        for (TopicImage topic : upserted.values()) {
            byId.put(topic.topicId(), topic);
            byName.put(topic.name(), topic);
        }
        return new TopicsImage(Map.copyOf(byId), Map.copyOf(byName));
    }

    /**
     * Looks a topic up by id.
     *
     * @param topicId the id
     * @return the topic, or empty
     */
    public Optional<TopicImage> getTopic(Uuid topicId) {
        return Optional.ofNullable(topicsById.get(topicId));
    }

    /**
     * Looks a topic up by name.
     *
     * @param name the name
     * @return the topic, or empty
     */
    public Optional<TopicImage> getTopic(String name) {
        return Optional.ofNullable(topicsByName.get(name));
    }

    /**
     * All topics by id.
     *
     * @return an unmodifiable map
     */
    public Map<Uuid, TopicImage> topicsById() {
        return topicsById;
    }

    /**
     * All topics by name.
     *
     * @return an unmodifiable map
     */
    public Map<String, TopicImage> topicsByName() {
        return topicsByName;
    }

    /**
     * The number of topics.
     *
     * @return the count
     */
    public int size() {
        return topicsById.size();
    }

    /**
     * An existing topic whose name collides with {@code name} once {@code '.'} is replaced by
     * {@code '_'} (see {@link TopicNames#collide(String, String)}). Scans all topics, but only for
     * names that contain one of those characters.
     *
     * @param name a candidate topic name
     * @return the colliding existing topic's name, or empty
     */
    public Optional<String> collidingTopic(String name) {
        if (!TopicNames.hasCollisionChars(name)) {
            return Optional.empty();
        }
        return topicsByName.keySet().stream().filter(existing -> TopicNames.collide(existing, name)).findFirst();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TopicsImage that && topicsById.equals(that.topicsById);
    }

    @Override
    public int hashCode() {
        return topicsById.hashCode();
    }

    @Override
    public String toString() {
        return "TopicsImage" + topicsByName.values();
    }
}
