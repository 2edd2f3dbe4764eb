package io.weir.metadata.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** Finds the known key a mistyped key was most likely meant to be. */
final class Suggestions {
    private Suggestions() {}

    /** The closest candidate, if it is close enough to be a plausible typo. */
    static Optional<String> closest(String typed, Collection<String> candidates) {
        int allowed = Math.max(2, typed.length() / 4);
        return candidates.stream()
                .filter(candidate -> distance(typed, candidate) <= allowed)
                .min(Comparator.comparingInt((String candidate) -> distance(typed, candidate))
                        .thenComparing(Comparator.naturalOrder()));
    }

    /** Edit distance (insertions, deletions, substitutions), ignoring case. */
    static int distance(String a, String b) {
        String left = a.toLowerCase(java.util.Locale.ROOT);
        String right = b.toLowerCase(java.util.Locale.ROOT);
        int[] previous = new int[right.length() + 1];
        int[] current = new int[right.length() + 1];
        for (int j = 0; j <= right.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= left.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= right.length(); j++) {
                int substitution = previous[j - 1] + (left.charAt(i - 1) == right.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[right.length()];
    }
}
