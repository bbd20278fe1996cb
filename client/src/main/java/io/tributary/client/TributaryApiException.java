package io.tributary.client;

import io.tributary.model.FieldError;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A Tributary HTTP API refused a request: the HTTP status, the API's error and every field problem it named.
 * A status of 0 means the API could not be reached at all.
 */
public class TributaryApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;
    private final transient List<FieldError> details;

    public TributaryApiException(int status, String error, List<FieldError> details) {
        super(message(status, error, details));
        this.status = status;
        this.error = error;
        this.details = List.copyOf(details);
    }

    public TributaryApiException(String error, Throwable cause) {
        super(error, cause);
        this.status = 0;
        this.error = error;
        this.details = List.of();
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public List<FieldError> details() {
        return details;
    }

    private static String message(int status, String error, List<FieldError> details) {
        String fields = details.stream().map(FieldError::toString).collect(Collectors.joining("; "));
        return error + (fields.isEmpty() ? "" : ": " + fields) + " (HTTP " + status + ")";
    }
}
