package io.weir.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The options of {@code weir start}: {@code -c/--config FILE}, {@code --set KEY=VALUE}
 * (repeatable), {@code -v/--verbose}.
 *
 * <p>{@link #parseCommon} reads the common spellings of a {@code weir start} command line without
 * the command-line library, whose classes the JVM can not keep in a class-data archive (they are
 * compiled for Java 5) and whose annotation scanning costs a few hundred milliseconds at every
 * start. Anything else (help, version, {@code @files}, {@code --}, clustered or repeated options,
 * empty values or values starting with {@code -}, unknown options) is left to the library, so the
 * result and every message stay exactly the library's. Immutable.
 */
record StartArguments(Optional<Path> configFile, List<String> overrides, boolean verbose) {

    StartArguments {
        overrides = List.copyOf(overrides);
    }

    /**
     * The arguments of {@code start} when every one is a plain spelling of its options, or empty
     * when the command line needs the full parser.
     */
    static Optional<StartArguments> parseCommon(String[] args) {
        if (args.length == 0 || !args[0].equals("start")) {
            return Optional.empty();
        }
        Optional<Path> configFile = Optional.empty();
        List<String> overrides = new ArrayList<>();
        boolean verbose = false;
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-v") || arg.equals("--verbose")) {
                if (verbose) {
                    return Optional.empty();
                }
                verbose = true;
                continue;
            }
            String option = optionName(arg);
            if (!option.equals("--set") && !option.equals("--config")) {
                return Optional.empty();
            }
            String value;
            if (arg.startsWith("--set=") || arg.startsWith("--config=")) {
                value = arg.substring(arg.indexOf('=') + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                return Optional.empty();
            }
            if (!plainValue(value) || (option.equals("--config") && configFile.isPresent())) {
                return Optional.empty();
            }
            if (option.equals("--set")) {
                overrides.add(value);
            } else {
                configFile = Optional.of(Path.of(value));
            }
        }
        return Optional.of(new StartArguments(configFile, overrides, verbose));
    }

    /** The long name of a value option in one of its plain spellings, or the argument itself. */
    private static String optionName(String arg) {
        if (arg.equals("-c") || arg.equals("--config") || arg.startsWith("--config=")) {
            return "--config";
        }
        if (arg.equals("--set") || arg.startsWith("--set=")) {
            return "--set";
        }
        return arg;
    }

    /** A value the full parser takes as is: not empty, not option-like, not an argument file. */
    private static boolean plainValue(String value) {
        return !value.isEmpty() && !value.startsWith("-") && !value.startsWith("@");
    }
}
