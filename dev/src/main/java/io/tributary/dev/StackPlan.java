package io.tributary.dev;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a local stack runs, before anything runs: each service with its port, its exact command-line arguments and
 * the environment that carries its secrets (keys and the database password go by environment, so that {@code ps}
 * does not show them). The one place where a service's arguments are put together: {@code ./tributary dev}, the
 * chaos test and, through {@code ./tributary dev}, the load benchmark run the services from it. Pure: it starts,
 * reads and writes nothing.
 *
 * <p>{@link #builder} gives what connects the services to the stack's broker and database (the wiring every stack
 * needs); {@link #local} adds the local stack's tuning (short retries, a circuit that opens only when all attempts
 * fail); a stack adds its own with {@link Builder#arguments}.
 */
public record StackPlan(List<Service> services, Map<String, String> environment) {

    /** The services of the local stack, in the order they take ports from {@code --port-base}. */
    public static final List<String> SERVICES = List.of("capture-service", "router-service", "webhook-dispatcher",
            "sync-worker", "console");

    /** The replication slot and publication of the local stack's capture. */
    public static final String LOCAL_SLOT = "tributary_dev";

    public StackPlan {
        services = List.copyOf(services);
        environment = Map.copyOf(environment);
    }

    /** One service: its module's name, its HTTP port and its arguments after {@code --server.port}. */
    public record Service(String name, int port, List<String> arguments) {

        public Service {
            arguments = List.copyOf(arguments);
        }

        /** {@code http://127.0.0.1:<port>}. */
        public String url() {
            return "http://127.0.0.1:" + port;
        }
    }

    /** A service of the plan by name. */
    public Service service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + name + " in the plan"));
    }

    /** The source database, from the local server or {@code TRIBUTARY_PG_URL}. */
    public record Database(String host, int port, String name, String user, String password) {

        private static final Pattern JDBC_URL =
                Pattern.compile("jdbc:postgresql://([^:/?]+)(?::(\\d+))?/([^?]+)(?:\\?(.*))?");

        public String jdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + name;
        }

        public Connection connect() throws SQLException {
            return DriverManager.getConnection(jdbcUrl(), user, password);
        }

        /** {@code jdbc:postgresql://host:port/db?user=u&password=p}. */
        public static Database fromJdbcUrl(String url) {
            var matcher = JDBC_URL.matcher(url);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("TRIBUTARY_PG_URL must look like"
                        + " jdbc:postgresql://host:5432/db?user=u&password=p, got " + url);
            }
            Map<String, String> query = new LinkedHashMap<>();
            if (matcher.group(4) != null) {
                for (String pair : matcher.group(4).split("&")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0) {
                        query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1),
                                StandardCharsets.UTF_8));
                    }
                }
            }
            return new Database(matcher.group(1), matcher.group(2) == null ? 5432 : Integer.parseInt(matcher.group(2)),
                    matcher.group(3), query.getOrDefault("user", "postgres"), query.getOrDefault("password", ""));
        }
    }

    /**
     * The local stack's ports: the services from {@code portBase} on (in {@link #SERVICES} order), the broker and
     * its controller at {@code kafka} and the next, PostgreSQL, and the demo receiver.
     */
    public record Ports(int portBase, int kafka, int postgres, int receiver) {

        /** {@code ./tributary dev}'s defaults. */
        public static final Ports DEFAULT = new Ports(8081, 9092, 15432, 8090);

        /** How many ports {@link #packed} takes. */
        public static final int PACKED_COUNT = SERVICES.size() + 4;

        /** Every port in a row from {@code base}: the services, the broker, its controller, PostgreSQL, the receiver. */
        public static Ports packed(int base) {
            int services = SERVICES.size();
            return new Ports(base, base + services, base + services + 2, base + services + 3);
        }

        /** The service's port. */
        public int service(String name) {
            int index = SERVICES.indexOf(name);
            if (index < 0) {
                throw new IllegalArgumentException("no service " + name + " in the local stack: " + SERVICES);
            }
            return portBase + index;
        }

        /** The options that give {@code ./tributary dev} these ports. */
        public List<String> devOptions() {
            return List.of("--port-base", Integer.toString(portBase), "--kafka-port", Integer.toString(kafka),
                    "--pg-port", Integer.toString(postgres), "--receiver-port", Integer.toString(receiver));
        }

        /** The ports the stack will listen on, each with what takes it and the option that moves it. */
        public Map<Integer, String> used(boolean localKafka, boolean localPostgres, boolean demo) {
            Map<Integer, String> ports = new LinkedHashMap<>();
            for (int i = 0; i < SERVICES.size(); i++) {
                ports.put(portBase + i, SERVICES.get(i) + " (--port-base" + (i == 0 ? "" : " + " + i) + ")");
            }
            if (localKafka) {
                ports.put(kafka, "Kafka (--kafka-port)");
                ports.put(kafka + 1, "the Kafka controller (--kafka-port + 1)");
            }
            if (localPostgres) {
                ports.put(postgres, "PostgreSQL (--pg-port)");
            }
            if (demo) {
                ports.put(receiver, "the demo receiver (--receiver-port)");
            }
            return ports;
        }
    }

    /** Where a local stack keeps its files, under its data directory. */
    public record DataDir(Path data) {

        public Path endpoints() {
            return data.resolve("endpoints.env");
        }

        public Path keys() {
            return data.resolve("keys.env");
        }

        public Path demoSecret() {
            return data.resolve("demo-secret");
        }

        public Path logs() {
            return data.resolve("logs");
        }

        public Path kafka() {
            return data.resolve("kafka");
        }

        public Path postgres() {
            return data.resolve("postgres");
        }

        public Path routerState() {
            return data.resolve("router-state");
        }
    }

    /** The wiring of {@code services} to the broker at {@code bootstrap} and the database, with files in {@code data}. */
    public static Builder builder(List<String> services, String bootstrap, Database database, Path data) {
        return new Builder(services, bootstrap, database, new DataDir(data));
    }

    /**
     * The local stack ({@link #SERVICES} on {@code ports}) with its tuning: the dispatcher retries four times after
     * 2, 4 and 8 s, and, since one demo receiver serves every {@code /hooks/} path and a path that fails on purpose
     * must not close the others, an endpoint's circuit opens only when all its recent attempts failed, for 5 s.
     */
    public static Builder local(Ports ports, String bootstrap, Database database, Path data) {
        Builder builder = builder(SERVICES, bootstrap, database, data).slot(LOCAL_SLOT);
        SERVICES.forEach(service -> builder.port(service, ports.service(service)));
        return builder.arguments("webhook-dispatcher", List.of("--tributary.webhook.retry.max-attempts=4",
                "--tributary.webhook.retry.initial-interval=PT2S", "--tributary.webhook.retry.multiplier=2",
                "--tributary.webhook.retry.max-interval=PT10S",
                "--tributary.webhook.circuit-breaker.failure-rate-percent=100",
                "--tributary.webhook.circuit-breaker.open-duration=PT5S"));
    }

    /** Puts a plan together. Not thread-safe. */
    public static final class Builder {

        private final List<String> names;
        private final String bootstrap;
        private final Database db;
        private final DataDir files;
        private final Map<String, Integer> ports = new LinkedHashMap<>();
        private final Map<String, List<String>> extra = new LinkedHashMap<>();
        private final List<String> tables = new ArrayList<>();
        private String slot = LOCAL_SLOT;
        private String adminKey;
        private String ingestKey;
        private String ingestTenant;

        private Builder(List<String> names, String bootstrap, Database db, DataDir files) {
            this.names = List.copyOf(names);
            this.bootstrap = bootstrap;
            this.db = db;
            this.files = files;
            names.forEach(name -> extra.put(name, new ArrayList<>()));
        }

        public Builder port(String service, int port) {
            ports.put(known(service), port);
            return this;
        }

        /** The capture's replication slot and publication. */
        public Builder slot(String name) {
            slot = name;
            return this;
        }

        /** The admin API key, given to every service. */
        public Builder adminKey(String key) {
            adminKey = key;
            return this;
        }

        /** An ingestion key of one tenant, given to every service. */
        public Builder ingestKey(String key, String tenant) {
            ingestKey = key;
            ingestTenant = tenant;
            return this;
        }

        /** Tables to capture from the start: {@code SCHEMA.TABLE[:TENANT_COLUMN]} each. */
        public Builder tables(List<String> specs) {
            tables.addAll(specs);
            return this;
        }

        /** More arguments for one service, after the wiring (a later one wins in Spring). */
        public Builder arguments(String service, List<String> arguments) {
            extra.get(known(service)).addAll(arguments);
            return this;
        }

        /** {@code --service-arg SERVICE=ARG} each: one more argument for one service, after all others. */
        public Builder serviceArgs(List<String> serviceArgs) {
            for (String serviceArg : serviceArgs) {
                int eq = serviceArg.indexOf('=');
                if (eq <= 0 || !extra.containsKey(serviceArg.substring(0, eq))) {
                    throw new IllegalArgumentException("--service-arg must be SERVICE=ARG with SERVICE one of "
                            + names + ", got " + serviceArg);
                }
                extra.get(serviceArg.substring(0, eq)).add(serviceArg.substring(eq + 1));
            }
            return this;
        }

        public StackPlan build() {
            List<Service> services = new ArrayList<>();
            for (String name : names) {
                Integer port = ports.get(name);
                if (port == null) {
                    throw new IllegalStateException("no port for " + name);
                }
                List<String> arguments = new ArrayList<>(wiring(name));
                arguments.addAll(extra.get(name));
                services.add(new Service(name, port, arguments));
            }
            return new StackPlan(services, environment());
        }

        /** What connects a service to the stack's broker and database. */
        private List<String> wiring(String service) {
            List<String> arguments = new ArrayList<>(List.of("--spring.kafka.bootstrap-servers=" + bootstrap));
            switch (service) {
                case "capture-service" -> {
                    arguments.addAll(List.of("--tributary.capture.database.host=" + db.host(),
                            "--tributary.capture.database.port=" + db.port(),
                            "--tributary.capture.database.name=" + db.name(),
                            "--tributary.capture.database.user=" + db.user(),
                            "--tributary.capture.slot-name=" + slot, "--tributary.capture.publication-name=" + slot,
                            // the capture's health in detail, so that a watch can say what stopped and why
                            // (CaptureWatch)
                            "--management.endpoint.health.group.readiness.show-details=always"));
                    for (int i = 0; i < tables.size(); i++) {
                        String[] parts = tables.get(i).split(":", 2);
                        arguments.add("--tributary.capture.tables[" + i + "].name=" + parts[0]);
                        if (parts.length == 2) {
                            arguments.add("--tributary.capture.tables[" + i + "].tenant-column=" + parts[1]);
                        }
                    }
                }
                case "router-service" -> arguments.addAll(List.of("--tributary.router.partitions="
                        + StackTopics.PARTITIONS, "--tributary.router.streams.state.dir=" + files.routerState(),
                        "--tributary.router.streams.commit.interval.ms=100"));
                // the stack's receivers listen on loopback
                case "webhook-dispatcher" -> arguments.add("--tributary.webhook.allowed-cidrs[0]=127.0.0.0/8");
                case "sync-worker" -> arguments.addAll(List.of("--tributary.sync.database.url=" + db.jdbcUrl(),
                        "--tributary.sync.database.user=" + db.user()));
                // the console's ledger lives in the stack's database; its overview and tables screen ask the
                // stack's capture and router
                case "console" -> {
                    arguments.addAll(List.of("--spring.datasource.url=" + db.jdbcUrl(),
                            "--spring.datasource.username=" + db.user()));
                    if (ports.containsKey("capture-service")) {
                        arguments.add("--tributary.console.capture-url=http://127.0.0.1:"
                                + ports.get("capture-service"));
                    }
                    if (ports.containsKey("router-service")) {
                        arguments.add("--tributary.console.router-url=http://127.0.0.1:"
                                + ports.get("router-service"));
                    }
                }
                default -> throw new IllegalStateException("no wiring for " + service);
            }
            return arguments;
        }

        /** The keys (the whole list: Spring binds a list from one source) and the database password. */
        private Map<String, String> environment() {
            Map<String, String> environment = new LinkedHashMap<>();
            if (adminKey != null) {
                environment.put("TRIBUTARY_API_KEYS_0_KEY", adminKey);
                environment.put("TRIBUTARY_API_KEYS_0_ADMIN", "true");
            }
            if (ingestKey != null) {
                int index = adminKey != null ? 1 : 0;
                environment.put("TRIBUTARY_API_KEYS_" + index + "_KEY", ingestKey);
                environment.put("TRIBUTARY_API_KEYS_" + index + "_TENANT", ingestTenant);
            }
            environment.put("TRIBUTARY_CAPTURE_DATABASE_PASSWORD", db.password());
            environment.put("TRIBUTARY_SYNC_DATABASE_PASSWORD", db.password());
            environment.put("SPRING_DATASOURCE_PASSWORD", db.password());
            return environment;
        }

        private String known(String service) {
            if (!extra.containsKey(service)) {
                throw new IllegalArgumentException("no service " + service + " in the plan: " + names);
            }
            return service;
        }
    }
}
