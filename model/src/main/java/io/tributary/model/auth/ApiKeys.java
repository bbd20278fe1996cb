package io.tributary.model.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The API keys both HTTP APIs accept, kept only as SHA-256 hashes: checks {@code Authorization: Bearer <key>}.
 * Immutable and thread-safe.
 */
public final class ApiKeys {

    /** Shortest key accepted, so that keys cannot be guessed. */
    public static final int MIN_KEY_LENGTH = 16;

    private final Map<String, ApiCaller> callersByHash;

    private ApiKeys(Map<String, ApiCaller> callersByHash) {
        this.callersByHash = Map.copyOf(callersByHash);
    }

    /** Keys from clear text: key to caller. */
    public static ApiKeys of(Map<String, ApiCaller> keys) {
        Map<String, ApiCaller> hashed = new HashMap<>();
        keys.forEach((key, caller) -> {
            if (key == null || key.length() < MIN_KEY_LENGTH) {
                throw new IllegalArgumentException("an API key must be at least " + MIN_KEY_LENGTH + " characters");
            }
            hashed.put(hash(key), caller);
        });
        return new ApiKeys(hashed);
    }

    /** The caller an {@code Authorization} header authenticates, or empty when missing, malformed or unknown. */
    public Optional<ApiCaller> authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.ofNullable(callersByHash.get(hash(authorization.substring(7).trim())));
    }

    /** The hex SHA-256 of a key, the only form in which keys are kept. */
    public static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
