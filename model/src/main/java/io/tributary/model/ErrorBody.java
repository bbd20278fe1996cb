package io.tributary.model;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The JSON body of every refusal by a Tributary HTTP API, as docs/design.md fixes it:
 * {@code {"error": "...", "details": [{"path": "config.url", "reason": "..."}]}}.
 */
public final class ErrorBody {

    private ErrorBody() {
    }

    public static String of(String error, List<FieldError> details) {
        ObjectNode body = Json.mapper().createObjectNode().put("error", error);
        ArrayNode list = body.putArray("details");
        details.forEach(detail -> list.addObject().put("path", detail.path()).put("reason", detail.reason()));
        return Json.write(body);
    }
}
