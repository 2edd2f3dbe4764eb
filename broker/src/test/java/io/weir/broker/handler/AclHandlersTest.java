package io.weir.broker.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.broker.testing.KafkaWire;
import io.weir.protocol.EncodedResponse;
import io.weir.protocol.ErrorMapper;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.kafka.common.message.CreateAclsRequestData;
import org.apache.kafka.common.message.CreateAclsRequestData.AclCreation;
import org.apache.kafka.common.message.CreateAclsResponseData;
import org.apache.kafka.common.message.DeleteAclsRequestData;
import org.apache.kafka.common.message.DeleteAclsRequestData.DeleteAclsFilter;
import org.apache.kafka.common.message.DeleteAclsResponseData;
import org.apache.kafka.common.message.DescribeAclsRequestData;
import org.apache.kafka.common.message.DescribeAclsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** DescribeAcls, CreateAcls and DeleteAcls without an authorizer, coded by kafka-clients at each version. */
class AclHandlersTest {
    private static final ConnectionInfo CONNECTION = new ConnectionInfo(1, "PLAINTEXT", "test", new InetSocketAddress(0));
    private static final RequestDispatcher DISPATCHER = new RequestDispatcher(HandlerRegistry.builder()
            .register(new DescribeAclsHandler())
            .register(new CreateAclsHandler())
            .register(new DeleteAclsHandler())
            .build(), new ErrorMapper(Map.of()));

    private static ApiMessage call(ApiMessage request, ApiKeys apiKey, int version) {
        Dispatch dispatch = DISPATCHER.dispatch(KafkaWire.request(request, version, 3), CONNECTION);
        ByteBuffer response = ((Dispatch.Respond) dispatch).response().join().map(EncodedResponse::toByteBuffer).orElseThrow();
        response.position(response.position() + 4);
        return KafkaWire.response(response, apiKey, version, 3).data();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void describeAclsSaysSecurityIsDisabled(int version) {
        DescribeAclsResponseData response = (DescribeAclsResponseData) call(new DescribeAclsRequestData()
                .setResourceTypeFilter((byte) 1).setPatternTypeFilter((byte) 1).setOperation((byte) 1)
                .setPermissionType((byte) 1), ApiKeys.DESCRIBE_ACLS, version);

        assertThat(response.errorCode()).isEqualTo(Errors.SECURITY_DISABLED.code());
        assertThat(response.errorMessage()).isEqualTo("No Authorizer is configured on the broker");
        assertThat(response.resources()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void createAclsRefusesEveryCreation(int version) {
        CreateAclsRequestData request = new CreateAclsRequestData();
        for (int i = 0; i < 2; i++) {
            request.creations().add(new AclCreation().setResourceType((byte) 2).setResourceName("t" + i)
                    .setResourcePatternType((byte) 3).setPrincipal("User:alice").setHost("*")
                    .setOperation((byte) 3).setPermissionType((byte) 3));
        }
        CreateAclsResponseData response = (CreateAclsResponseData) call(request, ApiKeys.CREATE_ACLS, version);

        assertThat(response.results()).hasSize(2).allSatisfy(result -> {
            assertThat(result.errorCode()).isEqualTo(Errors.SECURITY_DISABLED.code());
            assertThat(result.errorMessage()).isEqualTo("No Authorizer is configured on the broker");
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void deleteAclsRefusesEveryFilter(int version) {
        DeleteAclsRequestData request = new DeleteAclsRequestData();
        request.filters().add(new DeleteAclsFilter().setResourceTypeFilter((byte) 1).setPatternTypeFilter((byte) 1)
                .setOperation((byte) 1).setPermissionType((byte) 1));
        DeleteAclsResponseData response = (DeleteAclsResponseData) call(request, ApiKeys.DELETE_ACLS, version);

        assertThat(response.filterResults()).singleElement().satisfies(result -> {
            assertThat(result.errorCode()).isEqualTo(Errors.SECURITY_DISABLED.code());
            assertThat(result.errorMessage()).isEqualTo("No Authorizer is configured.");
            assertThat(result.matchingAcls()).isEmpty();
        });
    }
}
