package io.weir.it;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The summary of a soak run: every fault (kind, target, when, how long its recovery and the return
 * of the full ISR took, and the time from the fault to the first acknowledged write to a partition
 * it hit), and the producer's longest stalls (the longest gaps between two acknowledgements, over
 * all partitions and per partition), each with the fault before it.
 *
 * <p>Thread-safety: a fresh text per call; the lists passed in are not changed.
 */
final class SoakReport {
    /** A fault and when the cluster was whole again afterwards (every partition with its full ISR). */
    record Step(SoakFaults.Applied fault, Optional<Long> fullIsrNs) {}

    /** A gap between two acknowledgements: from {@code fromNs} for {@code ms}, on a partition or all. */
    private record Stall(String where, long fromNs, long ms) {}

    private static final int STALLS_LISTED = 5;

    private SoakReport() {}

    static String text(long seed, long startNs, List<Step> steps, List<ContinuousProducer.Ack> acks) {
        StringBuilder text = new StringBuilder();
        text.append(String.format("soak seed %d: %d faults, %d acknowledged writes to the producer topic%n", seed,
                steps.size(), acks.size()));
        for (Step step : steps) {
            SoakFaults.Applied fault = step.fault();
            text.append(String.format("  #%-3d +%6.1f s  %-15s %s; recovered in %d ms, full ISR after %s,"
                            + " first acknowledged write to %s after %s%n",
                    fault.number(), seconds(fault.startNs() - startNs), fault.kind(), fault.detail(),
                    millis(fault.recoveredNs() - fault.startNs()),
                    step.fullIsrNs().map(ns -> millis(ns - fault.startNs()) + " ms").orElse("(not seen before the next fault)"),
                    fault.affected().isEmpty() ? "any partition" : "partitions " + fault.affected(),
                    firstAckAfter(acks, fault).map(ns -> millis(ns - fault.startNs()) + " ms").orElse("(none)")));
        }
        List<Stall> stalls = new ArrayList<>(gaps("all partitions", acks));
        text.append("  longest stalls over all partitions:").append(describe(stalls, startNs, steps)).append('\n');
        Map<Integer, List<ContinuousProducer.Ack>> byPartition = acks.stream()
                .collect(Collectors.groupingBy(ContinuousProducer.Ack::partition, TreeMap::new, Collectors.toList()));
        List<Stall> partitionStalls = new ArrayList<>();
        byPartition.forEach((partition, partitionAcks) ->
                partitionStalls.addAll(gaps("partition " + partition, partitionAcks)));
        text.append("  longest stalls of one partition:").append(describe(partitionStalls, startNs, steps))
                .append('\n');
        return text.toString();
    }

    /** The longest gap of one partition between two acknowledgements, in ms. */
    static long longestPartitionStallMs(List<ContinuousProducer.Ack> acks) {
        return acks.stream()
                .collect(Collectors.groupingBy(ContinuousProducer.Ack::partition))
                .values().stream()
                .flatMap(partitionAcks -> gaps("", partitionAcks).stream())
                .mapToLong(Stall::ms)
                .max()
                .orElse(0);
    }

    private static Optional<Long> firstAckAfter(List<ContinuousProducer.Ack> acks, SoakFaults.Applied fault) {
        Set<Integer> affected = fault.affected();
        return acks.stream()
                .filter(ack -> ack.ackedNs() > fault.startNs()
                        && (affected.isEmpty() || affected.contains(ack.partition())))
                .map(ContinuousProducer.Ack::ackedNs)
                .min(Long::compare);
    }

    /** The {@link #STALLS_LISTED} longest gaps between consecutive acknowledgements in {@code acks}. */
    private static List<Stall> gaps(String where, List<ContinuousProducer.Ack> acks) {
        long[] times = acks.stream().mapToLong(ContinuousProducer.Ack::ackedNs).sorted().toArray();
        List<Stall> stalls = new ArrayList<>();
        for (int i = 1; i < times.length; i++) {
            stalls.add(new Stall(where, times[i - 1], millis(times[i] - times[i - 1])));
        }
        stalls.sort(Comparator.comparingLong(Stall::ms).reversed());
        return stalls.subList(0, Math.min(STALLS_LISTED, stalls.size()));
    }

    private static String describe(List<Stall> stalls, long startNs, List<Step> steps) {
        StringBuilder text = new StringBuilder();
        stalls.stream().sorted(Comparator.comparingLong(Stall::ms).reversed()).limit(STALLS_LISTED)
                .forEach(stall -> text.append(String.format("%n    %d ms on %s from +%.1f s, last fault before its end %s",
                        stall.ms(), stall.where(), seconds(stall.fromNs() - startNs),
                        faultBefore(steps, stall.fromNs() + TimeUnit.MILLISECONDS.toNanos(stall.ms())))));
        return text.toString();
    }

    private static String faultBefore(List<Step> steps, long ns) {
        return steps.stream()
                .map(Step::fault)
                .filter(f -> f.startNs() <= ns)
                .reduce((a, b) -> b)
                .map(f -> "#" + f.number() + " " + f.kind())
                .orElse("(none)");
    }

    private static long millis(long ns) {
        return TimeUnit.NANOSECONDS.toMillis(ns);
    }

    private static double seconds(long ns) {
        return ns / 1e9;
    }
}
