package io.tributary.model.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.model.FieldError;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;

class ApiExceptionHandlerTest {

    @Test
    void shouldAnswerARefusalWithItsStatusBodyAndRetryAfter() {
        ResponseEntity<String> answer = ApiExceptionHandler.answer(ApiRefusal.badRequest("invalid event",
                List.of(new FieldError("[2].type", "is required"))));

        assertThat(answer.getStatusCode().value()).isEqualTo(400);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        assertThat(answer.getHeaders().containsHeader(HttpHeaders.RETRY_AFTER)).isFalse();
        assertThat(answer.getBody())
                .isEqualTo("{\"error\":\"invalid event\",\"details\":[{\"path\":\"[2].type\",\"reason\":\"is required\"}]}");
    }

    @Test
    void shouldRoundRetryAfterUpToWholeSecondsOfAtLeastOne() {
        assertThat(ApiExceptionHandler.answer(ApiRefusal.tooManyRequests("slow down", Duration.ofMillis(1200)))
                .getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
        assertThat(ApiExceptionHandler.answer(ApiRefusal.tooManyRequests("slow down", Duration.ZERO))
                .getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(ApiRefusal.tooManyRequests("slow down", Duration.ofSeconds(3)).status()).isEqualTo(429);
    }

    @Test
    void shouldAnswerARetriableKafkaFailureWith503() {
        ApiRefusal refusal = ApiExceptionHandler.kafkaUnavailable(
                new TimeoutException("Topic tributary.events not present in metadata after 10000 ms."));

        assertThat(refusal.status()).isEqualTo(503);
        assertThat(refusal.retryAfterHeader()).hasValue("5");
        assertThat(refusal.getMessage()).isEqualTo("Kafka is unavailable (TimeoutException: Topic tributary.events"
                + " not present in metadata after 10000 ms.); nothing of this request was accepted: send it again");
        assertThat(refusal.getCause()).isInstanceOf(TimeoutException.class);
    }

    @Test
    void shouldAnswerSpringsOwnRefusalsWithTheirStatusHeadersAndTheErrorBody() {
        HttpHeaders headers = new HttpHeaders();
        headers.add(HttpHeaders.ACCEPT, "application/json");
        HttpMediaTypeNotSupportedException unsupported = new HttpMediaTypeNotSupportedException("text/csv");
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "Content-Type 'text/csv' is not supported.");

        ResponseEntity<Object> answer = new ApiExceptionHandler().handleExceptionInternal(unsupported, problem, headers,
                HttpStatus.UNSUPPORTED_MEDIA_TYPE, null);

        assertThat(answer.getStatusCode().value()).isEqualTo(415);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.ACCEPT)).isEqualTo("application/json");
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        assertThat(answer.getBody())
                .isEqualTo("{\"error\":\"Content-Type 'text/csv' is not supported.\",\"details\":[]}");
    }

    @Test
    void shouldRefuseAStatusThatIsNoRefusal() {
        assertThatThrownBy(() -> new ApiRefusal(302, "moved")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a refusal's status is 400 to 599, not 302");
    }
}
