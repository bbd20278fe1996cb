package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SearchCommandTest {

    private static SearchCommand parse(String... args) {
        SearchCommand command = new SearchCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void shouldSendTheOptionsThenTheParamsUrlEncoded() {
        SearchCommand command = parse("deliveries", "--tenant", "acme", "--filter", "{\"status\": \"paid\"}",
                "--from", "2024-01-15T10:00:00Z", "-p", "outcome=DEAD_LETTER", "--param", "type=orders.*",
                "--limit", "20");

        assertThat(command.query(null)).isEqualTo("tenant=acme&filter=%7B%22status%22%3A+%22paid%22%7D"
                + "&from=2024-01-15T10%3A00%3A00Z&limit=20&outcome=DEAD_LETTER&type=orders.*");
        assertThat(command.query("c2Vlaw==")).endsWith("&type=orders.*&cursor=c2Vlaw%3D%3D");
    }

    @Test
    void shouldSendTheWhereBesideTheFilter() {
        SearchCommand command = parse("events", "--filter", "{\"status\": \"paid\"}", "--where",
                "{\"new.amount\": {\"$gt\": 1000}}");

        assertThat(command.query(null)).isEqualTo("filter=%7B%22status%22%3A+%22paid%22%7D"
                + "&where=%7B%22new.amount%22%3A+%7B%22%24gt%22%3A+1000%7D%7D&limit=50");
    }

    @Test
    void shouldRefuseAParameterGivenTwice() {
        SearchCommand command = parse("events", "--tenant", "acme", "--param", "tenant=globex");

        assertThatThrownBy(() -> command.query(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--param tenant is given twice; use --tenant or --param tenant=..., once");
    }

    @Test
    void shouldNameTheThreeSearchesWhenGivenAnother() {
        assertThat(SearchCommand.Kind.of("dead-letters").path()).isEqualTo("/v1/dead-letters");
        assertThat(SearchCommand.Kind.of("events").path()).isEqualTo("/v1/events");
        assertThatThrownBy(() -> SearchCommand.Kind.of("attempts")).hasMessage(
                "search what: events, deliveries or dead-letters, got 'attempts'");
    }

    @Test
    void shouldFindTheConsoleInTheLocalStacksEndpointsFileAsItsPagesAddressOrItsBase(@TempDir Path dir)
            throws Exception {
        Path file = Files.writeString(dir.resolve("endpoints.env"),
                "TRIBUTARY_CONSOLE_URL=http://127.0.0.1:8085/console\n");
        Endpoints local = new Endpoints(Map.of("TRIBUTARY_ENDPOINTS", file.toString()));

        assertThat(parse("events").consoleBase(local)).isEqualTo("http://127.0.0.1:8085");
        assertThat(parse("events", "--console-url", "https://console.example.com/").consoleBase(local))
                .isEqualTo("https://console.example.com");
        assertThatThrownBy(() -> parse("events").consoleBase(new Endpoints(Map.of("TRIBUTARY_ENDPOINTS",
                dir.resolve("none.env").toString())))).hasMessage("no --console-url given: pass --console-url, set"
                        + " TRIBUTARY_CONSOLE_URL, or start the local stack with ./tributary dev");
    }

    @Test
    void shouldSayWhichConsoleItCouldNotReach() {
        StringWriter err = new StringWriter();
        CommandLine cli = TributaryCommand.newCommandLine().setErr(new PrintWriter(err));
        int exit = cli.execute("search", "events", "--console-url", "http://127.0.0.1:1", "--key", "k");

        assertThat(exit).isNotZero();
        assertThat(err.toString()).isEqualTo("error: cannot reach the console at http://127.0.0.1:1: start it"
                + " (./tributary dev runs one) or pass --console-url" + System.lineSeparator());
    }
}
