package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The README's "Five minutes with Tributary" runs these commands as written: each {@code ./tributary} line of the
 * section, read from README.md itself, is a command and options this CLI accepts ({@code ./tributary dev} is the
 * launcher's own).
 */
class ReadmeTutorialCommandsTest {

    static List<String> tutorialCommands() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("## Five minutes with Tributary");
        int end = readme.indexOf("\n## ", start + 1);
        assertThat(start).as("the README's tutorial section").isNotNegative();
        return readme.substring(start, end).lines().map(String::strip).filter(l -> l.startsWith("$ ./tributary "))
                .map(l -> l.substring("$ ./tributary ".length())).filter(l -> !l.equals("dev")).toList();
    }

    @Test
    void shouldAcceptEveryTributaryCommandOfTheTutorial() throws Exception {
        List<String> commands = tutorialCommands();
        assertThat(commands).containsExactly(
                "tables attach public.invoices --tenant-column tenant",
                "subscriptions create -f paid.json",
                "deliveries list --subscription sub_paid_invoices --until DELIVERED --wait 60s",
                "subscriptions update sub_paid_invoices -f paid.json",
                "dlt list --topic tributary.handler.webhook-dlt --wait 60s",
                "subscriptions update sub_paid_invoices -f paid.json",
                "dlt redrive --topic tributary.handler.webhook-dlt --all",
                "deliveries list --subscription sub_paid_invoices --record 2 --until DELIVERED --wait 60s");
        for (String command : commands) {
            String[] args = command.split("\\s+");
            assertThatCode(() -> TributaryCommand.newCommandLine().parseArgs(args)).as(command)
                    .doesNotThrowAnyException();
        }
        assertThatThrownBy(() -> TributaryCommand.newCommandLine().parseArgs("dlt", "list", "--topic", "t", "--wiat",
                "60s")).as("a misspelt option").isInstanceOf(CommandLine.UnmatchedArgumentException.class);
        CommandLine.ParseResult wait = TributaryCommand.newCommandLine().parseArgs(commands.get(4).split("\\s+"));
        DltCommand.ListAll list = (DltCommand.ListAll) wait.subcommand().subcommand().commandSpec().userObject();
        assertThat(DltCommand.ListAll.parseWait(list.wait)).hasSeconds(60);
    }
}
