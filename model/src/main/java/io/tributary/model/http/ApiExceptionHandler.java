package io.tributary.model.http;

import io.tributary.model.ErrorBody;
import io.tributary.model.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one exception handler of every Tributary HTTP API (capture-service, router-service, console): whatever fails,
 * the answer is the JSON {@link ErrorBody} of docs/design.md, {@code {"error": "...", "details": [...]}}.
 *
 * <ul>
 *   <li>an {@link ApiRefusal} thrown by a handler's step: its status, body and {@code Retry-After};</li>
 *   <li>an {@link InvalidInputException} of the model's validation: 400 with every field's problem;</li>
 *   <li>a retriable Kafka failure (no broker within the producer's timeout, too few in-sync replicas): 503 with
 *       {@code Retry-After: 5}, since nothing of the request was accepted and the same request may be sent again;</li>
 *   <li>Spring MVC's own refusals (405, 406, 415, a missing or mistyped parameter, no such path): their status,
 *       with the reason Spring gives and any headers it sets ({@code Allow});</li>
 *   <li>anything else: 500, naming the exception's class only, the whole failure logged.</li>
 * </ul>
 *
 * <p>A service registers it with {@code @Import(ApiExceptionHandler.class)}; controllers do not handle exceptions
 * themselves. Serializes with jackson-databind 2 ({@link io.tributary.model.Json}), as the rest of the model.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ApiExceptionHandler.class);

    /** An answer of {@code refusal}: its status, JSON body and {@code Retry-After}. */
    public static ResponseEntity<String> answer(ApiRefusal refusal) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(refusal.status())
                .contentType(MediaType.APPLICATION_JSON);
        refusal.retryAfterHeader().ifPresent(seconds -> response.header(HttpHeaders.RETRY_AFTER, seconds));
        return response.body(refusal.body());
    }

    @ExceptionHandler(ApiRefusal.class)
    public ResponseEntity<String> refused(ApiRefusal refusal, HttpServletRequest request) {
        if (refusal.status() >= 500) {
            LOG.warn("{} {} answered {}: {}", request.getMethod(), request.getRequestURI(), refusal.status(),
                    refusal.getMessage(), refusal.getCause());
        }
        return answer(refusal);
    }

    /** A model validation that failed in a handler's step: 400 with every field's problem. */
    @ExceptionHandler(InvalidInputException.class)
    public ResponseEntity<String> invalid(InvalidInputException e) {
        return answer(ApiRefusal.badRequest(e.getMessage(), e.errors()));
    }

    @ExceptionHandler(RetriableException.class)
    public ResponseEntity<String> kafkaUnavailable(RetriableException e, HttpServletRequest request) {
        return refused(kafkaUnavailable(e), request);
    }

    /** The refusal for a retriable Kafka failure. */
    public static ApiRefusal kafkaUnavailable(RetriableException e) {
        return ApiRefusal.unavailable("Kafka is unavailable (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                + "); nothing of this request was accepted: send it again", e);
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<String> unexpected(Exception e, HttpServletRequest request) {
        LOG.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
        return answer(new ApiRefusal(500, "internal error (" + e.getClass().getName()
                + "); the service's log has the details"));
    }

    /** Spring MVC's own refusals, in Tributary's body instead of a problem detail. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail detail ? detail
                : ex instanceof ErrorResponse response ? response.getBody() : null;
        String reason = problem != null && problem.getDetail() != null ? problem.getDetail() : ex.getMessage();
        HttpHeaders answerHeaders = new HttpHeaders();
        if (headers != null) {
            answerHeaders.addAll(headers);
        }
        answerHeaders.setContentType(MediaType.APPLICATION_JSON);
        return ResponseEntity.status(statusCode).headers(answerHeaders)
                .body(ErrorBody.of(reason == null ? "refused" : reason, List.of()));
    }
}
