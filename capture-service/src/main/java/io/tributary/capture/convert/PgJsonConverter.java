package io.tributary.capture.convert;

import io.debezium.connector.postgresql.UnchangedToastedReplicationMessageColumn;
import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import io.tributary.model.Json;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Debezium custom converter that takes over every column: each value becomes the JSON text PostgreSQL's
 * {@code to_jsonb} gives for it (see {@link PgValues}), in a string field named {@value #SCHEMA_NAME}. Debezium's
 * own converters are bypassed because they cannot hold every value PostgreSQL can ({@code time '24:00:00'},
 * {@code 'infinity'} timestamps, numeric special values, intervals with months) and lose the spelling of others.
 *
 * <p>The value is never an exception: a value that cannot be spelled becomes {@value #FAILED} followed by the
 * reason, and an unchanged TOASTed value that the change does not carry becomes {@value #UNCHANGED};
 * {@link ColumnValues} turns the first into a conversion failure of the change (dead-lettered, with the column and
 * the reason) and the second into a column named in {@code data.unchanged}.
 *
 * <p>Configured through Debezium's {@code converters} setting; see {@link #debeziumProperties}. Thread-safe.
 */
public final class PgJsonConverter implements CustomConverter<SchemaBuilder, RelationalColumn> {

    /** The name of the string schema of every converted column. */
    public static final String SCHEMA_NAME = "io.tributary.capture.PgJson";
    /** The value of a column whose unchanged TOASTed value the change does not carry. */
    public static final String UNCHANGED = "!unchanged";
    /** The start of the value of a column that could not be converted; the reason follows. */
    public static final String FAILED = "!failed:";

    private static final Logger LOG = LoggerFactory.getLogger(PgJsonConverter.class);
    private static final String NAME = "tributary";

    private PgTypeCatalog catalog;
    private String skipTable;

    /**
     * The connector settings that install this converter for every column, reading the type catalog of the
     * given database.
     */
    public static Properties debeziumProperties(String jdbcUrl, String user, String password) {
        return debeziumProperties(jdbcUrl, user, password, null);
    }

    /**
     * The connector settings that install this converter for every column but those of {@code signalTable}
     * ({@code schema.table}, may be null), whose rows Debezium itself reads as signals and which must keep
     * Debezium's own spelling.
     */
    public static Properties debeziumProperties(String jdbcUrl, String user, String password, String signalTable) {
        Properties props = new Properties();
        if (signalTable != null) {
            props.setProperty(NAME + ".skip.table", signalTable);
        }
        props.setProperty("converters", NAME);
        props.setProperty(NAME + ".type", PgJsonConverter.class.getName());
        props.setProperty(NAME + ".jdbc.url", jdbcUrl);
        props.setProperty(NAME + ".jdbc.user", user);
        props.setProperty(NAME + ".jdbc.password", password == null ? "" : password);
        // Types Debezium does not know (composite types, tsquery, pg_lsn, extension types) arrive as their text
        // instead of being dropped.
        props.setProperty("include.unknown.datatypes", "true");
        return props;
    }

    @Override
    public void configure(Properties props) {
        String url = props.getProperty("jdbc.url");
        String user = props.getProperty("jdbc.user");
        String password = props.getProperty("jdbc.password", "");
        skipTable = props.getProperty("skip.table");
        if (url == null) {
            throw new IllegalArgumentException("converter " + NAME + ": jdbc.url is required");
        }
        this.catalog = new PgTypeCatalog(() -> {
            try {
                Connection connection = DriverManager.getConnection(url, user, password);
                connection.setReadOnly(true);
                return connection;
            } catch (SQLException e) {
                throw new IllegalStateException("could not connect to " + url + " to read types: " + e.getMessage(), e);
            }
        });
    }

    @Override
    public void converterFor(RelationalColumn column, ConverterRegistration<SchemaBuilder> registration) {
        if (skipTable != null && (column.dataCollection().equals(skipTable)
                || column.dataCollection().endsWith("." + skipTable))) {
            return;
        }
        PgType type;
        try {
            // Called when a table's schema is (re)built, after DDL among others: read the types again.
            type = catalog.type(column.nativeType(), false);
        } catch (RuntimeException e) {
            LOG.warn("Column {}.{} of type {}: {}; its values are spelled as text", column.dataCollection(),
                    column.name(), column.typeName(), e.getMessage());
            type = PgType.of(column.typeName(), PgType.Kind.TEXT);
        }
        PgType columnType = type;
        registration.register(SchemaBuilder.string().optional().name(SCHEMA_NAME),
                value -> convert(columnType, value));
    }

    /** The JSON text of a value, {@link #UNCHANGED}, or {@link #FAILED} with the reason; null for SQL NULL. */
    static String convert(PgType type, Object value) {
        if (value == null) {
            return null;
        }
        if (UnchangedToastedReplicationMessageColumn.isUnchangedToastedValue(value)) {
            return UNCHANGED;
        }
        try {
            return Json.write(PgValues.json(type, value));
        } catch (RuntimeException e) {
            return FAILED + "column of type " + type.name() + ": " + e.getMessage();
        }
    }
}
