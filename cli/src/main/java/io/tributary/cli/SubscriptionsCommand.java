package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.client.SubscriptionsClient;
import io.tributary.model.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tributary subscriptions}: manage subscriptions through the admin API. */
@Command(name = "subscriptions", mixinStandardHelpOptions = true,
        description = "Create, list, change, pause and delete subscriptions through the admin API.",
        subcommands = {SubscriptionsCommand.Create.class, SubscriptionsCommand.ListAll.class,
            SubscriptionsCommand.Get.class, SubscriptionsCommand.Update.class, SubscriptionsCommand.Delete.class,
            SubscriptionsCommand.Pause.class, SubscriptionsCommand.Resume.class})
final class SubscriptionsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The admin API options every subcommand takes. */
    static final class Api {
        @Option(names = "--admin-url", paramLabel = "URL",
                description = "Admin API base URL (default: TRIBUTARY_ADMIN_URL or the local stack's).")
        String url;

        @Option(names = "--key", paramLabel = "KEY",
                description = "API key (default: TRIBUTARY_ADMIN_KEY or the local stack's).")
        String key;

        SubscriptionsClient client() {
            Endpoints endpoints = Endpoints.fromSystem();
            return new SubscriptionsClient(endpoints.require(url, "TRIBUTARY_ADMIN_URL", "--admin-url"),
                    endpoints.require(key, "TRIBUTARY_ADMIN_KEY", "--key"));
        }
    }

    abstract static class Base implements Callable<Integer> {
        @Mixin
        Api api;

        @Spec
        CommandSpec spec;

        void print(JsonNode json) throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json));
            out.flush();
        }

        static JsonNode read(Path file) throws IOException {
            String text = file.toString().equals("-") ? new String(System.in.readAllBytes())
                    : Files.readString(file);
            try {
                return Json.parse(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
            }
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a subscription from a JSON file.",
            footerHeading = "%nExample:%n", footer = "  ./tributary subscriptions create -f notify-confirmed.json")
    static final class Create extends Base {
        @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "JSON file; - for stdin.")
        Path file;

        @Override
        public Integer call() throws IOException {
            print(api.client().create(read(file)));
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the subscriptions the key may see.",
            footerHeading = "%nExample:%n", footer = "  ./tributary subscriptions list --json")
    static final class ListAll extends Base {
        @Option(names = "--json", description = "Print a JSON array instead of a table.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            List<ObjectNode> all = api.client().list();
            if (json) {
                print(Json.mapper().valueToTree(all));
                return 0;
            }
            PrintWriter out = spec.commandLine().getOut();
            String format = "%-28s %-28s %-12s %-9s %-24s %s%n";
            out.printf(format, "ID", "NAME", "TENANT", "TYPE", "SELECTS", "ACTIVE");
            for (ObjectNode s : all) {
                String selects = s.hasNonNull("table") ? "table " + s.get("table").asText()
                        : "events " + s.path("eventType").asText();
                out.printf(format, s.get("id").asText(), s.path("name").asText(),
                        s.path("tenant").isNull() ? "(global)" : s.path("tenant").asText(), s.path("type").asText(),
                        selects, s.path("active").asBoolean());
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Print one subscription as JSON.",
            footerHeading = "%nExample:%n", footer = "  ./tributary subscriptions get sub_0a1b2c")
    static final class Get extends Base {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() throws IOException {
            print(api.client().get(id));
            return 0;
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true, description = "Replace a subscription from a JSON file.",
            footerHeading = "%nExample:%n", footer = "  ./tributary subscriptions update sub_0a1b2c -f notify.json")
    static final class Update extends Base {
        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "JSON file; - for stdin.")
        Path file;

        @Override
        public Integer call() throws IOException {
            print(api.client().update(id, read(file)));
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a subscription; matching stops at once.",
            footerHeading = "%nExample:%n", footer = "  ./tributary subscriptions delete sub_0a1b2c")
    static final class Delete extends Base {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            api.client().delete(id);
            spec.commandLine().getOut().println("deleted " + id);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Stop matching, keeping the subscription.",
            footerHeading = "%nExample:%n", footer = "  ./tributary subscriptions pause sub_0a1b2c")
    static final class Pause extends Base {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() throws IOException {
            print(api.client().pause(id));
            return 0;
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Start matching a paused subscription again.",
            footerHeading = "%nExample:%n", footer = "  ./tributary subscriptions resume sub_0a1b2c")
    static final class Resume extends Base {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() throws IOException {
            print(api.client().resume(id));
            return 0;
        }
    }
}
