package io.tributary.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Masks secrets in subscription configuration before it is shown: a secret keeps only its last four characters
 * ({@code whsec_…x9Zq}) so an operator can tell two apart, and is never returned in full. Secrets are the values
 * of keys that name one (secret, password, token, API key, authorization, cookie, credential, ...) at any depth,
 * and every value of a {@code headers} object, since any header may carry a credential.
 */
public final class Secrets {

    private static final Set<String> SECRET_KEYS = Set.of("secret", "secrets", "password", "token", "apikey",
            "api_key", "authorization", "clientsecret", "client_secret", "privatekey", "private_key");

    private Secrets() {
    }

    /** A copy of the configuration with secret values masked, at any depth. */
    public static ObjectNode redact(ObjectNode config) {
        ObjectNode copy = config.deepCopy();
        redactInPlace(copy);
        return copy;
    }

    /** The masked form of one secret. */
    public static String mask(String secret) {
        if (secret == null || secret.length() <= 8) {
            return "…";
        }
        String prefix = secret.startsWith("whsec_") ? "whsec_" : "";
        return prefix + "…" + secret.substring(secret.length() - 4);
    }

    private static void redactInPlace(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (isSecretKey(field.getKey())) {
                    field.setValue(maskValue(field.getValue()));
                } else if (field.getKey().equalsIgnoreCase("headers") && field.getValue() instanceof ObjectNode headers) {
                    headers.fields().forEachRemaining(header -> header.setValue(maskValue(header.getValue())));
                } else {
                    redactInPlace(field.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(Secrets::redactInPlace);
        }
    }

    private static JsonNode maskValue(JsonNode value) {
        if (value.isTextual()) {
            return TextNode.valueOf(mask(value.textValue()));
        }
        if (value.isArray()) {
            ArrayNode masked = ((ArrayNode) value).arrayNode();
            value.forEach(element -> masked.add(element.isTextual() ? TextNode.valueOf(mask(element.textValue()))
                    : TextNode.valueOf("…")));
            return masked;
        }
        return value.isContainerNode() ? TextNode.valueOf("…") : value;
    }

    private static boolean isSecretKey(String key) {
        String lower = key.toLowerCase(Locale.ROOT).replace("-", "_");
        return SECRET_KEYS.contains(lower) || lower.endsWith("secret") || lower.endsWith("password")
                || lower.endsWith("token") || lower.endsWith("authorization") || lower.endsWith("apikey")
                || lower.endsWith("api_key") || lower.endsWith("cookie") || lower.endsWith("auth")
                || lower.contains("credential");
    }
}
