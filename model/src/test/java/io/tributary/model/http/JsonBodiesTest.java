package io.tributary.model.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonBodiesTest {

    private static final String EXAMPLE = "{\"name\": \"public.orders\"}";

    private static InputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static ApiRefusal refusal(InputStream in, int maxBytes) {
        return catchThrowableOfType(ApiRefusal.class, () -> JsonBodies.readObject(in, maxBytes, EXAMPLE));
    }

    @Test
    void shouldReadAnObjectUpToTheLimitWhateverItsContentType() {
        String text = "{\"name\": \"é\"}";
        int size = text.getBytes(StandardCharsets.UTF_8).length;
        assertThat(JsonBodies.readObject(body(text), size, EXAMPLE).get("name").textValue()).isEqualTo("é");
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
        assertThat(refusal.getMessage()).startsWith("not valid JSON: Unexpected end-of-input").endsWith(
                " (line 1, column 10)").doesNotContain("\n");
        ApiRefusal second = refusal(body("{\n  \"name\": nope}"), 1024);
        assertThat(second.getMessage()).isEqualTo("not valid JSON: Unrecognized token 'nope': was expecting (JSON"
                + " String, Number, Array, Object or token 'null', 'true' or 'false') (line 2, column 11)");
    }

    @Test
    void shouldAnswerTheCallersRefusalForAnEmptyBodyAndForJsonThatIsNotAnObject() {
        for (String text : List.of("", "   ", "[1]", "\"name\"", "null", "42")) {
            ApiRefusal refusal = refusal(body(text), 1024);
            assertThat(refusal.status()).as(text).isEqualTo(400);
            assertThat(refusal.getMessage()).as(text).isEqualTo("the body must be a JSON object such as"
                    + " {\"name\": \"public.orders\"}");
            assertThat(refusal.details()).as(text).isEmpty();
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
