package io.tributary.model;

import java.util.Locale;

/** The kind of row change a captured event describes. {@link #READ} is a row emitted by a snapshot. */
public enum Operation {
    INSERT, UPDATE, DELETE, TRUNCATE, READ;

    /** The lower-case form used in event types such as {@code salesOrder.insert}. */
    public String typeSuffix() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The operation of the given name, or {@code null} when there is none of that name. */
    public static Operation fromName(String name) {
        for (Operation operation : values()) {
            if (operation.name().equals(name)) {
                return operation;
            }
        }
        return null;
    }
}
