package io.weir.storage.producer;

/** Producer sequence arithmetic: sequences are non-negative ints that wrap from Integer.MAX_VALUE to 0. */
final class Sequences {
    private Sequences() {}

    /** The sequence {@code delta} steps after {@code sequence}, wrapping past Integer.MAX_VALUE to 0. */
    static int increment(int sequence, int delta) {
        if (sequence > Integer.MAX_VALUE - delta) {
            return delta - (Integer.MAX_VALUE - sequence) - 1;
        }
        return sequence + delta;
    }

    /** Whether {@code next} directly follows {@code last}; a {@code last} of -1 ("nothing yet") is followed by 0. */
    static boolean inSequence(int last, int next) {
        return next == last + 1L || (next == 0 && last == Integer.MAX_VALUE);
    }
}
