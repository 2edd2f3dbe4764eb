package io.weir.broker.handler;

import java.util.EnumSet;
import java.util.Set;
import org.apache.kafka.common.acl.AclOperation;

/**
 * The authorized-operations bitfields of Metadata and DescribeCluster (KIP-430). Weir has no
 * authorizer yet, so every principal may do everything: the bitfield sets bit {@code code} for
 * each operation Kafka defines for the resource type, which is what Kafka answers to a super
 * user. When the client did not ask, the field keeps its "not requested" value. Stateless.
 */
final class AuthorizedOperations {

    /** The value meaning "not requested" (Integer.MIN_VALUE), the schemas' default. */
    static final int NOT_REQUESTED = Integer.MIN_VALUE;

    /** Topic operations: read, write, create, delete, alter, describe, describe/alter configs. */
    static final int ALL_TOPIC_OPERATIONS = bits(EnumSet.of(AclOperation.READ, AclOperation.WRITE, AclOperation.CREATE,
            AclOperation.DELETE, AclOperation.ALTER, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS,
            AclOperation.ALTER_CONFIGS));

    /** Cluster operations: create, cluster action, describe/alter configs, idempotent write, alter, describe. */
    static final int ALL_CLUSTER_OPERATIONS = bits(EnumSet.of(AclOperation.CREATE, AclOperation.CLUSTER_ACTION,
            AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS, AclOperation.IDEMPOTENT_WRITE, AclOperation.ALTER,
            AclOperation.DESCRIBE));

    private AuthorizedOperations() {}

    private static int bits(Set<AclOperation> operations) {
        int bits = 0;
        for (AclOperation operation : operations) {
            bits |= 1 << operation.code();
        }
        return bits;
    }
}
