package io.weir.storage.cleaner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OffsetMapTest {
    private static ByteBuffer key(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void remembersTheLatestOffsetPerKey() {
        OffsetMap map = new OffsetMap(1024 * OffsetMap.ENTRY_BYTES);
        for (int i = 0; i < 500; i++) {
            assertThat(map.put(key("k" + (i % 100)), i)).isTrue();
        }
        assertThat(map.size()).isEqualTo(100);
        for (int k = 0; k < 100; k++) {
            assertThat(map.latestOffset(key("k" + k))).isEqualTo(400 + k);
        }
        assertThat(map.latestOffset(key("absent"))).isEqualTo(OffsetMap.ABSENT);
        assertThat(map.lastOffset()).isEqualTo(499);
    }

    @Test
    void refusesNewKeysWhenFullButStillUpdatesKnownOnes() {
        OffsetMap map = new OffsetMap(10 * OffsetMap.ENTRY_BYTES);
        int capacity = map.maxEntries();
        for (int i = 0; i < capacity; i++) {
            assertThat(map.put(key("k" + i), i)).isTrue();
        }
        assertThat(map.isFull()).isTrue();
        assertThat(map.put(key("new"), 100)).isFalse();
        assertThat(map.latestOffset(key("new"))).isEqualTo(OffsetMap.ABSENT);
        assertThat(map.put(key("k0"), 101)).isTrue();
        assertThat(map.latestOffset(key("k0"))).isEqualTo(101);
    }
}
