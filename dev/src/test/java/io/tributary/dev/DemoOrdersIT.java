package io.tributary.dev;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.testkit.PostgresDatabase;
import io.tributary.testkit.PostgresExtension;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The demo's orders are inserted once per database: a second start finds them and adds nothing. */
@ExtendWith(PostgresExtension.class)
class DemoOrdersIT {

    @Test
    void shouldInsertTheDemoOrdersOnlyOnTheFirstStart(PostgresDatabase server) throws Exception {
        PostgresDatabase database = server.createDatabase("demo_orders");
        database.execute("CREATE TABLE public.demo_orders (id serial PRIMARY KEY, tenant_id text NOT NULL,"
                + " customer text, status text, amount numeric(10,2))");
        boolean first;
        boolean second;
        try (Connection connection = database.connect()) {
            first = Demo.seedDemoOrders(connection);
        }
        try (Connection connection = database.connect()) {
            second = Demo.seedDemoOrders(connection);
        }

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        List<String> rows = new ArrayList<>();
        try (Connection connection = database.connect();
                var result = connection.createStatement().executeQuery(
                        "SELECT id, customer, status, amount FROM public.demo_orders ORDER BY id")) {
            while (result.next()) {
                rows.add(result.getInt(1) + " " + result.getString(2) + " " + result.getString(3) + " "
                        + result.getBigDecimal(4));
            }
        }
        assertThat(rows).containsExactly("1 Ada confirmed 120.00", "2 Grace confirmed 80.50",
                "3 Linus confirmed 42.00");
    }
}
