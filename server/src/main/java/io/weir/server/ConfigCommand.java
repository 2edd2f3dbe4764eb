package io.weir.server;

import io.weir.metadata.config.BrokerConfigs;
import io.weir.metadata.config.ConfigDocs;
import io.weir.metadata.config.TopicConfigs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code weir config}: documents the configuration keys. {@code --list} prints one line per node
 * key (type, default, summary), {@code --list --topic} the topic keys, {@code --markdown} the full
 * reference committed as {@code docs/configuration.md}.
 */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Document the configuration keys.")
final class ConfigCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Option(names = "--list", description = "Print every key with its type, default and summary.")
    private boolean list;

    @Option(names = "--topic", description = "With --list: the topic-level keys instead of the node keys.")
    private boolean topic;

    @Option(names = "--markdown", description = "Print the full reference in Markdown (docs/configuration.md).")
    private boolean markdown;

    @Override
    public void run() {
        if (list == markdown) {
            throw new ParameterException(spec.commandLine(), "give exactly one of --list or --markdown");
        }
        if (topic && !list) {
            throw new ParameterException(spec.commandLine(), "--topic goes with --list");
        }
        if (markdown) {
            spec.commandLine().getOut().print(ConfigDocs.markdown());
        } else {
            var registry = topic ? TopicConfigs.REGISTRY : BrokerConfigs.REGISTRY;
            spec.commandLine().getOut().print(ConfigDocs.listing(registry.definitions()));
        }
        spec.commandLine().getOut().flush();
    }
}
