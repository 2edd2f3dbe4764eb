package io.weir.broker.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.broker.fetch.FetchResponse;
import io.weir.broker.fetch.PartitionId;
import io.weir.broker.fetch.PartitionResult;
import io.weir.storage.LogSlice;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.junit.jupiter.api.Test;

/** KIP-392 on the wire: the consumer's rack in, the preferred read replica out. */
class FetchHandlerRackTest {

    @Test
    void theRackIsReadFromVersion11() {
        FetchRequestData data = new FetchRequestData().setReplicaId(-1).setMaxBytes(100).setRackId("r2");

        assertThat(FetchHandler.toFetchRequest(data, (short) 10).clientRackId()).isEmpty();
        assertThat(FetchHandler.toFetchRequest(data, (short) 11).clientRackId()).contains("r2");
        assertThat(FetchHandler.toFetchRequest(data.setRackId(""), (short) 17).clientRackId()).contains("");
    }

    @Test
    void thePreferredReadReplicaIsSentAndMinusOneOtherwise() {
        PartitionResult redirect = new PartitionResult(PartitionId.byName("t", 0), (short) 0, 7, 7, 0, LogSlice.empty(),
                Optional.empty(), OptionalInt.empty(), Optional.empty(), OptionalInt.of(2));
        PartitionResult plain = new PartitionResult(PartitionId.byName("t", 1), (short) 0, 7, 7, 0, LogSlice.empty(),
                Optional.empty(), OptionalInt.empty());

        FetchResponseData data = FetchHandler.toResponseData(new FetchResponse((short) 0, 0, List.of(redirect, plain)), (short) 11,
                false, 1);

        List<FetchResponseData.PartitionData> partitions = data.responses().get(0).partitions();
        assertThat(partitions.get(0).preferredReadReplica()).isEqualTo(2);
        assertThat(partitions.get(0).highWatermark()).isEqualTo(7);
        assertThat(partitions.get(1).preferredReadReplica()).isEqualTo(-1);
    }
}
