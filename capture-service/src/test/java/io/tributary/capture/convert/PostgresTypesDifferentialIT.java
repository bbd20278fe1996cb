package io.tributary.capture.convert;

import static io.tributary.capture.ReplicationSlots.awaitStreaming;
import static io.tributary.capture.ReplicationSlots.dropSlot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.capture.config.CaptureProperties;
import io.tributary.capture.engine.CaptureEngine;
import io.tributary.model.EventEnvelope;
import io.tributary.model.Json;
import io.tributary.model.Operation;
import io.tributary.testkit.KafkaCluster;
import io.tributary.testkit.PostgresDatabase;
import io.tributary.testkit.TributaryInfrastructure;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The differential test of captured values: every type PostgreSQL ships (read from the server's own catalog, so
 * that a type nobody listed is still covered), its array, a domain over it, and user-defined enum, composite and
 * range types, each with edge values, inserted into a real database, captured through Debezium to a real broker,
 * and compared value by value with what {@code to_jsonb} gives in the same database (TimeZone UTC, IntervalStyle
 * iso_8601), both as the new row of the insert and as the old row of an update. The documented spellings that
 * differ from {@code to_jsonb} are part of the oracle: bytea as base64, money as a number, timetz in UTC.
 */
@TributaryInfrastructure
class PostgresTypesDifferentialIT {

    /** Edge values per type, as SQL literals; types without an entry get the generic candidates. */
    private static final Map<String, List<String>> EDGES = new LinkedHashMap<>();

