package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.client.TablesClient;
import io.tributary.model.Json;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tributary tables}: which tables the capture reads, changed at runtime. */
@Command(name = "tables", mixinStandardHelpOptions = true,
        description = "Attach, detach and list the tables whose row changes are captured.",
        subcommands = {TablesCommand.Attach.class, TablesCommand.Detach.class, TablesCommand.ListAll.class})
final class TablesCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The capture API options every subcommand takes. */
    static final class Api {
        @Option(names = "--capture-url", paramLabel = "URL",
                description = "capture-service base URL (default: TRIBUTARY_CAPTURE_URL, TRIBUTARY_INGEST_URL or the"
                        + " local stack's).")
        String url;

        @Option(names = "--key", paramLabel = "KEY",
                description = "Admin API key (default: TRIBUTARY_ADMIN_KEY or the local stack's).")
        String key;

        TablesClient client() {
            Endpoints endpoints = Endpoints.fromSystem();
            return new TablesClient(
                    endpoints.require(url, "--capture-url", "TRIBUTARY_CAPTURE_URL", "TRIBUTARY_INGEST_URL"),
                    endpoints.require(key, "TRIBUTARY_ADMIN_KEY", "--key"));
        }
    }

    abstract static class Base implements Callable<Integer> {
        @Mixin
        Api api;

        @Spec
        CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }
    }

    @Command(name = "attach", mixinStandardHelpOptions = true,
            description = {"Start capturing a table's changes, without restarting anything.",
                "Returns once the table's changes are captured: nothing written after it returns is missed."},
            footerHeading = "%nExample:%n",
            footer = "  ./tributary tables attach public.orders --tenant-column company_id --snapshot")
    static final class Attach extends Base {
        @Parameters(paramLabel = "SCHEMA.TABLE", description = {"The table: public.orders; a mixed-case name as"
                + " typed (public.salesOrder) or quoted as in psql ('public.\"salesOrder\"'); without a schema,"
                + " public.", "A table whose REPLICA IDENTITY is not FULL gets it, so its DELETE events keep the"
                + " row's tenant and record key."})
        String table;

        @Option(names = "--tenant-column", paramLabel = "COLUMN",
                description = "The column holding each row's tenant (companyId or '\"companyId\"').")
        String tenantColumn;

        @Option(names = "--snapshot", description = "Also emit the existing rows, as read events (incremental snapshot).")
        boolean snapshot;

        @Override
        public Integer call() {
            ObjectNode answer = api.client().attach(table, tenantColumn, snapshot);
            PrintWriter out = out();
            out.printf("attached %s (tenant column %s, replica identity %s)%s%n", answer.path("name").asText(),
                    answer.path("tenantColumn").isNull() ? "none" : answer.path("tenantColumn").asText(),
                    answer.path("replicaIdentity").asText(),
                    snapshot ? "; its existing rows follow as read events" : "");
            for (JsonNode table : answer.path("replicaIdentitySetFull")) {
                out.printf("set REPLICA IDENTITY FULL on %s: its UPDATE and DELETE events carry the whole old row"
                        + " (tenant, record key, old values)%n", table.asText());
            }
            out.flush();
            printWarnings(answer, spec.commandLine().getErr());
            spec.commandLine().getErr().flush();
            return 0;
        }
    }

    @Command(name = "detach", mixinStandardHelpOptions = true,
            description = "Stop capturing a table attached at runtime; its later changes are not captured.",
            footerHeading = "%nExample:%n", footer = "  ./tributary tables detach public.orders")
    static final class Detach extends Base {
        @Parameters(paramLabel = "SCHEMA.TABLE")
        String table;

        @Override
        public Integer call() {
            api.client().detach(table);
            out().printf("detached %s%n", table);
            out().flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the captured tables.",
            footerHeading = "%nExample:%n", footer = "  ./tributary tables list")
    static final class ListAll extends Base {
        @Option(names = "--json", description = "Print a JSON array instead of a table.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            List<ObjectNode> tables = api.client().list();
            PrintWriter out = out();
            if (json) {
                out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(tables));
            } else {
                String format = "%-36s %-16s %-14s %s%n";
                out.printf(format, "TABLE", "TENANT COLUMN", "ORIGIN", "REPLICA IDENTITY");
                for (ObjectNode table : tables) {
                    out.printf(format, table.path("name").asText(),
                            table.path("tenantColumn").isNull() ? "-" : table.path("tenantColumn").asText(),
                            table.path("origin").asText(), table.path("replicaIdentity").asText("-"));
                }
                for (ObjectNode table : tables) {
                    printWarnings(table, out);
                }
            }
            out.flush();
            return 0;
        }
    }

    static void printWarnings(JsonNode table, PrintWriter out) {
        for (JsonNode warning : table.path("warnings")) {
            out.printf("warning: %s: %s%n", table.path("name").asText(), warning.asText());
        }
    }
}
