package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FiltersCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = TributaryCommand.newCommandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void shouldAnswerEachCaseOnItsOwnLineInOrder() throws Exception {
        Path cases = dir.resolve("cases.jsonl");
        Files.writeString(cases, String.join("\n",
                "{\"filter\": {\"status\": \"confirmed\"}, \"row\": {\"status\": \"confirmed\", \"id\": 1}}",
                "{\"filter\": {\"amount\": 1.0}, \"row\": {\"amount\": 1}}",
                "{\"filter\": {\"amount\": \"1\"}, \"row\": {\"amount\": 1}}",
                "",
                "{\"filter\": [1], \"row\": [1, 2]}",
                "{\"filter\": {\"status\": \"confirmed\"}, \"where\": {\"new.amount\": {\"$gt\": 1000}},"
                        + " \"event\": {\"specversion\": \"1.0\", \"id\": \"e\", \"source\": \"/postgres/d/public/o\","
                        + " \"type\": \"o.insert\", \"data\": {\"operation\": \"INSERT\", \"table\": \"o\","
                        + " \"new\": {\"status\": \"confirmed\", \"amount\": 1500}}}}",
                "{\"where\": {\"new.amount\": {\"$gt\": 2000}}, \"event\": {\"specversion\": \"1.0\", \"id\": \"e\","
                        + " \"source\": \"/s\", \"type\": \"o.insert\", \"data\": {\"operation\": \"INSERT\","
                        + " \"new\": {\"amount\": 1500}}}}",
                "{\"where\": {\"new.amount\": {\"$gt\": true}}, \"event\": {\"specversion\": \"1.0\", \"id\": \"e\","
                        + " \"source\": \"/s\", \"type\": \"t\"}}",
                "{\"event\": {\"specversion\": \"1.0\", \"source\": \"/s\", \"type\": \"t\"}}",
                "{\"filter\": {}, \"row\": {}, \"extra\": 1}",
                "not json at all",
                "{\"row\": {}}") + "\n");

        assertThat(run("filters", "test", "--cases", cases.toString())).isZero();

        assertThat(out.toString().lines()).containsExactly(
                "{\"match\":true}",
                "{\"match\":true}",
                "{\"match\":false}",
                "{\"error\":\"filter: a filter must be a JSON object such as {\\\"status\\\": \\\"confirmed\\\"}\"}",
                "{\"match\":true}",
                "{\"match\":false}",
                "{\"error\":\"where.new.amount.$gt: $gt takes a number or a string\"}",
                "{\"error\":\"event.id: is required\"}",
                "{\"error\":\"extra: unknown field in a row case; it takes filter and row\"}",
                out.toString().lines().toList().get(9),
                "{\"error\":\"filter: is required with row\"}");
        assertThat(out.toString().lines().toList().get(9)).startsWith("{\"error\":\"not valid JSON: ");
    }

    @Test
    void shouldAnswerMalformedUtf8WithAnErrorAndGoOn() throws Exception {
        Path cases = dir.resolve("bad.jsonl");
        byte[] bad = "{\"filter\": {\"a\": \"\u00ff\"}, \"row\": {\"a\": 1}\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] good = "{\"filter\": {}, \"row\": {}}\n".getBytes(StandardCharsets.UTF_8);
        Files.write(cases, concat(bad, good));
        assertThat(run("filters", "test", "--cases", cases.toString())).isZero();
        assertThat(out.toString().lines()).hasSize(2).last().isEqualTo("{\"match\":true}");
        assertThat(out.toString().lines().findFirst().orElseThrow()).startsWith("{\"error\":");
    }

    @Test
    void shouldExitNonZeroWithOneLineWhenTheFileCannotBeRead() {
        assertThat(run("filters", "test", "--cases", dir.resolve("missing.jsonl").toString())).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("error: cannot read cases file "
                + dir.resolve("missing.jsonl") + ": no such file");
        assertThat(out.toString()).isEmpty();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
