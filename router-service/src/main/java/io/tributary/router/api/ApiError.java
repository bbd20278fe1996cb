package io.tributary.router.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.FieldError;
import io.tributary.model.Json;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** An API failure with the JSON body of DESIGN.md: {@code {"error": "...", "details": [{"path", "reason"}]}}. */
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
        ObjectNode body = Json.mapper().createObjectNode().put("error", getMessage());
        ArrayNode list = body.putArray("details");
        details.forEach(detail -> list.addObject().put("path", detail.path()).put("reason", detail.reason()));
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(Json.write(body));
    }
}
