package io.weir.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.metadata.image.MetadataImage;
import org.junit.jupiter.api.Test;

class NewestImageTest {

    private static MetadataImage at(long offset) {
        return new MetadataImage(offset, MetadataImage.EMPTY.features(), MetadataImage.EMPTY.cluster(),
                MetadataImage.EMPTY.topics(), MetadataImage.EMPTY.configs(), MetadataImage.EMPTY.producerIds());
    }

    /**
     * A restarted broker registered its listener at image 10, the metadata thread then applied 11
     * (the partition's new leader), and only after that the starting thread published image 10:
     * the broker led the partition again at the old epoch and never fetched from the real leader.
     */
    @Test
    void anOlderImageOfferedAfterANewerOneGivesTheNewerOne() {
        NewestImage newest = new NewestImage();
        MetadataImage registration = at(10);
        MetadataImage update = at(11);

        assertThat(newest.offer(update)).isSameAs(update);
        assertThat(newest.offer(registration)).isSameAs(update);
    }

    @Test
    void aNewerImageReplacesTheOneSeen() {
        NewestImage newest = new NewestImage();
        newest.offer(at(3));

        assertThat(newest.offer(at(4)).offset()).isEqualTo(4);
        assertThat(newest.offer(MetadataImage.EMPTY).offset()).isEqualTo(4);
    }
}
