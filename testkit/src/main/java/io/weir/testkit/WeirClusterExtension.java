package io.weir.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that starts one {@link WeirCluster} per test class and hands it to any test,
 * constructor or lifecycle method that declares a {@code WeirCluster} parameter; the cluster is
 * closed after the class's last test.
 *
 * <pre>{@code
 * @ExtendWith(WeirClusterExtension.class)
 * class OrdersTest {
 *     @Test
 *     void roundTrip(WeirCluster weir) {
 *         var props = Map.<String, Object>of("bootstrap.servers", weir.bootstrapServers());
 *         ...
 *     }
 * }
 * }</pre>
 */
public final class WeirClusterExtension implements ParameterResolver, AfterAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(WeirClusterExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == WeirCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return store(context).getOrComputeIfAbsent("cluster", key -> WeirCluster.builder().build(), WeirCluster.class);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        WeirCluster cluster = store(context).remove("cluster", WeirCluster.class);
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The store of the test class, so that all tests of a class share one cluster. */
    private static ExtensionContext.Store store(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        return classContext.getStore(NAMESPACE);
    }
}