    static {
        edges("bool", "true", "false");
        edges("int2", "-32768", "0", "32767");
        edges("int4", "-2147483648", "0", "2147483647");
        edges("int8", "-9223372036854775808", "0", "9223372036854775807");
        edges("float4", "0", "'-0'", "1.1", "3.4028235e38", "1.4e-45", "1e-5", "123456.7", "'NaN'", "'Infinity'",
                "'-Infinity'");
        edges("float8", "0", "'-0'", "0.1", "1.7976931348623157e308", "5e-324", "1e15", "1e-5", "123456789012345.6",
                "'NaN'", "'Infinity'", "'-Infinity'");
        edges("numeric", "0", "0.00000001", "0.0000000100", "-1.50", "12345678901234567890.0123456789", "1e-20",
                "1e20", "'NaN'", "'Infinity'", "'-Infinity'");
        edges("money", "0", "12.34", "'-92233720368547758.08'", "'92233720368547758.07'");
        edges("char", "'a'", "''");
        edges("bpchar", "'ab'", "''");
        edges("varchar", "''", "'x'");
        edges("text", "''", "'ü€😀'", "E'line\\nbreak \"quote\" \\\\back\\ttab'", "'NULL'", "'{a,b}'", "'(1,2)'");
        edges("name", "'n'", "'Grüße'");
        edges("bytea", "'\\xdeadbeef'", "''", "'\\x00'");
        edges("date", "'2024-01-15'", "'infinity'", "'-infinity'", "'4713-01-01 BC'", "'0044-03-15 BC'",
                "'5874897-12-31'", "'2024-02-29'");
        edges("time", "'00:00'", "'24:00:00'", "'23:59:59.999999'", "'10:30:00.5'");
        edges("timetz", "'00:00+00'", "'10:30:00.5+05:30'", "'23:59:59.999999-15:59'", "'24:00:00+02'");
        edges("timestamp", "'2024-01-15 10:30:00.5'", "'infinity'", "'-infinity'", "'4713-01-01 00:00 BC'",
                "'294276-12-31 23:59:59.999999'", "'2024-02-29 00:00:00.000001'", "'0044-03-15 12:00 BC'");
        edges("timestamptz", "'2024-01-15 10:30:00.5+02'", "'infinity'", "'-infinity'", "'4713-01-02 00:00+00 BC'",
                "'294276-12-31 23:59:59.999999+00'", "'1900-01-01 00:00+00'", "'2024-01-15 10:30:00+05:30'");
        edges("interval", "'0'", "'1 year 2 mons 3 days 04:05:06.789'", "'-1 years +2 mons -3 days +04:05:06'",
                "'178000000 years'", "'-178000000 years'", "'1 microsecond'", "'-00:00:00.5'", "'25:00:00'",
                "'P1Y2M3DT4H5M6.5S'");
        edges("json", "'{\"a\":1,\"a\":2}'", "'[1, 1.50, \"x\", null, true, {}]'", "'\"\\u00fc\"'", "'1e2'",
                "'{\"n\": 12345678901234567890.01, \"s\": \"\\t\"}'");
        edges("jsonb", "'{\"a\":1,\"a\":2}'", "'[1, 1.50, \"x\", null, true, {}]'", "'\"\\u00fc\"'", "'1e2'",
                "'{\"n\": 12345678901234567890.01, \"s\": \"\\t\"}'", "'{\"__debezium_unavailable_value\": 1}'");
        edges("uuid", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'", "'00000000-0000-0000-0000-000000000000'");
        edges("inet", "'192.168.0.1/24'", "'::1'", "'10.0.0.1'");
        edges("cidr", "'10.0.0.0/8'", "'2001:db8::/32'");
        edges("macaddr", "'08:00:2b:01:02:03'");
        edges("macaddr8", "'08:00:2b:01:02:03:04:05'");
        edges("bit", "B'1'", "B'0'");
        edges("varbit", "B'10101'", "B''");
        edges("point", "'(1,2)'", "'(1.5e300,-0.1)'", "'(0.1,1e-5)'");
        edges("line", "'{1,2,3}'");
        edges("lseg", "'[(0,0),(1,1.5)]'");
        edges("box", "'(1,1),(0,0)'");
        edges("path", "'[(0,0),(1,1)]'", "'((0,0),(1,1),(2,0))'");
        edges("polygon", "'((0,0),(1,1),(2,0))'");
        edges("circle", "'<(1,2),3>'");
        edges("tsvector", "'a fat cat'", "'''quoted'' word:1A'");
        edges("tsquery", "'fat & rat'");
        edges("xml", "'<a>x &amp; y</a>'");
        edges("pg_lsn", "'0/16B3748'", "'FFFFFFFF/FFFFFFFF'");
        edges("jsonpath", "'$.a[*] ? (@ > 1)'");
        edges("int4range", "'[1,10)'", "'empty'", "'(,5]'");
        edges("int8range", "'[1,10)'");
        edges("numrange", "'(1.5,2.5]'");
        edges("tsrange", "'[2024-01-01 00:00,2024-02-01 00:00)'");
        edges("tstzrange", "'[2024-01-01 00:00+00,infinity)'");
        edges("daterange", "'[2024-01-01,2024-02-01)'");
        edges("int4multirange", "'{[1,2),[5,6)}'", "'{}'");
        edges("int8multirange", "'{[1,2)}'");
        edges("nummultirange", "'{[1.5,2.5)}'");
        edges("datemultirange", "'{[2024-01-01,2024-02-01)}'");
        edges("tsmultirange", "'{[\"2024-01-01 00:00\",\"2024-01-02 00:00\")}'");
        edges("tstzmultirange", "'{[\"2024-01-01 00:00+02\",infinity)}'");
        edges("aclitem", "'=r/' || CURRENT_USER");
        edges("oid", "0", "4294967295");
        edges("xid", "'42'");
        edges("xid8", "'42'");
        edges("cid", "'1'");
        edges("tid", "'(0,1)'");
        edges("txid_snapshot", "'10:20:10,14,15'");
        edges("pg_snapshot", "'10:20:10,14,15'");
        edges("regclass", "'pg_class'");
        edges("regtype", "'integer'");
        edges("regproc", "'now'");
        edges("regprocedure", "'now()'");
        edges("regoperator", "'+(integer,integer)'");
        edges("regrole", "CURRENT_USER::text");
        edges("regnamespace", "'public'");
        edges("regconfig", "'english'");
        edges("regdictionary", "'simple'");
        edges("regcollation", "'\"C\"'");
        edges("refcursor", "'c1'");
    }

    private static final List<String> GENERIC = List.of("'0'", "'1'", "'a'", "''");

    private static void edges(String type, String... literals) {
        EDGES.put(type, List.of(literals));
    }

    /** A column under test: its name, SQL type, the base type's name, and the oracle expression of its value. */
    private record Column(String name, String sqlType, String baseType, boolean array) {

        String oracle() {
            String c = name;
            String elementOracle = switch (baseType) {
                case "bytea" -> "translate(encode(%s, 'base64'), E'\\n', '')";
                case "money" -> "(%s)::numeric";
                case "timetz" -> "(%s) AT TIME ZONE 'UTC'";
                default -> null;
            };
            if (elementOracle == null) {
                return "to_jsonb(" + c + ")";
            }
            if (!array) {
                return "to_jsonb(" + elementOracle.formatted(c + "::" + baseType) + ")";
            }
            return "CASE WHEN " + c + " IS NULL THEN NULL ELSE (SELECT coalesce(jsonb_agg(to_jsonb("
                    + elementOracle.formatted("e") + ") ORDER BY o), '[]') FROM unnest(" + c
                    + ") WITH ORDINALITY u(e, o)) END";
        }
    }

    @Test
    void shouldCaptureEveryValueOfEveryTypeAsToJsonbGivesIt(KafkaCluster kafka, PostgresDatabase server)
            throws Exception {
        PostgresDatabase db = server.createDatabase("capture_types");
        List<Column> columns = new ArrayList<>();
        List<String> noColumn = new ArrayList<>();
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE all_types (id int PRIMARY KEY, touch int)");
            statement.execute("ALTER TABLE all_types REPLICA IDENTITY FULL");
            statement.execute("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy ''quoted''')");
            statement.execute("CREATE TYPE pair AS (a int, b text, c numeric, d timestamptz, e int[], g jsonb)");
            statement.execute("CREATE TYPE floatrange AS RANGE (subtype = float8)");
            List<String[]> types = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("""
                    SELECT t.typname, t.typarray <> 0 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                    WHERE n.nspname = 'pg_catalog' AND t.typtype IN ('b', 'r', 'm') AND t.typisdefined
                      AND NOT (t.typcategory = 'A' AND t.typname LIKE '\\_%')
                    ORDER BY t.typname""")) {
                while (rs.next()) {
                    types.add(new String[] {rs.getString(1), Boolean.toString(rs.getBoolean(2))});
                }
            }
            types.add(new String[] {"mood", "true"});
            types.add(new String[] {"pair", "true"});
            types.add(new String[] {"floatrange", "true"});
            EDGES.put("mood", List.of("'sad'", "'happy ''quoted'''"));
            EDGES.put("pair", List.of("ROW(1, 'a \"b\" c', 1.50, '2024-01-15 10:30+02', '{1,NULL}',"
                    + " '{\"k\": [1, 2.0]}')", "ROW(NULL, '', NULL, 'infinity', '{}', 'null')"));
            EDGES.put("floatrange", List.of("'[1.5,2.5)'", "'empty'"));
            for (String[] type : types) {
                String name = type[0];
                String safe = name.replaceAll("[^a-z0-9_]", "_");
                if (tryExecute(connection, "ALTER TABLE all_types ADD COLUMN c_" + safe + " " + quote(name))) {
                    columns.add(new Column("c_" + safe, quote(name), name, false));
                } else {
                    noColumn.add(name);
                    continue;
                }
                if (Boolean.parseBoolean(type[1])
                        && tryExecute(connection, "ALTER TABLE all_types ADD COLUMN a_" + safe + " " + quote(name) + "[]")) {
                    columns.add(new Column("a_" + safe, quote(name) + "[]", name, true));
                }
                if (tryExecute(connection, "CREATE DOMAIN d_" + safe + " AS " + quote(name))
                        && tryExecute(connection, "ALTER TABLE all_types ADD COLUMN d_" + safe + " d_" + safe)) {
                    columns.add(new Column("d_" + safe, "d_" + safe, name, false));
                }
            }
            statement.execute("ALTER TABLE all_types ADD COLUMN m_int int[], ADD COLUMN m_text text[],"
                    + " ADD COLUMN m_numeric numeric(20,10), ADD COLUMN m_domain_array d_numeric[]");
            columns.add(new Column("m_int", "int[]", "int4", true));
            columns.add(new Column("m_text", "text[]", "text", true));
            columns.add(new Column("m_numeric", "numeric(20,10)", "numeric", false));
            columns.add(new Column("m_domain_array", "d_numeric[]", "numeric", true));
        }

