package io.weir.broker.fetch;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.IntSupplier;

/**
 * The broker's incremental fetch sessions (KIP-227), at most {@code maxSessions}
 * ({@code max.incremental.fetch.session.cache.slots}, Kafka's default 1000).
 *
 * <p>How a request's session id and epoch are read:
 *
 * <ul>
 *   <li>epoch -1: sessionless full fetch; a named session is closed;
 *   <li>epoch 0: full fetch; a named session is closed and a new one is created (its id is
 *       answered) if there is a slot, evicting the least recently used session when full;
 *   <li>epoch > 0: incremental fetch of session {@code id}: FETCH_SESSION_ID_NOT_FOUND if there
 *       is no such session, INVALID_FETCH_SESSION_EPOCH if the epoch is not the expected one,
 *       FETCH_SESSION_TOPIC_ID_ERROR if the request names topics differently (by name / by id)
 *       from the request that created the session.
 * </ul>
 *
 * <p>Eviction is plain LRU over all sessions, simpler than Kafka's (which protects follower
 * sessions and sessions used in the last two minutes, and prefers evicting small ones).
 *
 * <p>Thread-safety: synchronized; sessions are looked up here and then used under their own lock.
 */
public final class FetchSessionCache {

    /** Kafka's default {@code max.incremental.fetch.session.cache.slots}. */
    public static final int DEFAULT_MAX_SESSIONS = 1000;

    /** How a request resolved against the cache. */
    sealed interface Resolution {
        /** A top-level session error; nothing is fetched. */
        record Failed(short errorCode) implements Resolution {}

        /** Fetch {@code partitions}; filter through {@code session} if present. */
        record Resolved(Optional<FetchSession> session, boolean incremental, List<PartitionFetch> partitions)
                implements Resolution {}
    }

    private static final int ID_ATTEMPTS = 16;

    private final int maxSessions;
    private final IntSupplier idGenerator;
    private final LinkedHashMap<Integer, FetchSession> sessions = new LinkedHashMap<>(16, 0.75f, true);
    private long evictions;

    /**
     * @param maxSessions the most sessions kept; 0 disables sessions
     * @param idGenerator source of candidate session ids (random ints in production); 0 and ids in
     *     use are skipped
     */
    public FetchSessionCache(int maxSessions, IntSupplier idGenerator) {
        if (maxSessions < 0) {
            throw new IllegalArgumentException("maxSessions " + maxSessions);
        }
        this.maxSessions = maxSessions;
        this.idGenerator = idGenerator;
    }

    /** A cache of {@code maxSessions} with random session ids. */
    public static FetchSessionCache withRandomIds(int maxSessions) {
        java.util.SplittableRandom random = new java.util.SplittableRandom();
        return new FetchSessionCache(maxSessions, random::nextInt);
    }

    synchronized Resolution resolve(FetchRequest request) {
        int epoch = request.sessionEpoch();
        if (epoch == FetchRequest.FINAL_EPOCH || epoch == FetchRequest.INITIAL_EPOCH) {
            if (request.sessionId() != 0) {
                sessions.remove(request.sessionId());
            }
            Optional<FetchSession> created = epoch == FetchRequest.INITIAL_EPOCH
                    ? maybeCreate(request) : Optional.empty();
            return new Resolution.Resolved(created, false, request.partitions());
        }
        FetchSession session = sessions.get(request.sessionId());
        if (session == null) {
            return new Resolution.Failed(FetchErrors.FETCH_SESSION_ID_NOT_FOUND);
        }
        if (session.nextEpoch() != epoch) {
            return new Resolution.Failed(FetchErrors.INVALID_FETCH_SESSION_EPOCH);
        }
        if (session.usesTopicIds() != request.usesTopicIds()) {
            return new Resolution.Failed(FetchErrors.FETCH_SESSION_TOPIC_ID_ERROR);
        }
        List<PartitionFetch> fetches = session.applyIncremental(request.partitions(), request.forgotten());
        return new Resolution.Resolved(Optional.of(session), true, fetches);
    }

    private Optional<FetchSession> maybeCreate(FetchRequest request) {
        if (maxSessions == 0) {
            return Optional.empty();
        }
        if (sessions.size() >= maxSessions) {
            Iterator<Map.Entry<Integer, FetchSession>> eldest = sessions.entrySet().iterator();
            eldest.next();
            eldest.remove();
            evictions++;
        }
        OptionalInt id = freshId();
        if (id.isEmpty()) {
            return Optional.empty();
        }
        FetchSession session = new FetchSession(id.getAsInt(), request.usesTopicIds(), request.partitions());
        sessions.put(session.id(), session);
        return Optional.of(session);
    }

    /** A non-zero id not in use, or none after a few tries (the fetch then goes without a session). */
    private OptionalInt freshId() {
        for (int attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
            int id = idGenerator.getAsInt();
            if (id != 0 && !sessions.containsKey(id)) {
                return OptionalInt.of(id);
            }
        }
        return OptionalInt.empty();
    }

    /** Sessions currently cached. */
    public synchronized int size() {
        return sessions.size();
    }

    /** Sessions evicted to make room since start. */
    public synchronized long evictions() {
        return evictions;
    }

    synchronized boolean contains(int sessionId) {
        return sessions.containsKey(sessionId);
    }
}
