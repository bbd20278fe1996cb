package io.tributary.model;

import java.util.Objects;

/**
 * One problem with an input: the path of the field, in dotted form with {@code [i]} for array elements
 * ({@code config.url}, {@code where.$or[1].new.amount}), and the reason in words a user can act on.
 * An empty path means the input as a whole.
 */
public record FieldError(String path, String reason) {

    public FieldError {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return path.isEmpty() ? reason : path + ": " + reason;
    }
}