        kafka.createTopics(1, "types.events");
        CaptureProperties properties = new CaptureProperties(true,
                new CaptureProperties.Database(db.host(), db.port(), db.databaseName(), db.user(), db.password()),
                "types_slot", "types_pub", List.of(new CaptureProperties.Table("public.all_types", null)),
                "types", "types.capture-offsets", Duration.ofSeconds(5), "no_data", "",
                "public.tributary_subscription", "public.tributary_signal", "types.capture-tables", Map.of());

        Map<Integer, String> rowDescriptions = new LinkedHashMap<>();
        int typesWithValues = 0;
        List<String> typesWithoutValues = new ArrayList<>();
        try (CaptureEngine engine = new CaptureEngine(properties, kafka.bootstrapServers(), new SimpleMeterRegistry())) {
            engine.start();
            awaitStreaming(db, "types_slot");
            int id = 0;
            try (Connection connection = db.connect()) {
                String lastType = null;
                boolean typeHasValue = false;
                for (Column column : columns) {
                    if (!column.baseType().equals(lastType)) {
                        if (lastType != null) {
                            if (typeHasValue) {
                                typesWithValues++;
                            } else {
                                typesWithoutValues.add(lastType);
                            }
                        }
                        lastType = column.baseType();
                        typeHasValue = false;
                    }
                    for (String literal : literals(column)) {
                        String value = column.array() ? arrayLiteral(column, literal) : "(" + literal + ")::" + column.sqlType();
                        int rowId = ++id;
                        if (tryExecute(connection, "INSERT INTO all_types (id, " + column.name() + ") VALUES ("
                                + rowId + ", " + value + ")")) {
                            rowDescriptions.put(rowId, column.name() + " = " + value);
                            typeHasValue = true;
                        }
                    }
                }
                if (lastType != null && !typeHasValue) {
                    typesWithoutValues.add(lastType);
                } else if (lastType != null) {
                    typesWithValues++;
                }
                try (Statement statement = connection.createStatement()) {
                    statement.execute("INSERT INTO all_types (id, m_int, m_text) VALUES (" + (++id)
                            + ", '{{1,2},{3,NULL}}', '{{\"a b\",\"c,d\"},{NULL,\"\\\"q\"}}')");
                    rowDescriptions.put(id, "multi-dimensional arrays");
                    statement.execute("INSERT INTO all_types (id, m_int) VALUES (" + (++id) + ", '[0:1]={7,8}')");
                    rowDescriptions.put(id, "array with non-default bounds");
                    statement.execute("UPDATE all_types SET touch = 1");
                }
            }

            int rows = rowDescriptions.size();
            List<ConsumerRecord<String, String>> records = kafka.consume("types.events", rows * 2, Duration.ofSeconds(180));
            Map<String, JsonNode> oracle = oracle(db, columns);
            List<String> mismatches = new ArrayList<>();
            int compared = 0;
            for (ConsumerRecord<String, String> record : records) {
                assertThat(scientificNumbers(record.value())).as("numbers in plain notation").isEmpty();
                EventEnvelope event = EventEnvelope.fromJson(Json.parse(record.value()));
                JsonNode expected = oracle.get(event.recordId());
                List<JsonNode> rowsToCheck = event.operation() == Operation.UPDATE
                        ? List.of(event.newRow(), event.oldRow()) : List.of(event.newRow());
                for (JsonNode row : rowsToCheck) {
                    for (Column column : columns) {
                        JsonNode actual = row.get(column.name());
                        JsonNode want = expected.get(column.name());
                        if (!want.isNull()) {
                            compared++;
                        }
                        if (!sameJson(actual, want)) {
                            mismatches.add(event.operation() + " " + rowDescriptions.get(Integer.parseInt(event.recordId()))
                                    + ": " + column.name() + " captured " + actual + ", to_jsonb " + want);
                        }
                    }
                }
            }
            System.out.printf("PostgresTypesDifferentialIT: %d types (%d with edge values, without: %s), %d columns,"
                    + " %d rows inserted and updated, %d values compared with to_jsonb, %d mismatches;"
                    + " types that cannot be a column: %s%n", typesWithValues + typesWithoutValues.size(),
                    typesWithValues, typesWithoutValues, columns.size(), rows, compared, mismatches.size(), noColumn);
            Map<String, String> firstPerColumn = new LinkedHashMap<>();
            for (String mismatch : mismatches) {
                firstPerColumn.putIfAbsent(mismatch.substring(mismatch.indexOf(": ") + 2).split(" ")[0], mismatch);
            }
            firstPerColumn.values().forEach(m -> System.out.println("MISMATCH " + m));
            assertThat(mismatches).isEmpty();
            assertThat(records).hasSize(rows * 2);
            assertThat(typesWithValues).isGreaterThan(70);
        } finally {
            dropSlot(db, "types_slot");
        }
    }

    /** The number tokens of a JSON text written in scientific notation. */
    private static List<String> scientificNumbers(String json) throws java.io.IOException {
        List<String> scientific = new ArrayList<>();
        try (com.fasterxml.jackson.core.JsonParser parser = Json.mapper().getFactory().createParser(json)) {
            for (com.fasterxml.jackson.core.JsonToken token = parser.nextToken(); token != null;
                    token = parser.nextToken()) {
                if (token.isNumeric() && (parser.getText().contains("e") || parser.getText().contains("E"))) {
                    scientific.add(parser.getText());
                }
            }
        }
        return scientific;
    }

    private static List<String> literals(Column column) {
        return EDGES.getOrDefault(column.baseType(), GENERIC);
    }

    private static String arrayLiteral(Column column, String literal) {
        String element = column.sqlType().substring(0, column.sqlType().length() - 2);
        return "ARRAY[(" + literal + ")::" + element + ", NULL]::" + column.sqlType();
    }

    private static String quote(String type) {
        return type.equals("char") ? "\"char\"" : type;
    }

    private static boolean tryExecute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static Map<String, JsonNode> oracle(PostgresDatabase db, List<Column> columns) throws SQLException {
        Map<String, JsonNode> rows = new LinkedHashMap<>();
        StringBuilder select = new StringBuilder("SELECT id::text, jsonb_build_object()");
        for (int i = 0; i < columns.size(); i += 40) {
            select.append(" || jsonb_build_object(");
            for (int j = i; j < Math.min(i + 40, columns.size()); j++) {
                Column column = columns.get(j);
                select.append(j == i ? "" : ", ").append("'").append(column.name()).append("', ")
                        .append(column.oracle());
            }
            select.append(")");
        }
        select.append(" FROM all_types");
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            statement.execute("SET TimeZone = 'UTC'");
            statement.execute("SET IntervalStyle = 'iso_8601'");
            try (ResultSet rs = statement.executeQuery(select.toString())) {
                while (rs.next()) {
                    rows.put(rs.getString(1), Json.parse(rs.getString(2)));
                }
            }
        }
        return rows;
    }

    /** JSON equality with numbers compared by value (jsonb prints {@code 1e2} as {@code 100}). */
    static boolean sameJson(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b || (a == null && b.isNull()) || (b == null && a.isNull());
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!sameJson(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Iterator<String> names = a.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!sameJson(a.get(name), b.get(name))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }
}
