package io.tributary.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.EventEnvelope;
import io.tributary.model.Json;
import io.tributary.model.filter.Filter;
import io.tributary.model.filter.FilterCompiler;
import io.tributary.model.filter.Where;
import io.tributary.model.filter.WhereCompiler;
import io.tributary.console.api.SearchParameters;
import io.tributary.console.ledger.LedgerQuery;
import io.tributary.console.ledger.LedgerSearch;
import io.tributary.testkit.KafkaCluster;
import io.tributary.testkit.KafkaExtension;
import io.tributary.testkit.PostgresDatabase;
import io.tributary.testkit.PostgresExtension;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The {@code filter} of the ledger's search is PostgreSQL's {@code @>} on the stored events, and it answers exactly
 * what a brute-force scan of the same events with the model's containment matcher (the one subscriptions use)
 * answers: over 1,000 generated queries (seeded) against 400 generated events that went through the broker.
 * Row changes are tested on {@code new} ({@code old} for a DELETE), application events on their whole data. The
 * {@code where} of the search answers what the model's compiled where (the router's) answers on the same events,
 * over 1,000 generated where clauses, alone and with a filter, on one page and followed page by page through a
 * search that reads few rows per page.
 */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsoleFilterSearchIT {

    static final String ADMIN_KEY = "console-admin-key-0123456789";
    static final long SEED = 21;
    static final int EVENTS = 400;
    static final int QUERIES = 1000;
    static PostgresDatabase db;

    static final String[] STATUSES = {"confirmed", "draft", "cancelled"};
    static final String[] AMOUNTS = {"1", "1.0", "2.50", "2.5", "10", "-3", "1e2", "100"};
    static final String[] TAGS = {"a", "b", "c", "d"};
    static final String[] TIERS = {"gold", "silver"};
    static final String[] COUNTRIES = {"DE", "FR", "US"};

    @Value("${local.server.port}")
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        db = PostgresExtension.database().createDatabase("console_filter");
        KafkaCluster kafka = KafkaExtension.cluster();
        kafka.createTopics(3, "cf.events");
        registry.add("spring.kafka.bootstrap-servers", kafka::bootstrapServers);
        ConsoleTestProperties.ledger(registry, db);
        registry.add("tributary.console.topic-prefix", () -> "cf");
        registry.add("tributary.console.group-id", () -> "cf-console");
        registry.add("tributary.console.topic-discovery", () -> "PT1S");
        // The events are of April 2026: the retention's first sweep (a minute after start) must leave them.
        registry.add("tributary.console.retention.history", () -> "P3650D");
        registry.add("tributary.console.retention.payloads", () -> "P3650D");
        registry.add("tributary.api.key-store", () -> "");
        ConsoleTestProperties.adminKey(registry, ADMIN_KEY);
    }

    @Test
    void shouldAnswerEveryFilterExactlyAsABruteForceScanWithTheSubscriptionMatcher() throws Exception {
        Random random = new Random(SEED);
        Instant base = Instant.parse("2026-04-01T00:00:00Z");
        List<EventEnvelope> events = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaExtension.cluster().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < EVENTS; i++) {
                ObjectNode json = event(random, i, base.plusSeconds(i));
                events.add(EventEnvelope.fromJson(json));
                producer.send(new ProducerRecord<>("cf.events", "ft/" + i, Json.write(json)));
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> storedEvents() == EVENTS);

        int nonEmpty = 0;
        int partial = 0;
        long started = System.nanoTime();
        for (int q = 0; q < QUERIES; q++) {
            ObjectNode filter = random.nextInt(2) == 0
                    ? drawnFrom(random, events.get(random.nextInt(EVENTS)).filterSubject())
                    : invented(random);
            Filter matcher = FilterCompiler.compile(filter);
            Set<String> expected = new TreeSet<>();
            for (EventEnvelope event : events) {
                if (matcher.test(event.filterSubject())) {
                    expected.add(event.id());
                }
            }
            JsonNode page = search(filter);
            Set<String> found = new TreeSet<>();
            page.get("items").forEach(item -> found.add(item.get("id").asText()));
            assertThat(found).as("query %d: filter %s", q, Json.write(filter)).isEqualTo(expected);
            assertThat(page.has("next")).isFalse();
            nonEmpty += expected.isEmpty() ? 0 : 1;
            partial += !expected.isEmpty() && expected.size() < EVENTS ? 1 : 0;
        }
        System.out.printf("ConsoleFilterSearchIT: %d queries over %d events, %d found something, %d found some but"
                + " not all; %d ms in all through the HTTP API%n", QUERIES, EVENTS, nonEmpty, partial,
                (System.nanoTime() - started) / 1_000_000);
        // The queries are not vacuous: most find something, and most of those not everything.
        assertThat(nonEmpty).isGreaterThan(QUERIES / 3);
        assertThat(partial).isGreaterThan(QUERIES / 3);

        // where: the model's own evaluator decides, through the API on one page, and page by page through a search
        // that reads 23 rows per query and at most 60 per page (so most pages end at the scan bound with a cursor).
        LedgerSearch narrow = new LedgerSearch(jdbc, 23, 60);
        int whereNonEmpty = 0;
        int wherePartial = 0;
        int partialPages = 0;
        for (int q = 0; q < QUERIES; q++) {
            ObjectNode where = where(random, 2);
            ObjectNode filter = random.nextInt(4) == 0 ? invented(random) : null;
            Where condition = WhereCompiler.compile(where);
            Filter matcher = filter == null ? null : FilterCompiler.compile(filter);
            List<String> expected = new ArrayList<>();
            for (int i = events.size() - 1; i >= 0; i--) {
                EventEnvelope event = events.get(i);
                if (condition.test(event) && (matcher == null || matcher.test(event.filterSubject()))) {
                    expected.add(event.id());
                }
            }
            String parameters = "&where=" + URLEncoder.encode(Json.write(where), StandardCharsets.UTF_8)
                    + (filter == null ? "" : "&filter=" + URLEncoder.encode(Json.write(filter),
                            StandardCharsets.UTF_8));
            JsonNode page = get("/v1/events?tenant=ft&limit=1000" + parameters, 200);
            List<String> found = new ArrayList<>();
            page.get("items").forEach(item -> found.add(item.get("id").asText()));
            assertThat(found).as("query %d: where %s filter %s", q, Json.write(where), filter)
                    .isEqualTo(expected);
            assertThat(page.has("next")).isFalse();
            if (q % 10 == 0) {
                List<String> paged = new ArrayList<>();
                LedgerQuery.Cursor cursor = null;
                int pages = 0;
                do {
                    Map<String, String[]> given = new java.util.HashMap<>(Map.of("tenant", new String[] {"ft"},
                            "limit", new String[] {"7"}, "where", new String[] {Json.write(where)}));
                    if (filter != null) {
                        given.put("filter", new String[] {Json.write(filter)});
                    }
                    if (cursor != null) {
                        given.put("cursor", new String[] {SearchParameters.cursor(cursor)});
                    }
                    LedgerSearch.Page one = narrow.events(SearchParameters.read(given,
                            SearchParameters.EVENTS));
                    assertThat(one.items()).hasSizeLessThanOrEqualTo(7);
                    partialPages += one.next() != null && one.items().size() < 7 ? 1 : 0;
                    one.items().forEach(item -> paged.add(item.get("id").asText()));
                    cursor = one.next();
                    assertThat(++pages).as("pages of query %d", q).isLessThanOrEqualTo(EVENTS);
                } while (cursor != null);
                assertThat(paged).as("paged query %d: where %s", q, Json.write(where)).isEqualTo(expected);
            }
            whereNonEmpty += expected.isEmpty() ? 0 : 1;
            wherePartial += !expected.isEmpty() && expected.size() < EVENTS ? 1 : 0;
        }
        System.out.printf("ConsoleFilterSearchIT: %d where clauses over %d events, %d found something, %d found some"
                + " but not all; %d pages ended at the scan bound%n", QUERIES, EVENTS, whereNonEmpty, wherePartial,
                partialPages);
        // Where clauses are stricter than filters (most operators fail on a missing path): still not vacuous.
        assertThat(whereNonEmpty).isGreaterThan(QUERIES / 5);
        assertThat(wherePartial).isGreaterThan(QUERIES / 10);
        assertThat(partialPages).isGreaterThan(10);
        JsonNode refused = get("/v1/events?where=" + URLEncoder.encode("{\"new.amount\": {\"$gt\": []}}",
                StandardCharsets.UTF_8), 400);
        assertThat(refused.get("details").get(0).get("path").asText()).isEqualTo("where.new.amount.$gt");

        // The same search from the command line, over pages of 25 (--all follows the cursor to the end).
        Filter confirmed = FilterCompiler.compile(Json.parse("{\"status\": \"confirmed\"}"));
        List<String> expected = new ArrayList<>();
        for (int i = events.size() - 1; i >= 0; i--) {
            if (confirmed.test(events.get(i).filterSubject())) {
                expected.add(events.get(i).id());
            }
        }
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int exit = new picocli.CommandLine(new io.tributary.cli.TributaryCommand())
                .setOut(new java.io.PrintWriter(out)).setErr(new java.io.PrintWriter(err))
                .execute("search", "events", "--filter", "{\"status\": \"confirmed\"}", "--limit", "25", "--all",
                        "--console-url", "http://127.0.0.1:" + port, "--key", ADMIN_KEY);
        assertThat(exit).as("tributary search: %s", err).isZero();
        assertThat(out.toString().lines().map(line -> Json.parse(line).get("id").asText()).toList())
                .as("newest first, every page").isEqualTo(expected);
        assertThat(expected.size()).isGreaterThan(25);

        // --where from the command line: the same answer, and a refused where named with its reason.
        Where bigOrders = WhereCompiler.compile(Json.parse("{\"new.amount\": {\"$gte\": \"10\"}}"));
        List<String> big = new ArrayList<>();
        for (int i = events.size() - 1; i >= 0; i--) {
            if (bigOrders.test(events.get(i))) {
                big.add(events.get(i).id());
            }
        }
        assertThat(big).isNotEmpty();
        out = new java.io.StringWriter();
        err = new java.io.StringWriter();
        exit = new picocli.CommandLine(new io.tributary.cli.TributaryCommand())
                .setOut(new java.io.PrintWriter(out)).setErr(new java.io.PrintWriter(err))
                .execute("search", "events", "--where", "{\"new.amount\": {\"$gte\": \"10\"}}", "--limit", "10",
                        "--all", "--console-url", "http://127.0.0.1:" + port, "--key", ADMIN_KEY);
        assertThat(exit).as("tributary search --where: %s", err).isZero();
        assertThat(out.toString().lines().map(line -> Json.parse(line).get("id").asText()).toList()).isEqualTo(big);
        err = new java.io.StringWriter();
        exit = new picocli.CommandLine(new io.tributary.cli.TributaryCommand())
                .setOut(new java.io.PrintWriter(new java.io.StringWriter())).setErr(new java.io.PrintWriter(err))
                .execute("search", "events", "--where", "{\"new.amount\": {\"$between\": [1, 2]}}",
                        "--console-url", "http://127.0.0.1:" + port, "--key", ADMIN_KEY);
        assertThat(exit).isNotZero();
        assertThat(err.toString()).contains("where.new.amount.$between: unknown operator '$between'");

        // Expunge one record, then the whole tenant: nothing of them is found afterwards.
        EventEnvelope row = events.stream().filter(event -> event.recordId() != null).findFirst().orElseThrow();
        JsonNode byRecord = expunge("{\"recordId\": \"" + row.recordId() + "\", \"tenant\": \"ft\"}", 200);
        assertThat(byRecord.get("deleted").get("events").asInt()).isEqualTo(1);
        assertThat(search(Json.mapper().createObjectNode()).get("items")).noneMatch(item ->
                item.get("id").asText().equals(row.id()));
        JsonNode byTenant = expunge("{\"tenant\": \"ft\"}", 200);
        assertThat(byTenant.get("deleted").get("events").asInt()).isEqualTo(EVENTS - 1);
        assertThat(storedEvents()).isZero();
        assertThat(expunge("{\"tenants\": \"ft\"}", 400).get("details").get(0).get("reason").asText())
                .isEqualTo("unknown field; expected tenant or recordId");
    }

    JsonNode expunge(String body, int status) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/v1/ledger/expunge")).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + ADMIN_KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return Json.parse(response.body());
    }

    static ObjectNode event(Random random, int i, Instant time) {
        int kind = random.nextInt(4);
        ObjectNode row = row(random);
        if (kind == 3) {
            return LedgerFixtures.applicationEvent("fe-" + i, "ft", "invoice.created", row, time);
        }
        String operation = kind == 0 ? "INSERT" : kind == 1 ? "UPDATE" : "DELETE";
        return LedgerFixtures.rowChange("fe-" + i, "ft", "salesOrder", operation, "so_" + i,
                operation.equals("DELETE") ? null : row, operation.equals("INSERT") ? null : row(random), time);
    }

    static ObjectNode row(Random random) {
        ObjectNode row = Json.mapper().createObjectNode();
        row.put("status", STATUSES[random.nextInt(STATUSES.length)]);
        if (random.nextInt(4) > 0) {
            row.set("amount", Json.parse(AMOUNTS[random.nextInt(AMOUNTS.length)]));
        }
        if (random.nextInt(3) > 0) {
            ArrayNode tags = row.putArray("tags");
            for (int t = random.nextInt(4); t > 0; t--) {
                tags.add(TAGS[random.nextInt(TAGS.length)]);
            }
        }
        if (random.nextInt(3) > 0) {
            ObjectNode customer = row.putObject("customer");
            customer.put("tier", TIERS[random.nextInt(TIERS.length)]);
            if (random.nextBoolean()) {
                customer.put("country", COUNTRIES[random.nextInt(COUNTRIES.length)]);
            }
        }
        switch (random.nextInt(4)) {
            case 0 -> row.put("paid", true);
            case 1 -> row.put("paid", false);
            case 2 -> row.putNull("paid");
            default -> { }
        }
        return row;
    }

    /** Part of a real subject: some of its fields, some elements of its arrays, part of its objects. */
    static ObjectNode drawnFrom(Random random, JsonNode subject) {
        ObjectNode filter = Json.mapper().createObjectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = subject.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (random.nextInt(3) == 0) {
                filter.set(field.getKey(), part(random, field.getValue()));
            }
        }
        return filter;
    }

    static JsonNode part(Random random, JsonNode value) {
        if (value.isArray()) {
            ArrayNode some = Json.mapper().createArrayNode();
            value.forEach(element -> {
                if (random.nextBoolean()) {
                    some.add(element);
                }
            });
            return some;
        }
        if (value.isObject()) {
            return drawnFrom(random, value);
        }
        return value;
    }

    /** A filter from the same vocabulary, including the shapes containment treats specially. */
    static ObjectNode invented(Random random) {
        ObjectNode filter = Json.mapper().createObjectNode();
        for (int k = random.nextInt(3); k >= 0; k--) {
            switch (random.nextInt(9)) {
                case 0 -> filter.put("status", STATUSES[random.nextInt(STATUSES.length)]);
                case 1 -> filter.set("amount", Json.parse(AMOUNTS[random.nextInt(AMOUNTS.length)]));
                case 2 -> filter.putArray("tags").add(TAGS[random.nextInt(TAGS.length)]);
                case 3 -> filter.put("tags", TAGS[random.nextInt(TAGS.length)]);
                case 4 -> filter.putObject("customer").put("country", COUNTRIES[random.nextInt(COUNTRIES.length)]);
                case 5 -> filter.putObject("customer");
                case 6 -> filter.putNull("paid");
                case 7 -> filter.put("paid", random.nextBoolean());
                default -> filter.putArray("tags").add(TAGS[random.nextInt(TAGS.length)])
                        .add(TAGS[random.nextInt(TAGS.length)]);
            }
        }
        return filter;
    }

    static final String[] PATHS = {"new.status", "data.status", "old.status", "new.amount", "data.amount",
        "new.customer.tier", "data.customer.country", "new.tags.0", "new.paid", "type", "operation", "recordId",
        "subject", "tenant", "new.missing"};

    /** A where from the events' vocabulary: every operator, kinds compared across (numbers spelled as strings). */
    static ObjectNode where(Random random, int depth) {
        ObjectNode where = Json.mapper().createObjectNode();
        for (int k = random.nextInt(2); k >= 0; k--) {
            int shape = random.nextInt(depth > 0 ? 12 : 9);
            switch (shape) {
                case 9 -> {
                    ArrayNode any = where.putArray(random.nextBoolean() ? "$or" : "$and");
                    any.add(where(random, depth - 1)).add(where(random, depth - 1));
                }
                case 10 -> where.set("$not", where(random, depth - 1));
                case 11 -> where.putArray("$changed").add(random.nextBoolean() ? "status" : "amount");
                default -> where.set(PATHS[random.nextInt(PATHS.length)], condition(random));
            }
        }
        return where;
    }

    static JsonNode condition(Random random) {
        ObjectNode operators = Json.mapper().createObjectNode();
        switch (random.nextInt(12)) {
            case 0 -> { return value(random); }
            case 1 -> operators.set("$ne", value(random));
            case 2 -> operators.putArray("$in").add(value(random)).add(value(random));
            case 3 -> operators.putArray("$nin").add(value(random));
            case 4 -> operators.put("$exists", random.nextBoolean());
            case 5 -> operators.set(random.nextBoolean() ? "$gt" : "$gte", number(random));
            case 6 -> operators.set(random.nextBoolean() ? "$lt" : "$lte", number(random));
            case 7 -> operators.put("$prefix", random.nextBoolean() ? "salesOrder." : "c");
            case 8 -> operators.put("$suffix", random.nextBoolean() ? "ed" : "t");
            case 9 -> operators.put("$contains", random.nextBoolean() ? "an" : "so_1");
            case 10 -> operators.put("$regex", random.nextBoolean() ? "^so_[0-9]{2}$" : "(draft|gold)");
            default -> operators.putObject("$not").set("$in", Json.mapper().createArrayNode().add(value(random)));
        }
        return operators;
    }

    static JsonNode number(Random random) {
        return random.nextBoolean() ? Json.parse(AMOUNTS[random.nextInt(AMOUNTS.length)])
                : Json.mapper().getNodeFactory().textNode(AMOUNTS[random.nextInt(AMOUNTS.length)]);
    }

    static JsonNode value(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> Json.mapper().getNodeFactory().textNode(STATUSES[random.nextInt(STATUSES.length)]);
            case 1 -> number(random);
            case 2 -> Json.mapper().getNodeFactory().textNode(TIERS[random.nextInt(TIERS.length)]);
            case 3 -> Json.mapper().getNodeFactory().booleanNode(random.nextBoolean());
            case 4 -> Json.mapper().getNodeFactory().textNode(random.nextBoolean() ? "UPDATE" : "invoice.created");
            default -> Json.mapper().getNodeFactory().textNode(TAGS[random.nextInt(TAGS.length)]);
        };
    }

    JsonNode get(String pathAndQuery, int status) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + pathAndQuery)).header("Authorization", "Bearer " + ADMIN_KEY).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return Json.parse(response.body());
    }

    JsonNode search(ObjectNode filter) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/v1/events?tenant=ft&limit=1000&filter=" + URLEncoder.encode(Json.write(filter),
                        StandardCharsets.UTF_8))).header("Authorization", "Bearer " + ADMIN_KEY).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.parse(response.body());
    }

    static long storedEvents() throws Exception {
        try (Connection connection = db.connect();
                ResultSet rs = connection.createStatement().executeQuery(
                        "SELECT count(*) FROM tributary_console.events WHERE tenant = 'ft'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
