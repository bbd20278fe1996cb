package io.tributary.router.api;

import io.tributary.model.ErrorBody;
import io.tributary.model.FieldError;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** An API failure with the JSON body of docs/design.md: {@code {"error": "...", "details": [{"path", "reason"}]}}. */
final class ApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final HttpStatus status;
    private final transient List<FieldError> details;

    ApiError(HttpStatus status, String error, List<FieldError> details) {
        super(error);
        this.status = status;
        this.details = List.copyOf(details);
    }

    ApiError(HttpStatus status, String error) {
        this(status, error, List.of());
    }

    ResponseEntity<String> toResponse() {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(ErrorBody.of(getMessage(), details));
    }
}
