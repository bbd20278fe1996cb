package io.tributary.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tributary filters}: try filters and where conditions before creating a subscription. */
@Command(name = "filters", mixinStandardHelpOptions = true,
        description = "Test subscription filters and where conditions offline.",
        subcommands = FiltersCommand.Test.class)
final class FiltersCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = {
                "Evaluates each case of a JSON-lines file and prints one answer per case, in order:",
                "{\"match\": true}, {\"match\": false} or {\"error\": \"<path>: <reason>\"}.",
                "A case is {\"filter\": F, \"row\": R} (is R @> F, with PostgreSQL's jsonb semantics)",
                "or {\"filter\": F, \"where\": W, \"event\": E} (does a subscription with them match E).",
                "Blank lines are skipped. Exits non-zero only when the file cannot be read."},
            footerHeading = "%nExample:%n",
            footer = {"  echo '{\"filter\": {\"status\": \"confirmed\"}, \"row\": {\"status\": \"confirmed\", \"id\": 1}}' > cases.jsonl",
                      "  ./tributary filters test --cases cases.jsonl",
                      "  {\"match\":true}"})
    static final class Test implements java.util.concurrent.Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--cases", required = true, paramLabel = "FILE",
                description = "JSON-lines file of cases; - reads standard input.")
        String cases;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            try (BufferedReader reader = open()) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (!line.isBlank()) {
                        out.println(FilterCases.answer(line));
                    }
                }
            } catch (NoSuchFileException e) {
                throw new IOException("cannot read cases file " + cases + ": no such file", e);
            }
            out.flush();
            return 0;
        }

        private BufferedReader open() throws IOException {
            if (cases.equals("-")) {
                return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            }
            Path path = Path.of(cases);
            if (Files.isDirectory(path)) {
                throw new IOException("cannot read cases file " + cases + ": it is a directory");
            }
            // Malformed UTF-8 becomes U+FFFD, so one bad line is answered with an error instead of ending the run.
            return new BufferedReader(new InputStreamReader(Files.newInputStream(path), StandardCharsets.UTF_8));
        }
    }
}
