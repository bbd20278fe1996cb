package io.tributary.testkit;

import io.tributary.localinfra.LocalKafka;
import io.tributary.localinfra.LocalPostgres;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the Kafka broker and the PostgreSQL server of a test JVM once, on first use, and stops them when the JVM
 * exits. The provider is chosen per service:
 * <ol>
 *   <li>an existing one named by {@code TRIBUTARY_TEST_KAFKA} / {@code TRIBUTARY_TEST_PG_URL} (or the system
 *       properties {@code tributary.test.kafka} / {@code tributary.test.pg.url});</li>
 *   <li>containers, when {@code TRIBUTARY_TEST_PROVIDER=testcontainers} (or {@code tributary.test.provider}) and
 *       Docker is available;</li>
 *   <li>otherwise an in-JVM KRaft broker and PostgreSQL from the local server binaries.</li>
 * </ol>
 */
final class TestInfrastructure {

    private static final Logger LOG = LoggerFactory.getLogger(TestInfrastructure.class);
    static final String PG_DIR_PREFIX = "tributary-testkit-pg-";

    private static KafkaCluster kafka;
    private static PostgresDatabase postgres;
    private static RuntimeException kafkaFailure;
    private static RuntimeException postgresFailure;

    private TestInfrastructure() {
    }

    static synchronized KafkaCluster kafka() {
        if (kafkaFailure != null) {
            throw kafkaFailure;
        }
        if (kafka == null) {
            try {
                kafka = startKafka();
            } catch (RuntimeException e) {
                kafkaFailure = new IllegalStateException("Tributary testkit: Kafka could not start: "
                        + e.getMessage(), e);
                throw kafkaFailure;
            }
            announce("Kafka = " + kafka.providerDescription());
        }
        return kafka;
    }

    static synchronized PostgresDatabase postgres() {
        if (postgresFailure != null) {
            throw postgresFailure;
        }
        if (postgres == null) {
            try {
                postgres = startPostgres();
            } catch (RuntimeException e) {
                postgresFailure = new IllegalStateException("Tributary testkit: PostgreSQL could not start: "
                        + e.getMessage(), e);
                throw postgresFailure;
            }
            announce("PostgreSQL = " + postgres.providerDescription());
        }
        return postgres;
    }

    private static KafkaCluster startKafka() {
        String existing = setting("TRIBUTARY_TEST_KAFKA", "tributary.test.kafka");
        if (existing != null) {
            return new KafkaCluster(existing, "existing broker at " + existing + " (TRIBUTARY_TEST_KAFKA)");
        }
        if (containersRequested()) {
            return ContainerProvider.kafka();
        }
        // One partition per topic unless a test says otherwise, and topics made on first use.
        LocalKafka local = LocalKafka.temporary(Map.of("num.partitions", "1", "auto.create.topics.enable", "true"))
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(local::stop, "testkit-kafka-stop"));
        return new KafkaCluster(local.bootstrapServers(), "in-JVM KRaft broker at " + local.bootstrapServers());
    }

    private static PostgresDatabase startPostgres() {
        String existing = setting("TRIBUTARY_TEST_PG_URL", "tributary.test.pg.url");
        if (existing != null) {
            String user = orDefault(setting("TRIBUTARY_TEST_PG_USER", "tributary.test.pg.user"), "tributary");
            String password = orDefault(setting("TRIBUTARY_TEST_PG_PASSWORD", "tributary.test.pg.password"),
                    "tributary");
            return new PostgresDatabase(existing, user, password, "existing database " + existing
                    + " (TRIBUTARY_TEST_PG_URL)");
        }
        if (containersRequested()) {
            return ContainerProvider.postgres();
        }
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        for (Path orphan : LocalPostgres.stopOrphans(tmp, PG_DIR_PREFIX)) {
            announce("stopped a PostgreSQL left by a killed test run in " + orphan);
        }
        LocalPostgres local = new LocalPostgres(LocalPostgres.newTempDir(PG_DIR_PREFIX), 0).start();
        Runtime.getRuntime().addShutdownHook(new Thread(local::stopAndDelete, "testkit-postgres-stop"));
        return new PostgresDatabase(local.jdbcUrl(), LocalPostgres.USER, LocalPostgres.PASSWORD,
                "local server " + local.binDir() + " at 127.0.0.1:" + local.port() + " (wal_level=logical)");
    }

    static boolean containersRequested() {
        return "testcontainers".equalsIgnoreCase(setting("TRIBUTARY_TEST_PROVIDER", "tributary.test.provider"));
    }

    static String setting(String env, String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? null : value;
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }

    private static void announce(String line) {
        LOG.info("Tributary testkit: {}", line);
        System.err.println("Tributary testkit: " + line);
    }
}
