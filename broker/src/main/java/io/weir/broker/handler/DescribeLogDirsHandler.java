package io.weir.broker.handler;

import io.weir.protocol.VersionRange;
import io.weir.storage.LogManager;
import io.weir.storage.PartitionLog;
import io.weir.storage.TopicPartitionKey;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.DescribeLogDirsRequestData.DescribableLogDirTopic;
import org.apache.kafka.common.message.DescribeLogDirsResponseData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsPartition;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsResult;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * DescribeLogDirs (api key 35), versions 1 to 5: for each configured log directory its absolute
 * path, and the partitions stored there with their size in bytes. Weir has no future replicas
 * (AlterReplicaLogDirs), so offset lag is 0 and is_future false for every partition; version 4
 * adds the volume's total and usable bytes (from the directory's {@link FileStore}), version 5 an
 * is_cordoned flag that is always false. A null topic list asks for every partition; otherwise
 * only the named topic-partitions are listed, and unknown ones are left out (as in Kafka). A
 * directory whose file store can not be read is answered with KAFKA_STORAGE_ERROR.
 *
 * <p>The answer is computed on the calling thread: it only reads in-memory segment sizes and
 * asks the file system for the volume sizes. Thread-safe.
 */
public final class DescribeLogDirsHandler implements ApiHandler<DescribeLogDirsRequestData> {
    public static final VersionRange VERSIONS = VersionRange.of(1, 5);

    private final LogManager logManager;

    public DescribeLogDirsHandler(LogManager logManager) {
        this.logManager = logManager;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_LOG_DIRS;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, DescribeLogDirsRequestData request) {
        Optional<Map<String, Set<Integer>>> wanted = wantedPartitions(request);
        Map<Path, Map<String, List<Hosted>>> byDir = logsByDirectory(wanted);
        DescribeLogDirsResponseData response = new DescribeLogDirsResponseData();
        for (Path dir : logManager.logDirs()) {
            Path absolute = dir.toAbsolutePath().normalize();
            response.results().add(describe(absolute, byDir.getOrDefault(absolute, Map.of())));
        }
        return CompletableFuture.completedFuture(Reply.respond(response));
    }

    /** The requested topic-partitions, or empty for "all" (a null topic list). */
    private static Optional<Map<String, Set<Integer>>> wantedPartitions(DescribeLogDirsRequestData request) {
        if (request.topics() == null) {
            return Optional.empty();
        }
        Map<String, Set<Integer>> wanted = new LinkedHashMap<>();
        for (DescribableLogDirTopic topic : request.topics()) {
            wanted.computeIfAbsent(topic.topic(), name -> new HashSet<>()).addAll(topic.partitions());
        }
        return Optional.of(wanted);
    }

    /** The open logs grouped by their directory, then by topic (sorted), partitions sorted. */
    private Map<Path, Map<String, List<Hosted>>> logsByDirectory(Optional<Map<String, Set<Integer>>> wanted) {
        Map<Path, Map<String, List<Hosted>>> byDir = new LinkedHashMap<>();
        logManager.logsByPartition().entrySet().stream()
                .filter(entry -> !entry.getValue().isClosed())
                .filter(entry -> isWanted(entry.getKey(), wanted))
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(TopicPartitionKey::topic)
                        .thenComparingInt(TopicPartitionKey::partition)))
                .forEach(entry -> byDir.computeIfAbsent(entry.getValue().dir().toAbsolutePath().normalize().getParent(),
                                dir -> new TreeMap<>())
                        .computeIfAbsent(entry.getKey().topic(), topic -> new ArrayList<>())
                        .add(new Hosted(entry.getKey(), entry.getValue())));
        return byDir;
    }

    private static boolean isWanted(TopicPartitionKey key, Optional<Map<String, Set<Integer>>> wanted) {
        return wanted.map(topics -> topics.getOrDefault(key.topic(), Set.of()).contains(key.partition())).orElse(true);
    }

    private static DescribeLogDirsResult describe(Path dir, Map<String, List<Hosted>> topics) {
        DescribeLogDirsResult result = new DescribeLogDirsResult().setLogDir(dir.toString());
        try {
            FileStore store = Files.getFileStore(dir);
            result.setTotalBytes(store.getTotalSpace()).setUsableBytes(store.getUsableSpace());
        } catch (IOException e) {
            return result.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code());
        }
        topics.forEach((name, logs) -> result.topics().add(new DescribeLogDirsTopic().setName(name)
                .setPartitions(logs.stream().map(DescribeLogDirsHandler::describe).collect(Collectors.toList()))));
        return result.setErrorCode(Errors.NONE.code());
    }

    private static DescribeLogDirsPartition describe(Hosted hosted) {
        return new DescribeLogDirsPartition()
                .setPartitionIndex(hosted.key().partition())
                .setPartitionSize(hosted.log().size())
                .setOffsetLag(0)
                .setIsFutureKey(false);
    }

    /** One partition's log as found in a directory. */
    private record Hosted(TopicPartitionKey key, PartitionLog log) {}
}
