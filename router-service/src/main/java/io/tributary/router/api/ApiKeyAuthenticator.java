package io.tributary.router.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Checks {@code Authorization: Bearer <key>} against the SHA-256 hashes of the configured keys. Thread-safe.
 */
final class ApiKeyAuthenticator {

    private final Map<String, Caller> callersByHash;

    ApiKeyAuthenticator(ApiKeyProperties properties) {
        callersByHash = properties.keys().stream().collect(Collectors.toUnmodifiableMap(
                key -> hash(key.key()), key -> new Caller(key.tenant(), key.admin())));
    }

    /** The caller the header authenticates, or empty when it is missing, malformed or unknown. */
    Optional<Caller> authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.ofNullable(callersByHash.get(hash(authorization.substring(7).trim())));
    }

    static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
