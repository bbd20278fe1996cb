package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.model.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tributary search}: the console's ledger search ({@code GET /v1/events}, {@code /v1/deliveries},
 * {@code /v1/dead-letters}) from the command line, newest first, one JSON object per line. The parameters are the
 * API's, checked by the console, which names any it refuses with the reason.
 */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = {"Search the console's ledger of events, deliveries or dead letters, newest first; one JSON"
                + " object per line.",
            "Every parameter of the console's search API can be given with --param; the common ones have options."},
        footerHeading = "%nExamples:%n",
        footer = {"  ./tributary search deliveries --tenant acme --param outcome=DEAD_LETTER",
            "  ./tributary search events --filter '{\"status\": \"confirmed\"}' --param type='orders.*' --limit 20",
            "  ./tributary search events --where '{\"new.amount\": {\"$gt\": 1000}}' --all",
            "  ./tributary search dead-letters --param reasonCode=PERMANENT_HTTP_STATUS --all"})
final class SearchCommand implements Callable<Integer> {

    /** What can be searched: the API's path under {@code /v1/}. */
    enum Kind {
        events, deliveries, dead_letters;

        String path() {
            return "/v1/" + name().replace('_', '-');
        }

        static Kind of(String text) {
            for (Kind kind : values()) {
                if (kind.name().replace('_', '-').equals(text)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("search what: events, deliveries or dead-letters, got '" + text + "'");
        }
    }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "WHAT", description = "events, deliveries or dead-letters.")
    String what;

    @Option(names = "--tenant", paramLabel = "TENANT", description = "Only this tenant's.")
    String tenant;

    @Option(names = "--filter", paramLabel = "JSON",
            description = "Containment over the event's data, as a subscription's filter: {\"status\": \"paid\"}.")
    String filter;

    @Option(names = "--where", paramLabel = "JSON",
            description = "A condition on the whole event, as a subscription's where:"
                    + " {\"new.amount\": {\"$gt\": 1000}}.")
    String where;

    @Option(names = "--from", paramLabel = "TIME", description = "From this time on (ISO-8601, such as"
            + " 2024-01-15T10:00:00Z).")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "Before this time (ISO-8601).")
    String to;

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE",
            description = "Any other parameter of the search: type, subscription, outcome, status (503, 5xx),"
                    + " recordId, eventId, deliveryId, endpoint, table, topic, reasonCode, ...")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
            description = "Results per page, 1 to 1000 (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--cursor", paramLabel = "CURSOR", description = "Continue after a page (as printed after it).")
    String cursor;

    @Option(names = "--all", description = "Follow every page to the end instead of printing where to continue.")
    boolean all;

    @Option(names = "--console-url", paramLabel = "URL",
            description = "Console base URL (default: TRIBUTARY_CONSOLE_URL or the local stack's).")
    String url;

    @Option(names = "--key", paramLabel = "KEY", description = "Admin API key (default: TRIBUTARY_ADMIN_KEY or the"
            + " local stack's).")
    String key;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Kind kind = Kind.of(what);
        Endpoints endpoints = Endpoints.fromSystem();
        String base = consoleBase(endpoints);
        String adminKey = endpoints.require(key, "TRIBUTARY_ADMIN_KEY", "--key");
        PrintWriter out = spec.commandLine().getOut();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String next = cursor;
        int printed = 0;
        do {
            URI uri = URI.create(base + kind.path() + "?" + query(next));
            HttpResponse<String> response;
            try {
                response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                        .header("Authorization", "Bearer " + adminKey).GET().build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (java.net.ConnectException e) {
                throw new IllegalStateException("cannot reach the console at " + base + ": start it (./tributary"
                        + " dev runs one) or pass --console-url", e);
            }
            JsonNode body = parse(response);
            for (JsonNode item : body.path("items")) {
                out.println(Json.write(item));
                printed++;
            }
            next = body.hasNonNull("next") ? body.get("next").asText() : null;
        } while (all && next != null);
        out.flush();
        if (next != null) {
            spec.commandLine().getErr().println(printed + " shown; more with --cursor " + next);
        } else if (printed == 0) {
            spec.commandLine().getErr().println("nothing found");
        }
        return 0;
    }

    /**
     * Where the console's API is: {@code --console-url}, else {@code TRIBUTARY_CONSOLE_URL} (of the environment or the
     * local stack's {@code endpoints.env}), given as the console's base or as its pages' address
     * ({@code http://127.0.0.1:8085/console}, as the local stack prints it); without a trailing slash.
     */
    String consoleBase(Endpoints endpoints) {
        String given = endpoints.require(url, "TRIBUTARY_CONSOLE_URL", "--console-url");
        return given.replaceAll("/+$", "").replaceAll("/console$", "");
    }

    /** The query string of one page: the options, then {@code --param}s, URL-encoded. */
    String query(String pageCursor) {
        Map<String, String> values = new LinkedHashMap<>();
        putIfSet(values, "tenant", tenant);
        putIfSet(values, "filter", filter);
        putIfSet(values, "where", where);
        putIfSet(values, "from", from);
        putIfSet(values, "to", to);
        values.put("limit", Integer.toString(limit));
        params.forEach((name, value) -> {
            if (values.containsKey(name)) {
                throw new IllegalArgumentException("--param " + name + " is given twice; use --" + name + " or"
                        + " --param " + name + "=..., once");
            }
            values.put(name, value);
        });
        putIfSet(values, "cursor", pageCursor);
        List<String> pairs = new ArrayList<>();
        values.forEach((name, value) -> pairs.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return String.join("&", pairs);
    }

    private static void putIfSet(Map<String, String> values, String name, String value) {
        if (value != null) {
            values.put(name, value);
        }
    }

    /** The answer's JSON, or the console's refusal as one line: its error and each field's reason. */
    private static JsonNode parse(HttpResponse<String> response) {
        JsonNode body;
        try {
            body = Json.parse(response.body());
        } catch (RuntimeException notJson) {
            throw new IllegalStateException("the console answered HTTP " + response.statusCode() + " with no JSON"
                    + " body (is --console-url the console's?)");
        }
        if (response.statusCode() != 200) {
            StringBuilder reason = new StringBuilder(body.path("error").asText("HTTP " + response.statusCode()));
            for (JsonNode detail : body.path("details")) {
                String each = detail.path("path").asText() + ": " + detail.path("reason").asText();
                if (reason.indexOf(each) < 0) {
                    reason.append("; ").append(each);
                }
            }
            throw new IllegalArgumentException("the console refused the search (HTTP " + response.statusCode()
                    + "): " + reason);
        }
        return body;
    }
}
