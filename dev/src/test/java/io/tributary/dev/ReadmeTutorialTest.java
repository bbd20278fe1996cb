package io.tributary.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the README's tutorial is read into commands and outputs, and how its outputs are compared. */
class ReadmeTutorialTest {

    @Test
    void shouldReadTheCommandsWithTheirContinuationsAndTheOutputsShown() {
        ReadmeTutorial tutorial = ReadmeTutorial.parse("""
                # T

                ## Five minutes with Tributary

                ```console
                $ ./tributary dev
                Kafka: starting
                  ...
                ```

                1. Step:
                   ```console
                   $ psql "$DSN" -c "CREATE TABLE t (id int);
                                     ALTER TABLE t REPLICA IDENTITY FULL"
                   CREATE TABLE
                   ALTER TABLE
                   $ cat > a.json <<JSON
                   {"a": "$X", "b": "\\$y"}
                   JSON
                   $ sed -i 's#a#b#' a.json
                   ```

                ## Next
                ```console
                $ not this
                ```
                """);

        assertThat(tutorial.steps()).containsExactly(
                new ReadmeTutorial.Step("./tributary dev", List.of("Kafka: starting", "  ...")),
                new ReadmeTutorial.Step("psql \"$DSN\" -c \"CREATE TABLE t (id int);\n"
                        + "                  ALTER TABLE t REPLICA IDENTITY FULL\"",
                        List.of("CREATE TABLE", "ALTER TABLE")),
                new ReadmeTutorial.Step("cat > a.json <<JSON\n{\"a\": \"$X\", \"b\": \"\\$y\"}\nJSON", List.of()),
                new ReadmeTutorial.Step("sed -i 's#a#b#' a.json", List.of()));
    }

    @Test
    void shouldReadTheReadmesTutorial() throws Exception {
        List<String> commands = ReadmeTutorial.read(Path.of("..", "README.md")).steps().stream()
                .map(ReadmeTutorial.Step::command).toList();

        assertThat(commands.get(0)).isEqualTo("./tributary dev");
        assertThat(commands).contains(". .tributary/dev/endpoints.env",
                "./tributary dlt redrive --topic tributary.handler.webhook-dlt --all");
        assertThat(commands).allSatisfy(command -> assertThat(command).doesNotContain("<id>"));
    }

    @Test
    void shouldReplaceOnlyWhatDiffersFromRunToRun() {
        Map<Integer, Integer> ports = Map.of(23099, 8090, 23095, 15432);

        assertThat(ReadmeTutorial.normalize("[01:42:04] received demo_orders.update       record 1      tenant demo"
                + "  webhook-id 0/19444D8:public.demo_orders:sub_demo_confirmed_orders  signature ok", ports))
                .isEqualTo("[hh:mm:ss] received demo_orders.update record 1 tenant demo webhook-id"
                        + " <lsn>:public.demo_orders:sub_demo_confirmed_orders signature ok");
        assertThat(ReadmeTutorial.normalize("0:0        0/196A350:public.invoices:sub_paid_invoices  4        503"
                + "    tributary.handler.webhook/0/2      RETRIES_EXHAUSTED Listener failed; HTTP 503", ports))
                .isEqualTo("<partition>:<offset> <lsn>:public.invoices:sub_paid_invoices 4 503"
                        + " tributary.handler.webhook/<partition>/<offset> RETRIES_EXHAUSTED Listener failed; HTTP 503");
        assertThat(ReadmeTutorial.normalize("redrove 0/196A350:public.invoices:sub_x (1:12) to t", ports))
                .isEqualTo("redrove <lsn>:public.invoices:sub_x (<partition>:<offset>) to t");
        assertThat(ReadmeTutorial.normalize("2026-12-07T01:43:36.075Z 1      1       DELIVERED   200    x", ports))
                .isEqualTo("<time> 1 1 DELIVERED 200 x");
        assertThat(ReadmeTutorial.normalize("  TRIBUTARY_PG_DSN   postgresql://u:p@127.0.0.1:23095/tributary", ports))
                .isEqualTo("TRIBUTARY_PG_DSN postgresql://u:p@127.0.0.1:15432/tributary");
        assertThat(ReadmeTutorial.normalize("sends to http://127.0.0.1:23098/hooks/orders.", ports))
                .as("a port that is not the test's").isEqualTo("sends to http://127.0.0.1:23098/hooks/orders.");
        assertThat(ReadmeTutorial.normalize("INSERT 0 1", ports)).isEqualTo("INSERT 0 1");
    }

    @Test
    void shouldMatchLineForLineWithDotsForAnyLines() {
        assertThat(ReadmeTutorial.matches(List.of("{", "\"id\" : \"s\",", "...", "}"),
                List.of("{", "\"id\" : \"s\",", "\"name\" : \"n\",", "\"active\" : true", "}"), l -> false)).isTrue();
        assertThat(ReadmeTutorial.matches(List.of("a", "...", "b"), List.of("a", "b"), l -> false)).isTrue();
        assertThat(ReadmeTutorial.matches(List.of("a", "b"), List.of("a", "b", "c"), l -> false)).isFalse();
        assertThat(ReadmeTutorial.matches(List.of("a", "b"), List.of("b", "a"), l -> false)).isFalse();
        assertThat(ReadmeTutorial.matches(List.of("x", "[2]", "[1]"), List.of("x", "[1]", "[2]"),
                l -> l.startsWith("["))).as("lines that arrive in any order").isTrue();
        assertThat(ReadmeTutorial.matches(List.of("x", "[2]", "[1]"), List.of("x", "[1]", "[3]"),
                l -> l.startsWith("["))).isFalse();
        assertThat(ReadmeTutorial.matches(List.of(), List.of("output nobody shows"), l -> false)).isFalse();
    }
}
