package io.weir.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * Weir's logging configuration, set up in code because reading it from XML (logback's
 * configuration parser and its model) cost about a third of a start: one line per event on
 * stderr, {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z' LEVEL message} in UTC, with the stack trace of a
 * throwable after it; WARN for libraries (nothing from Ratis' connection life cycle) and INFO
 * for {@code io.weir} (raised by {@link LoggingSetup}). stdout carries only the ready line.
 *
 * <p>Found by logback through {@code META-INF/services/ch.qos.logback.classic.spi.Configurator}.
 * It steps aside, leaving logback's own search, when a configuration is given explicitly: the
 * system property {@code logback.configurationFile}, or a {@code logback-test.xml} or {@code
 * logback.xml} on the class path. Called once by logback while it initialises; not thread-safe
 * beyond that.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class WeirLogbackConfigurator extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z',UTC} %-5level %msg%n";
    private static final String[] EXPLICIT_CONFIGURATIONS = {"logback-test.xml", "logback.xml"};

    /** Used by logback's service loader. */
    public WeirLogbackConfigurator() {}

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (explicitConfigurationPresent()) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("STDERR");
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        context.getLogger("io.weir").setLevel(Level.INFO);
        // Ratis logs every failed connection attempt to a peer that is not up (yet) as an ERROR
        // with a stack trace, several times a second while a node of the cluster is down; its log
        // appender's WARN already says so in one line.
        context.getLogger("org.apache.ratis.util.LifeCycle").setLevel(Level.OFF);
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(appender);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static boolean explicitConfigurationPresent() {
        if (System.getProperty("logback.configurationFile") != null) {
            return true;
        }
        ClassLoader loader = WeirLogbackConfigurator.class.getClassLoader();
        for (String name : EXPLICIT_CONFIGURATIONS) {
            if (loader.getResource(name) != null) {
                return true;
            }
        }
        return false;
    }
}
