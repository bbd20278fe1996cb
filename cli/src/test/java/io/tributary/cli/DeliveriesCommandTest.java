package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code tributary deliveries list}'s options, refused with one line before any broker is asked. */
class DeliveriesCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = TributaryCommand.newCommandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void shouldRefuseAnOutcomeToWaitForWithoutAWait() {
        assertThat(run("deliveries", "list", "--until", "DELIVERED", "--bootstrap-servers", "127.0.0.1:1")).isEqualTo(1);
        assertThat(err.toString()).contains("--until needs --wait: it names the outcome to wait for");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldRefuseAnUnknownOutcome() {
        assertThat(run("deliveries", "list", "--until", "SENT", "--wait", "1s", "--bootstrap-servers", "127.0.0.1:1"))
                .isEqualTo(1);
        assertThat(err.toString()).contains("--until must be one of DELIVERED, RETRY, DEAD_LETTER or"
                + " DEAD_LETTER_AND_PAUSE, got 'SENT'");
    }

    @Test
    void shouldRefuseAWaitThatIsNoDuration() {
        assertThat(run("deliveries", "list", "--wait", "soon", "--bootstrap-servers", "127.0.0.1:1")).isEqualTo(1);
        assertThat(err.toString()).contains("--wait must be a duration such as 30s, 2m, 500ms or PT30S, got 'soon'");
    }
}
