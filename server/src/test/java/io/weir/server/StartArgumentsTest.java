package io.weir.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** The short path for {@code weir start} agrees with the full command-line parser. */
class StartArgumentsTest {
    private static final List<String> TOKENS = List.of(
            "-c", "--config", "--config=a.properties", "a.properties", "--set", "--set=k=v", "k=v", "-v",
            "--verbose", "-vc", "--", "@args", "-x", "", "--set=", "help");
    private static final int MAX_TOKENS = 3;

    @Test
    void readsThePlainSpellings() {
        assertThat(StartArguments.parseCommon(new String[] {
                    "start", "-c", "a.properties", "--set", "a=1", "--set=b=2", "-v"
                }))
                .contains(new StartArguments(Optional.of(Path.of("a.properties")), List.of("a=1", "b=2"), true));
        assertThat(StartArguments.parseCommon(new String[] {"start"}))
                .contains(new StartArguments(Optional.empty(), List.of(), false));
    }

    @Test
    void leavesEverythingElseToTheFullParser() {
        assertThat(StartArguments.parseCommon(new String[] {})).isEmpty();
        assertThat(StartArguments.parseCommon(new String[] {"config", "--list"})).isEmpty();
        assertThat(StartArguments.parseCommon(new String[] {"start", "--help"})).isEmpty();
        assertThat(StartArguments.parseCommon(new String[] {"start", "-c", "a", "-c", "b"})).isEmpty();
        assertThat(StartArguments.parseCommon(new String[] {"start", "--set"})).isEmpty();
    }

    /** Every command line of up to {@value #MAX_TOKENS} tokens after {@code start}, exhaustively. */
    @Test
    void agreesWithTheFullParserOnEveryShortCommandLine() {
        int shortPaths = 0;
        for (List<String> tail : sequences(MAX_TOKENS)) {
            List<String> args = new ArrayList<>(List.of("start"));
            args.addAll(tail);
            String[] argv = args.toArray(String[]::new);
            Optional<StartArguments> common = StartArguments.parseCommon(argv);
            if (common.isPresent()) {
                shortPaths++;
                assertThat(common).as("%s", args).contains(parsedByTheFullParser(argv));
            }
        }
        assertThat(shortPaths).isGreaterThan(100);
    }

    private static StartArguments parsedByTheFullParser(String[] argv) {
        ParseResult parsed = new CommandLine(new Main()).parseArgs(argv);
        assertThat(parsed.subcommand().isUsageHelpRequested()).isFalse();
        return ((StartCommand) parsed.subcommand().commandSpec().userObject()).arguments();
    }

    private static List<List<String>> sequences(int maxLength) {
        List<List<String>> all = new ArrayList<>();
        all.add(List.of());
        List<List<String>> previous = List.of(List.of());
        for (int length = 1; length <= maxLength; length++) {
            List<List<String>> next = new ArrayList<>();
            for (List<String> prefix : previous) {
                for (String token : TOKENS) {
                    List<String> sequence = new ArrayList<>(prefix);
                    sequence.add(token);
                    next.add(List.copyOf(sequence));
                }
            }
            all.addAll(next);
            previous = next;
        }
        return all;
    }
}
