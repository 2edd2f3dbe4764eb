/**
 * The test kit: Weir nodes started inside a JUnit test's JVM on ports chosen at run time, with
 * temporary data folders. Owns {@link io.weir.testkit.WeirCluster} and its JUnit 5 extension.
 */
package io.weir.testkit;
