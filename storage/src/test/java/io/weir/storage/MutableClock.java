package io.weir.storage;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock tests move by hand. */
public final class MutableClock extends Clock {
    private final AtomicLong nowMs;

    public MutableClock(long startMs) {
        this.nowMs = new AtomicLong(startMs);
    }

    public void advanceMs(long deltaMs) {
        nowMs.addAndGet(deltaMs);
    }

    @Override
    public long millis() {
        return nowMs.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }
}
