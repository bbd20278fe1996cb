package io.tributary.capture.convert;

/**
 * A column of a change whose value could not be turned into JSON; the message names the column and the reason.
 * The change cannot become an event and is handled by the capture's failure policy.
 */
public final class ColumnConversionException extends RuntimeException {

    private final String table;
    private final String column;
    private final String reason;

    ColumnConversionException(String column, String reason, Throwable cause) {
        this(null, column, reason, cause);
    }

    ColumnConversionException(String table, String column, String reason, Throwable cause) {
        super((table == null ? "" : table + ".") + column + ": " + reason, cause);
        this.table = table;
        this.column = column;
        this.reason = reason;
    }

    /** This failure named with its table, {@code schema.table}. */
    ColumnConversionException inTable(String table) {
        return new ColumnConversionException(table, column, reason, getCause());
    }

    /** The table, {@code schema.table}; null when not known. */
    public String table() {
        return table;
    }

    /** Why the value could not be converted. */
    public String reason() {
        return reason;
    }

    /** The column whose value could not be converted. */
    public String column() {
        return column;
    }
}
