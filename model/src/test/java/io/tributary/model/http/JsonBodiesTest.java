package io.tributary.model.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tributary.model.FieldError;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class JsonBodiesTest {

    private static final Supplier<ApiRefusal> NOT_AN_OBJECT = () -> ApiRefusal.badRequest("invalid thing",
            List.of(new FieldError("", "the body must be a JSON object such as {\"name\": \"...\"}")));

    private static InputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static ApiRefusal refusal(InputStream in, int maxBytes) {
        return catchThrowableOfType(ApiRefusal.class, () -> JsonBodies.readObject(in, maxBytes, NOT_AN_OBJECT));
    }

    @Test
    void shouldReadAnObjectUpToTheLimitWhateverItsContentType() {
        String text = "{\"name\": \"é\"}";
        int size = text.getBytes(StandardCharsets.UTF_8).length;
        assertThat(JsonBodies.readObject(body(text), size, NOT_AN_OBJECT).get("name").textValue()).isEqualTo("é");
    }

    @Test
    void shouldRefuseABodyOneByteOverTheLimitWithItsSize() {
        String text = "{\"name\": \"abc\"}";
        ApiRefusal refusal = refusal(body(text), text.length() - 1);
        assertThat(refusal.status()).isEqualTo(413);
        assertThat(refusal.getMessage()).isEqualTo("the body is 15 bytes; at most 14 are accepted");
    }

    @Test
    void shouldRefuseWhatIsNotJsonWithTheParsersReason() {
        ApiRefusal refusal = refusal(body("{\"name\": "), 1024);
        assertThat(refusal.status()).isEqualTo(400);
        assertThat(refusal.getMessage()).startsWith("not valid JSON: Unexpected end-of-input").doesNotContain("\n");
    }

    @Test
    void shouldAnswerTheCallersRefusalForAnEmptyBodyAndForJsonThatIsNotAnObject() {
        for (String text : List.of("", "   ", "[1]", "\"name\"", "null", "42")) {
            ApiRefusal refusal = refusal(body(text), 1024);
            assertThat(refusal.status()).as(text).isEqualTo(400);
            assertThat(refusal.getMessage()).as(text).isEqualTo("invalid thing");
            assertThat(refusal.details()).as(text).extracting(FieldError::reason)
                    .containsExactly("the body must be a JSON object such as {\"name\": \"...\"}");
        }
    }

    @Test
    void shouldSayWhenTheBodyCannotBeRead() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };
        ApiRefusal refusal = refusal(broken, 1024);
        assertThat(refusal.status()).isEqualTo(400);
        assertThat(refusal.getMessage()).isEqualTo("the body could not be read: connection reset");
    }
}
