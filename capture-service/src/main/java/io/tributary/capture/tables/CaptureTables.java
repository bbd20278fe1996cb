package io.tributary.capture.tables;

import io.tributary.capture.config.CaptureProperties;
import io.tributary.capture.convert.TenantColumns;
import io.tributary.model.CompactedTopic;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tables the capture reads: those of {@code tributary.capture.tables}, plus those attached at runtime, which
 * are kept on a compacted topic (key {@code schema.table}, tombstone = detached) so a restarted or moved capture
 * reads the same tables. The publication is derived from this set: {@link #load()} reconciles it at start,
 * {@link #attach} adds a table to it (so every change committed after the call returns is captured) and
 * {@link #detach} drops it. Thread-safe.
 */
public final class CaptureTables implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CaptureTables.class);

    /**
     * What an attach did: the table, what the catalog says about it now, whether it is new, the snapshot's signal
     * id when one was requested, and the tables (the table or its partitions) whose replica identity it set FULL.
     */
    public record Attachment(CapturedTable table, TableCatalog.TableInfo info, boolean created, String snapshotSignal,
            List<String> replicaIdentitySetFull) {
    }

    /**
     * Connector settings the captured tables rely on, which the engine passes to Debezium before the user's own.
     * Debezium leaves generated columns out of a table's schema (pgoutput does not publish them) but reads an
     * incremental snapshot's chunks with {@code SELECT *} unless columns are filtered: a snapshot of a table with a
     * generated column failed on the column it did not expect, and since a running snapshot is part of the stored
     * position, failed again at every start. An exclude list that matches no column ({@code (?!)}) makes every
     * chunk query name the columns Debezium knows. A table created after the capture started is unknown to
     * Debezium until its first change streams; a snapshot of it reads its schema first and then records a
     * schema change, whose key lacks the database name on PostgreSQL, so the snapshot was dropped: Tributary reads
     * no schema change records, and without them the snapshot proceeds.
     */
    public static final Map<String, String> DEBEZIUM_SETTINGS = Map.of(
            "column.exclude.list", "(?!)",
            "include.schema.changes", "false");

    /** How long setting REPLICA IDENTITY FULL waits for the table's lock, which a long transaction may hold. */
    static final Duration IDENTITY_LOCK_TIMEOUT = Duration.ofSeconds(10);

    /** A refusal of an attach or detach: the field at fault and the reason, or a conflict. */
    public static final class TableException extends RuntimeException {
        private final String field;
        private final Kind kind;

        public enum Kind { INVALID, NOT_FOUND, CONFLICT }

        TableException(Kind kind, String field, String reason) {
            super(reason);
            this.kind = kind;
            this.field = field;
        }

        public String field() {
            return field;
        }

        public Kind kind() {
            return kind;
        }
    }

    private final CaptureProperties properties;
    private final TableCatalog catalog;
    private final TenantColumns tenantColumns = new TenantColumns();
    private final Map<String, CapturedTable> tables = new TreeMap<>();
    private final CompactedTopic attachedTables;
    private boolean loaded;
    private boolean mirrorsSubscriptions;

    public CaptureTables(CaptureProperties properties, String bootstrapServers) {
        this.properties = properties;
        this.attachedTables = new CompactedTopic(bootstrapServers, properties.tablesTopic(), Duration.ofSeconds(60));
        this.catalog = new TableCatalog(properties.database());
        for (CaptureProperties.Table table : properties.tables()) {
            tables.put(table.name(), new CapturedTable(table.name(), table.tenantColumn(), true));
        }
    }

    /** The tenant columns of the captured tables, kept current as tables are attached and detached. */
    public TenantColumns tenantColumns() {
        return tenantColumns;
    }

    public TableCatalog catalog() {
        return catalog;
    }

    /**
     * Tributary's own tables in the publication: the outbox and the subscription table (when configured) and the
     * signal table.
     */
    public Set<String> internalTables() {
        Set<String> internal = new LinkedHashSet<>();
        if (properties.outboxTable() != null) {
            internal.add(properties.outboxTable());
        }
        if (properties.subscriptionTable() != null) {
            internal.add(properties.subscriptionTable());
        }
        internal.add(properties.signalTable());
        return internal;
    }

    /** Whether the subscription table exists and is mirrored (known after {@link #load()}). */
    public synchronized boolean mirrorsSubscriptions() {
        return mirrorsSubscriptions;
    }

    /**
     * Reads the attached tables from the tables topic (creating it, compacted, when missing), creates the signal
     * table when missing and makes the publication hold exactly the captured tables. Called before the capture
     * starts; idempotent.
     */
    public synchronized void load() {
        attachedTables.createIfMissing();
        Map<String, CapturedTable> attached = readTopic();
        tables.values().removeIf(table -> !table.configured());
        attached.forEach((name, table) -> tables.putIfAbsent(name, table));
        tables.values().forEach(table -> tenantColumns.set(table.name(), table.tenantColumn()));
        try {
            if (properties.outboxTable() != null && catalog.inspect(properties.outboxTable()).isEmpty()) {
                throw new IllegalStateException("the outbox table " + properties.outboxTable() + " does not exist in"
                        + " database " + properties.database().name() + ": apply db/tributary_outbox.sql, or set"
                        + " tributary.capture.outbox-table= (empty) to capture no outbox");
            }
            catalog.ensureSignalTable(properties.signalTable());
            mirrorsSubscriptions = properties.subscriptionTable() != null
                    && catalog.inspect(properties.subscriptionTable()).isPresent();
            if (properties.subscriptionTable() != null && !mirrorsSubscriptions) {
                LOG.info("No table {}: subscriptions are managed through the admin API only (apply"
                        + " db/tributary_subscription.sql to manage them with SQL)", properties.subscriptionTable());
            }
            Set<String> publication = new LinkedHashSet<>();
            for (String name : tables.keySet()) {
                Optional<TableCatalog.TableInfo> info = catalog.inspect(name);
                if (info.isPresent()) {
                    publication.add(name);
                    setFullIdentityAtStart(info.get());
                } else {
                    LOG.warn("Table {} does not exist in database {}: its changes are not captured; create it and"
                            + " attach it again (or restart the capture)", name, properties.database().name());
                }
            }
            publication.addAll(internalTables());
            if (!mirrorsSubscriptions) {
                publication.remove(properties.subscriptionTable());
            }
            if (catalog.reconcilePublication(properties.publicationName(), publication)) {
                LOG.info("Publication {} now holds {}", properties.publicationName(), publication);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the publication " + properties.publicationName()
                    + " in database " + properties.database().name() + ": " + e.getMessage(), e);
        }
        loaded = true;
    }

    /** As at attach, but a table whose identity cannot be set is still captured, with one warning naming the fix. */
    private void setFullIdentityAtStart(TableCatalog.TableInfo info) {
        try {
            List<String> set = setFullIdentity(info);
            if (!set.isEmpty()) {
                LOG.info("Set REPLICA IDENTITY FULL on {}, so DELETE and UPDATE events of {} carry the whole old row",
                        set, info.name());
            }
        } catch (TableException | IllegalStateException | SQLException e) {
            LOG.warn("Table {}: {}", info.name(), e.getMessage());
        }
    }

    /** The captured tables, by name. */
    public synchronized List<CapturedTable> list() {
        return List.copyOf(tables.values());
    }

    /**
     * Starts capturing a table. Returns once the table is in the publication: every change committed after this
     * returns reaches the events topic. With {@code snapshot}, the table's existing rows follow as {@code read}
     * events. A table whose replica identity is not {@code FULL} (or a partition of it) gets {@code REPLICA IDENTITY
     * FULL} first, so its DELETE and UPDATE events carry the whole old row: the tenant and the record key of the
     * row, and every value a filter may test. Attaching an attached table again changes its tenant column (and
     * snapshots again when asked); with the same settings it changes nothing.
     *
     * @param typedName    the table as a user types it: {@code public.orders}, {@code public."salesOrder"},
     *                     {@code public.salesOrder} or {@code salesOrder} (schema {@code public}); see {@link TypedName}
     * @param tenantColumn the tenant column as a user types it, or {@code null}
     */
    public synchronized Attachment attach(String typedName, String tenantColumn, boolean snapshot) {
        requireLoaded();
        try {
            String name = resolve(typedName);
            if (internalTables().contains(name)) {
                throw new TableException(TableException.Kind.INVALID, "name",
                        "is Tributary's own table, captured already");
            }
            if (name.startsWith("pg_catalog.") || name.startsWith("information_schema.")
                    || name.startsWith("pg_toast.")) {
                // Checked before the replica identity is touched: no publication can hold a system table.
                throw new TableException(TableException.Kind.INVALID, "name", "PostgreSQL cannot capture it: "
                        + name + " is a system table, which no publication can hold");
            }
            TableCatalog.TableInfo info = catalog.inspect(name).orElseThrow(() -> new TableException(
                    TableException.Kind.INVALID, "name", "database " + properties.database().name()
                    + " has no table " + name));
            String tenant = tenantColumn == null ? null : resolveColumn(name, tenantColumn, info);
            CapturedTable existing = tables.get(name);
            if (existing != null && existing.configured() && !Objects.equals(existing.tenantColumn(), tenant)) {
                throw new TableException(TableException.Kind.CONFLICT, "tenantColumn", "table " + name
                        + " is configured in tributary.capture.tables; change its tenant column there");
            }
            List<String> identitySet = setFullIdentity(info);
            CapturedTable table = existing != null && existing.configured() ? existing
                    : new CapturedTable(name, tenant, false);
            // The tenant column is known before the first change of the table can arrive; the table is recorded
            // only once PostgreSQL took it into the publication, so a table it refuses leaves nothing behind.
            tenantColumns.set(name, tenant);
            addToPublication(name, existing);
            if (!table.configured() && !table.equals(existing)) {
                attachedTables.put(name, table.toJson());
            }
            tables.put(name, table);
            String signal = snapshot ? catalog.signalSnapshot(properties.signalTable(), name) : null;
            TableCatalog.TableInfo now = identitySet.isEmpty() ? info : catalog.inspect(name).orElse(info);
            LOG.info("Attached table {} (tenant column {}, replica identity {}{}{})", name, tenant,
                    now.replicaIdentityName(), identitySet.isEmpty() ? "" : ", set FULL on " + identitySet,
                    snapshot ? ", incremental snapshot " + signal : "");
            now.warnings().forEach(warning -> LOG.warn("Table {}: {}", name, warning));
            return new Attachment(table, now, existing == null, signal, identitySet);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot attach " + typedName + ": " + e.getMessage(), e);
        }
    }

    private String resolve(String typedName) throws SQLException {
        if (typedName == null) {
            throw new TableException(TableException.Kind.INVALID, "name", "is required: the table as schema.table");
        }
        try {
            TypedName typed = TypedName.parse(typedName, 2);
            return catalog.resolve(typed).orElseThrow(() -> new TableException(TableException.Kind.INVALID, "name",
                    "database " + properties.database().name() + " has no table " + typed
                    + (typed.parts().size() == 1 ? " in schema public" : "")));
        } catch (IllegalArgumentException e) {
            throw new TableException(TableException.Kind.INVALID, "name", TypedName.shown(typedName) + " "
                    + e.getMessage()
                    + "; write schema.table, such as public.orders or public.\"salesOrder\"");
        }
    }

    private static String resolveColumn(String table, String typedColumn, TableCatalog.TableInfo info) {
        try {
            TypedName typed = TypedName.parse(typedColumn, 1);
            return TypedName.choose(typed.parts().get(0), info.columns()).orElseThrow(() -> new TableException(
                    TableException.Kind.INVALID, "tenantColumn", "table " + table + " has no column " + typed
                    + "; its columns are " + info.columns()));
        } catch (IllegalArgumentException e) {
            throw new TableException(TableException.Kind.INVALID, "tenantColumn", TypedName.shown(typedColumn) + " "
                    + e.getMessage());
        }
    }

    /**
     * Sets REPLICA IDENTITY FULL where the table (or a partition of it) lacks it; returns where it was set.
     * Without the privilege (only the table's owner may), the attach is refused with the statement to run.
     */
    private List<String> setFullIdentity(TableCatalog.TableInfo info) throws SQLException {
        if (info.withoutFullIdentity().isEmpty()) {
            return List.of();
        }
        try {
            catalog.setReplicaIdentityFull(info.withoutFullIdentity(), IDENTITY_LOCK_TIMEOUT);
            return info.withoutFullIdentity();
        } catch (SQLException e) {
            String statements = String.join("; ", info.withoutFullIdentity().stream()
                    .map(TableCatalog::replicaIdentityFull).toList());
            if ("42501".equals(e.getSQLState())) {
                throw new TableException(TableException.Kind.INVALID, "name", "REPLICA IDENTITY of " + info.name()
                        + " is not FULL, so its DELETE events would carry no tenant and only the key of the old row,"
                        + " and user " + properties.database().user() + " may not change it ("
                        + e.getMessage().replaceAll("\\s*\\n\\s*", " ") + "): run " + statements
                        + " as the table's owner, then attach it again");
            }
            if ("55P03".equals(e.getSQLState())) {
                throw new IllegalStateException("cannot set REPLICA IDENTITY FULL on " + info.name() + ": a"
                        + " transaction holds a lock on it for more than " + IDENTITY_LOCK_TIMEOUT.toSeconds()
                        + " s; try again, or run " + statements);
            }
            throw e;
        }
    }

    private void addToPublication(String name, CapturedTable existing) throws SQLException {
        try {
            catalog.addToPublication(properties.publicationName(), name);
        } catch (SQLException e) {
            tenantColumns.set(name, existing == null ? null : existing.tenantColumn());
            if ("22023".equals(e.getSQLState())) {
                // invalid_parameter_value: a system, temporary or unlogged table, which no publication can hold
                throw new TableException(TableException.Kind.INVALID, "name", "PostgreSQL cannot capture it: "
                        + e.getMessage().replaceAll("\\s*\\n\\s*", " "));
            }
            if ("42501".equals(e.getSQLState())) {
                throw new TableException(TableException.Kind.INVALID, "name", "user " + properties.database().user()
                        + " may not add it to publication " + properties.publicationName() + " ("
                        + e.getMessage().replaceAll("\\s*\\n\\s*", " ") + "): PostgreSQL lets only the"
                        + " table's owner publish it");
            }
            throw e;
        }
    }

    /**
     * Stops capturing a table: changes committed after this returns are not captured.
     *
     * @param typedName the table as a user types it, matched against the attached tables as in {@link #attach}
     */
    public synchronized CapturedTable detach(String typedName) {
        requireLoaded();
        String name;
        try {
            TypedName typed = TypedName.parse(typedName, 2);
            TypedName.Part schema = typed.parts().size() == 1 ? new TypedName.Part("public", true) : typed.parts().get(0);
            Map<String, Set<String>> attached = new TreeMap<>();
            tables.keySet().forEach(table -> attached.computeIfAbsent(table.substring(0, table.indexOf('.')),
                    s -> new TreeSet<>()).add(table.substring(table.indexOf('.') + 1)));
            name = TypedName.choose(schema, attached.keySet()).flatMap(s -> TypedName.choose(
                    typed.parts().get(typed.parts().size() - 1), attached.get(s)).map(t -> s + "." + t))
                    .orElseThrow(() -> new TableException(TableException.Kind.NOT_FOUND, "name",
                            "table " + TypedName.shown(typedName) + " is not attached"));
        } catch (IllegalArgumentException e) {
            throw new TableException(TableException.Kind.INVALID, "name",
                    TypedName.shown(typedName) + " " + e.getMessage());
        }
        CapturedTable table = tables.get(name);
        if (table.configured()) {
            throw new TableException(TableException.Kind.CONFLICT, "name", "table " + name
                    + " is configured in tributary.capture.tables; remove it there");
        }
        attachedTables.tombstone(name);
        try {
            catalog.dropFromPublication(properties.publicationName(), name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot detach " + name + ": " + e.getMessage(), e);
        }
        tables.remove(name);
        tenantColumns.set(name, null);
        LOG.info("Detached table {}", name);
        return table;
    }

    /** The catalog's description of a captured table, when it still exists. */
    public Optional<TableCatalog.TableInfo> inspect(String name) {
        try {
            return catalog.inspect(name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the catalog of " + name + ": " + e.getMessage(), e);
        }
    }

    private void requireLoaded() {
        if (!loaded) {
            throw new IllegalStateException("the capture has not started yet");
        }
    }

    private Map<String, CapturedTable> readTopic() {
        Map<String, CapturedTable> attached = new TreeMap<>();
        attachedTables.readToEnd(record -> {
            if (record.value() == null) {
                attached.remove(record.key());
            } else {
                try {
                    attached.put(record.key(), CapturedTable.fromJson(record.value()));
                } catch (RuntimeException e) {
                    LOG.error("Ignoring unreadable record {} of {} at offset {}: {}", record.key(),
                            properties.tablesTopic(), record.offset(), e.getMessage());
                }
            }
        });
        return attached;
    }

    /** The names of the captured tables, for logs. */
    public synchronized Collection<String> names() {
        return List.copyOf(tables.keySet());
    }

    @Override
    public synchronized void close() {
        attachedTables.close();
    }
}
