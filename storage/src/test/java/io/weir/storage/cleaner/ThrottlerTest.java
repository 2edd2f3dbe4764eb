package io.weir.storage.cleaner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ThrottlerTest {
    @Test
    void sleepsWhatTheBytesWouldTakeAtTheAllowedRate() {
        AtomicLong nowNs = new AtomicLong(0);
        List<Long> sleeps = new ArrayList<>();
        Throttler throttler = new Throttler(1_000_000, nowNs::get, nanos -> {
            sleeps.add(nanos);
            nowNs.addAndGet(nanos);
        });

        throttler.maybeThrottle(500_000); // half a second's worth, at once
        nowNs.addAndGet(100_000_000);
        throttler.maybeThrottle(100_000); // 0.6 s worth after 0.6 s: no sleep

        assertThat(sleeps).containsExactly(500_000_000L);
    }

    @Test
    void anUnlimitedRateNeverSleeps() {
        List<Long> sleeps = new ArrayList<>();
        Throttler throttler = new Throttler(Double.MAX_VALUE, () -> 0, sleeps::add);
        throttler.maybeThrottle(Long.MAX_VALUE / 2);
        assertThat(sleeps).isEmpty();
    }
}
