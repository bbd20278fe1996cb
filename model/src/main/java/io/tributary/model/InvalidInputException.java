package io.tributary.model;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown where an input enters Tributary and is refused; carries every problem found, each with its path. */
public class InvalidInputException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient List<FieldError> errors;

    public InvalidInputException(String what, List<FieldError> errors) {
        super(what + ": " + errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public InvalidInputException(String what, FieldError error) {
        this(what, List.of(error));
    }

    /** Every problem found, in the order the input was read; never empty. */
    public List<FieldError> errors() {
        return errors;
    }
}
