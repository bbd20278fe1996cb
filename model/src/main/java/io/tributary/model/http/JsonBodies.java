package io.tributary.model.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.BoundedBody;
import io.tributary.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Reads a request body that must be one JSON object, whatever its {@code Content-Type} says (the APIs take JSON
 * only, so a client that forgets the header is not refused for it), with a limit on its size. Every refusal names
 * what was wrong, and the same bad body gets the same answer from every Tributary API: an empty body or JSON that
 * is not an object is answered with an example of what the API takes. Stateless.
 */
public final class JsonBodies {

    private JsonBodies() {
    }

    /**
     * The body read from {@code in} as a JSON object.
     *
     * @param maxBytes the largest body accepted, in bytes; a larger one is read to its end and dropped, so that the
     *                 client gets the answer rather than a reset connection
     * @param example  a body the API takes, for the answer to an empty body or to JSON that is not an object, such as
     *                 {@code {"tenant": "acme"}}
     * @throws ApiRefusal 400 {@code the body could not be read: <reason>} when reading fails; 413 {@code the body is
     *                    <n> bytes; at most <maxBytes> are accepted}; 400 {@code not valid JSON: <the parser's
     *                    reason> (line <l>, column <c>)}; 400 {@code the body must be a JSON object such as <example>}
     */
    public static ObjectNode readObject(InputStream in, int maxBytes, String example) {
        BoundedBody body;
        try {
            body = BoundedBody.read(in, maxBytes);
        } catch (IOException e) {
            throw ApiRefusal.badRequest("the body could not be read: " + e.getMessage(), List.of());
        }
        if (body.length() > maxBytes) {
            throw ApiRefusal.tooLarge("the body is " + body.length() + " bytes; at most " + maxBytes
                    + " are accepted", List.of());
        }
        JsonNode json;
        try {
            json = Json.mapper().readTree(body.bytes());
        } catch (JsonProcessingException e) {
            throw ApiRefusal.badRequest("not valid JSON: " + Json.problem(e), List.of());
        } catch (IOException e) {
            throw ApiRefusal.badRequest("not valid JSON: " + String.valueOf(e.getMessage()).split("\n")[0],
                    List.of());
        }
        if (json == null || !json.isObject()) {
            throw ApiRefusal.badRequest("the body must be a JSON object such as " + example, List.of());
        }
        return (ObjectNode) json;
    }
}
