package io.tributary.dev;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.client.SubscriptionsClient;
import io.tributary.client.TablesClient;
import io.tributary.dev.StackPlan.Database;
import io.tributary.model.Json;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The demo of {@code ./tributary dev}: the table {@code public.demo_orders} captured, the subscription
 * {@code demo-confirmed-orders} sending its confirmed orders to the demo receiver, and three orders.
 */
final class Demo {

    private Demo() {
    }

    /**
     * Captures {@code public.demo_orders} (made when missing), subscribes its confirmed orders to the receiver's
     * {@code /hooks/orders} (signed with the data directory's demo secret), inserts the orders once and says so.
     */
    static void run(DemoReceiver receiver, Database database, Endpoints endpoints, Path secretFile, PrintStream out)
            throws Exception {
        String secret = StackSecrets.demoSecret(secretFile);
        receiver.trust(secret);
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS public.demo_orders (id serial PRIMARY KEY,"
                    + " tenant_id text NOT NULL, customer text, status text, amount numeric(10,2));"
                    + " ALTER TABLE public.demo_orders REPLICA IDENTITY FULL");
        }
        new TablesClient(endpoints.captureUrl(), endpoints.adminKey()).attach("public.demo_orders", "tenant_id", false);
        SubscriptionsClient subscriptions = new SubscriptionsClient(endpoints.adminUrl(), endpoints.adminKey());
        ObjectNode subscription = (ObjectNode) Json.parse("""
                {"id": "sub_demo_confirmed_orders", "name": "demo-confirmed-orders", "tenant": "demo",
                 "table": "demo_orders", "operations": ["INSERT", "UPDATE"], "type": "WEBHOOK",
                 "filter": {"status": "confirmed"}, "config": {}}""");
        ((ObjectNode) subscription.get("config")).put("url", receiver.url("orders")).put("secret", secret);
        boolean exists = subscriptions.list().stream()
                .anyMatch(s -> s.path("id").asText().equals("sub_demo_confirmed_orders"));
        if (exists) {
            subscriptions.update("sub_demo_confirmed_orders", subscription);
        } else {
            subscriptions.create(subscription);
        }
        boolean seeded;
        try (Connection connection = database.connect()) {
            seeded = seedDemoOrders(connection);
        }
        out.println("Demo: table public.demo_orders is captured; subscription demo-confirmed-orders sends confirmed"
                + " orders to " + receiver.url("orders") + ".");
        out.println(seeded ? "Demo: inserted Ada (draft), Grace and Linus (confirmed), then confirmed Ada; deliveries:"
                : "Demo: its orders are there from an earlier start (not inserted again); new deliveries:");
        out.println("      (try: psql \"" + endpoints.values().get("TRIBUTARY_PG_DSN") + "\" -c \"INSERT INTO"
                + " demo_orders (tenant_id, customer, status, amount) VALUES ('demo', 'Mia', 'confirmed', 9.99)\")");
    }

    /**
     * Inserts the demo's orders and confirms Ada's, in one transaction, only into an empty {@code demo_orders}:
     * the next start resumes with the same rows instead of adding them again. Returns whether it inserted them.
     */
    static boolean seedDemoOrders(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            // The lock makes two concurrent starts on one database insert once.
            statement.execute("LOCK TABLE public.demo_orders IN SHARE ROW EXCLUSIVE MODE");
            boolean empty;
            try (var rows = statement.executeQuery("SELECT NOT EXISTS (SELECT 1 FROM public.demo_orders)")) {
                empty = rows.next() && rows.getBoolean(1);
            }
            if (empty) {
                statement.execute("INSERT INTO public.demo_orders (tenant_id, customer, status, amount) VALUES"
                        + " ('demo', 'Ada', 'draft', 120.00), ('demo', 'Grace', 'confirmed', 80.50),"
                        + " ('demo', 'Linus', 'confirmed', 42.00)");
                statement.execute("UPDATE public.demo_orders SET status = 'confirmed' WHERE customer = 'Ada'"
                        + " AND status = 'draft'");
            }
            connection.commit();
            return empty;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}
