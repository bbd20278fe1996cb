package io.tributary.testkit;

import io.tributary.localinfra.LocalPostgres;

/**
 * Kafka and PostgreSQL in containers, for users with a Docker engine. Only this class touches Testcontainers, and
 * only when that provider is chosen, so the default providers never need it on the class path.
 */
final class ContainerProvider {

    static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
    static final String POSTGRES_IMAGE = "postgres:15";

    private ContainerProvider() {
    }

    static KafkaCluster kafka() {
        requireDocker();
        var container = new org.testcontainers.kafka.KafkaContainer(KAFKA_IMAGE);
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "testkit-kafka-container-stop"));
        return new KafkaCluster(container.getBootstrapServers(), "container " + KAFKA_IMAGE + " at "
                + container.getBootstrapServers());
    }

    static PostgresDatabase postgres() {
        requireDocker();
        var container = new org.testcontainers.postgresql.PostgreSQLContainer(POSTGRES_IMAGE)
                .withDatabaseName(LocalPostgres.DATABASE)
                .withUsername(LocalPostgres.USER)
                .withPassword(LocalPostgres.PASSWORD)
                .withCommand("postgres", "-c", "wal_level=logical", "-c", "max_replication_slots=20",
                        "-c", "max_wal_senders=20");
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "testkit-postgres-container-stop"));
        return new PostgresDatabase(container.getJdbcUrl(), LocalPostgres.USER, LocalPostgres.PASSWORD,
                "container " + POSTGRES_IMAGE + " at " + container.getJdbcUrl() + " (wal_level=logical)");
    }

    private static void requireDocker() {
        try {
            if (!org.testcontainers.DockerClientFactory.instance().isDockerAvailable()) {
                throw new IllegalStateException("TRIBUTARY_TEST_PROVIDER=testcontainers, but no Docker engine"
                        + " answers; start Docker or unset TRIBUTARY_TEST_PROVIDER to use the local providers");
            }
        } catch (NoClassDefFoundError e) {
            throw new IllegalStateException("TRIBUTARY_TEST_PROVIDER=testcontainers, but Testcontainers is not on"
                    + " the test class path; add org.testcontainers:testcontainers-kafka and"
                    + " testcontainers-postgresql as test dependencies", e);
        }
    }
}
