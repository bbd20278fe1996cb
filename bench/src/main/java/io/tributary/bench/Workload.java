package io.tributary.bench;

import io.tributary.model.EventEnvelope;
import io.tributary.model.Json;
import io.tributary.model.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The benchmark's subscriptions and events, the same for Tributary and event-ruler: {@code tenants} tenants with
 * {@code perTenant} subscriptions each, every one selecting a table and an exact filter on two columns, and events
 * drawn from the same value sets so that some match. Fixed seed: every run measures the same work.
 */
final class Workload {

    static final String[] TABLES = {"orders", "invoices", "customers", "shipments"};
    static final String[] STATUSES = {"draft", "confirmed", "paid", "shipped", "cancelled"};
    static final String[] REGIONS = {"eu", "us", "apac", "latam"};

    record Rule(String id, String tenant, String table, String status, String region) {

        Subscription subscription() {
            return Subscription.fromJson(Json.parse("{\"id\": \"" + id + "\", \"name\": \"" + id + "\", \"tenant\": \""
                    + tenant + "\", \"table\": \"" + table + "\", \"type\": \"SEARCH\", \"filter\": {\"status\": \""
                    + status + "\", \"region\": \"" + region + "\"}}"));
        }

        /** The event-ruler pattern with the same meaning. */
        String rulerPattern() {
            return "{\"tenant\": [\"" + tenant + "\"], \"data\": {\"table\": [\"" + table + "\"], \"new\": {\"status\":"
                    + " [\"" + status + "\"], \"region\": [\"" + region + "\"]}}}";
        }
    }

    final List<Rule> rules = new ArrayList<>();
    final List<EventEnvelope> events = new ArrayList<>();
    final List<String> eventJson = new ArrayList<>();

    Workload(int tenants, int perTenant, int eventCount) {
        Random random = new Random(42);
        for (int t = 0; t < tenants; t++) {
            for (int s = 0; s < perTenant; s++) {
                rules.add(new Rule("sub_" + t + "_" + s, "co_" + t, TABLES[random.nextInt(TABLES.length)],
                        STATUSES[random.nextInt(STATUSES.length)], REGIONS[random.nextInt(REGIONS.length)]));
            }
        }
        for (int e = 0; e < eventCount; e++) {
            String json = "{\"specversion\": \"1.0\", \"id\": \"0/" + Integer.toHexString(e) + ":public.x\","
                    + " \"source\": \"/postgres/shop/public/x\", \"type\": \"x.update\", \"tenant\": \"co_"
                    + random.nextInt(tenants) + "\", \"data\": {\"table\": \"" + TABLES[random.nextInt(TABLES.length)]
                    + "\", \"schema\": \"public\", \"operation\": \"UPDATE\", \"recordId\": \"" + e + "\", \"new\":"
                    + " {\"id\": " + e + ", \"status\": \"" + STATUSES[random.nextInt(STATUSES.length)]
                    + "\", \"region\": \"" + REGIONS[random.nextInt(REGIONS.length)] + "\", \"amount\": "
                    + random.nextInt(10_000) + ".25, \"note\": \"customer " + e + "\"}, \"old\": null,"
                    + " \"changed\": [\"status\"]}}";
            eventJson.add(json);
            events.add(EventEnvelope.fromJson(Json.parse(json)));
        }
    }
}
