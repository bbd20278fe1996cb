package io.tributary.model.http;

import io.tributary.model.ErrorBody;
import io.tributary.model.FieldError;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A request a Tributary HTTP API refuses: the status and the {@link ErrorBody} it answers with, thrown from any step
 * of a handler and turned into the answer by the service's one {@link ApiExceptionHandler}. The factories name the
 * statuses the APIs use; {@link #unavailable} is the answer when a dependency (Kafka, PostgreSQL) did not answer, so
 * the caller may retry the same request.
 */
public class ApiRefusal extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient List<FieldError> details;
    private final Duration retryAfter;

    /**
     * @param status the HTTP status, 400 to 599
     * @param error the body's {@code error}: what was refused, in words a user can act on
     * @param details the body's {@code details}: one per field, with its path (may be empty)
     * @param retryAfter the {@code Retry-After} to send (whole seconds, at least 1), or null for none
     */
    public ApiRefusal(int status, String error, List<FieldError> details, Duration retryAfter, Throwable cause) {
        super(error, cause);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a refusal's status is 400 to 599, not " + status);
        }
        this.status = status;
        this.details = List.copyOf(details);
        this.retryAfter = retryAfter;
    }

    public ApiRefusal(int status, String error, List<FieldError> details) {
        this(status, error, details, null, null);
    }

    public ApiRefusal(int status, String error) {
        this(status, error, List.of());
    }

    /** 400: the request is malformed or a field is invalid. */
    public static ApiRefusal badRequest(String error, List<FieldError> details) {
        return new ApiRefusal(400, error, details);
    }

    /** 401: no key, or one Tributary does not know. */
    public static ApiRefusal unauthorized(String error) {
        return new ApiRefusal(401, error);
    }

    /** 403: a known key that may not do this. */
    public static ApiRefusal forbidden(String error, List<FieldError> details) {
        return new ApiRefusal(403, error, details);
    }

    /** 404: nothing of that id (or nothing the caller may see). */
    public static ApiRefusal notFound(String error) {
        return new ApiRefusal(404, error);
    }

    /** 409: the request conflicts with what exists. */
    public static ApiRefusal conflict(String error, List<FieldError> details) {
        return new ApiRefusal(409, error, details);
    }

    /** 413: the body, or an item of it, is larger than accepted. */
    public static ApiRefusal tooLarge(String error, List<FieldError> details) {
        return new ApiRefusal(413, error, details);
    }

    /** 429 with {@code Retry-After}: a rate limit; the same request succeeds after the wait. */
    public static ApiRefusal tooManyRequests(String error, Duration retryAfter) {
        return new ApiRefusal(429, error, List.of(), retryAfter, null);
    }

    /**
     * 503 with {@code Retry-After: 5}: a dependency did not answer; nothing of the request was accepted, and the
     * same request may be sent again.
     */
    public static ApiRefusal unavailable(String error, Throwable cause) {
        return new ApiRefusal(503, error, List.of(), Duration.ofSeconds(5), cause);
    }

    public int status() {
        return status;
    }

    public List<FieldError> details() {
        return details;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The {@code Retry-After} header's value: whole seconds, rounded up, at least 1. */
    public Optional<String> retryAfterHeader() {
        return retryAfter().map(wait -> Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000)));
    }

    /** The answer's JSON body. */
    public String body() {
        return ErrorBody.of(getMessage(), details);
    }
}
