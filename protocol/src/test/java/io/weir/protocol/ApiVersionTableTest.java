package io.weir.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;

class ApiVersionTableTest {

    @Test
    void supportsOnlyDeclaredRanges() {
        ApiVersionTable table = ApiVersionTable.builder()
                .implement(ApiKeys.API_VERSIONS, VersionRange.of(0, 4))
                .build();

        assertThat(table.supports(ApiKeys.API_VERSIONS, (short) 0)).isTrue();
        assertThat(table.supports(ApiKeys.API_VERSIONS, (short) 4)).isTrue();
        assertThat(table.supports(ApiKeys.API_VERSIONS, (short) 5)).isFalse();
        assertThat(table.supports(ApiKeys.METADATA, (short) 0)).isFalse();
        assertThat(table.range(ApiKeys.METADATA)).isEmpty();
        assertThat(table.range(ApiKeys.API_VERSIONS)).contains(VersionRange.of(0, 4));
    }

    @Test
    void refusesVersionsTheCodecMarksUnstable() {
        // InitProducerId v6 is parsed by kafka-clients 4.4 but not stable.
        assertThat(ApiKeys.INIT_PRODUCER_ID.latestVersion(true)).isEqualTo((short) 6);

        assertThatThrownBy(() -> ApiVersionTable.builder().implement(ApiKeys.INIT_PRODUCER_ID, VersionRange.of(0, 6)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stable");
    }

    @Test
    void refusesVersionsTheCodecCannotParse() {
        assertThatThrownBy(() -> ApiVersionTable.builder().implement(ApiKeys.PRODUCE, VersionRange.of(0, 13)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ApiVersionTable.builder().implement(ApiKeys.LEADER_AND_ISR, VersionRange.of(0, 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesDuplicates() {
        ApiVersionTable.Builder builder = ApiVersionTable.builder().implement(ApiKeys.METADATA, VersionRange.of(0, 13));

        assertThatThrownBy(() -> builder.implement(ApiKeys.METADATA, VersionRange.of(1, 2)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void listsRangesOrderedByApiKey() {
        ApiVersionTable table = ApiVersionTable.builder()
                .implement(ApiKeys.API_VERSIONS, VersionRange.of(0, 4))
                .implement(ApiKeys.METADATA, VersionRange.of(1, 12))
                .build();

        assertThat(table.toApiVersionCollection())
                .extracting(ApiVersion::apiKey, ApiVersion::minVersion, ApiVersion::maxVersion)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple((short) 3, (short) 1, (short) 12),
                        org.assertj.core.groups.Tuple.tuple((short) 18, (short) 0, (short) 4));
    }

    @Test
    void advertisesProduceFromVersionZeroButAcceptsOnlyWhatItImplements() {
        ApiVersionTable table = ApiVersionTable.builder().implement(ApiKeys.PRODUCE, VersionRange.of(3, 13)).build();

        assertThat(table.toApiVersionCollection())
                .extracting(ApiVersion::minVersion, ApiVersion::maxVersion)
                .containsExactly(org.assertj.core.groups.Tuple.tuple((short) 0, (short) 13));
        assertThat(table.supports(ApiKeys.PRODUCE, (short) 2)).isFalse();
        assertThat(table.supports(ApiKeys.PRODUCE, (short) 3)).isTrue();
    }

    @Test
    void rejectsInvalidRanges() {
        assertThatThrownBy(() -> VersionRange.of(3, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VersionRange.of(-1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VersionRange.of(0, 40_000)).isInstanceOf(IllegalArgumentException.class);
    }
}
