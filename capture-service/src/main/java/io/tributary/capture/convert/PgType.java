package io.tributary.capture.convert;

import java.util.List;

/**
 * What the capture needs to know of a PostgreSQL type to spell its values as {@code to_jsonb} does: the kind of
 * its base type (a domain is its base type, as in PostgreSQL's {@code json_categorize_type}), the element type of
 * an array and its delimiter, and the attributes of a composite type. Immutable.
 *
 * @param oid       the type's oid in {@code pg_type}
 * @param name      the type's name as {@code format_type} gives it
 * @param kind      how its values are spelled
 * @param element   the element type of an array, {@code null} otherwise
 * @param delimiter the element delimiter of the array's element type ({@code ,}, or {@code ;} for {@code box})
 * @param fields    the attributes of a composite type in order, empty otherwise
 */
record PgType(int oid, String name, Kind kind, PgType element, char delimiter, List<Field> fields) {

    PgType {
        fields = fields == null ? List.of() : List.copyOf(fields);
    }

    /** A plain type of the given kind, for tests and for types the catalog does not know. */
    static PgType of(String name, Kind kind) {
        return new PgType(0, name, kind, null, ',', List.of());
    }

    /** An array of the given element type. */
    static PgType arrayOf(PgType element) {
        return new PgType(0, element.name() + "[]", Kind.ARRAY, element, element.delimiter(), List.of());
    }

    /** An attribute of a composite type. */
    record Field(String name, PgType type) {
    }

    /** How a type's values are spelled, after {@code to_jsonb}'s categories. */
    enum Kind {
        /** {@code boolean}: JSON true or false. */
        BOOLEAN,
        /** {@code smallint}, {@code integer}, {@code bigint}: JSON numbers. */
        INTEGER,
        /** {@code real}, {@code double precision}: JSON numbers; NaN and the infinities as strings. */
        FLOAT,
        /** {@code numeric}: JSON numbers with every digit; NaN and the infinities as strings. */
        NUMERIC,
        /** {@code money}: a JSON number of the amount (to_jsonb gives the locale's text). */
        MONEY,
        /** {@code date}: {@code 2024-01-15}, {@code infinity}, {@code 0044-03-15 BC}. */
        DATE,
        /** {@code timestamp}: {@code 2024-01-15T10:30:00.5}. */
        TIMESTAMP,
        /** {@code timestamptz}: {@code 2024-01-15T10:30:00.5+00:00}, in UTC. */
        TIMESTAMPTZ,
        /** {@code time}: {@code 10:30:00.5}, {@code 24:00:00}. */
        TIME,
        /** {@code timetz}: the time of day in UTC, {@code 08:30:00+00}. */
        TIMETZ,
        /** {@code interval}: ISO 8601 with months, days and time apart, {@code P1Y2M3DT4H5M6.5S}. */
        INTERVAL,
        /** {@code bytea}: base64 (to_jsonb gives {@code \x} hex). */
        BYTEA,
        /** {@code json}, {@code jsonb}: the document itself. */
        JSON,
        /** Arrays of any element type and dimension: nested JSON arrays. */
        ARRAY,
        /** Composite types: a JSON object of the attributes. */
        COMPOSITE,
        /** Every other type (text, uuid, enums, ranges, network, geometric, bit, xml...): its text as a string. */
        TEXT
    }
}
