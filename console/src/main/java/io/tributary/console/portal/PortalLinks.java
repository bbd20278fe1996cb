package io.tributary.console.portal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, single-use, short-lived links that open a tenant's portal. A token is
 * {@code base64url(tenant "|" expiry-epoch-seconds "|" nonce) "." base64url(HMAC-SHA256(key, that payload))}: it
 * names its tenant, cannot be altered without the key, expires, and is accepted once: its nonce is claimed in
 * {@link UsedNonces} until it expires, in the ledger's database in the service, so a link opens the portal once
 * across every console instance that shares the database. Thread-safe.
 */
final class PortalLinks {

    /** Why a token does not open the portal. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /** Where the nonces of opened links are claimed, each once, until their link expires. */
    interface UsedNonces {
        /**
         * Claims {@code nonce} for a link valid until {@code expires}: {@code true} the first time, {@code false}
         * after; nonces of links expired by {@code now} may be forgotten.
         */
        boolean claim(String nonce, Instant expires, Instant now);

        /** The used nonces of this instance only, in memory: for tests and a single instance. */
        static UsedNonces inMemory() {
            Map<String, Instant> used = new ConcurrentHashMap<>();
            return (nonce, expires, now) -> {
                used.values().removeIf(until -> !now.isBefore(until));
                return used.putIfAbsent(nonce, expires) == null;
            };
        }
    }

    /** What an opened link grants: the tenant. */
    record Grant(String tenant) {
    }

    private static final Pattern TENANT = Pattern.compile("[^|\\s]{1,128}");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;
    private final Duration ttl;
    private final UsedNonces used;

    PortalLinks(byte[] key, Duration ttl) {
        this(key, ttl, UsedNonces.inMemory());
    }

    PortalLinks(byte[] key, Duration ttl, UsedNonces used) {
        if (key.length < PortalProperties.MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("a portal link key holds at least " + PortalProperties.MIN_SECRET_LENGTH
                    + " bytes");
        }
        this.key = key.clone();
        this.ttl = ttl;
        this.used = used;
    }

    /** A fresh random key, for when none is configured. */
    static byte[] generatedKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return HexFormat.of().formatHex(key).getBytes(StandardCharsets.US_ASCII);
    }

    /** Whether a tenant name can be put in a link. */
    static boolean validTenant(String tenant) {
        return tenant != null && TENANT.matcher(tenant).matches();
    }

    Duration ttl() {
        return ttl;
    }

    /** A token for {@code tenant}, valid until {@code now + ttl}. */
    String issue(String tenant, Instant now) {
        if (!validTenant(tenant)) {
            throw new IllegalArgumentException("tenant must be 1 to 128 characters without '|' or spaces");
        }
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String payload = tenant + "|" + now.plus(ttl).getEpochSecond() + "|" + HexFormat.of().formatHex(nonce);
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return B64.encodeToString(bytes) + "." + B64.encodeToString(mac(bytes));
    }

    /** Opens a token once: the tenant it names, or why it is refused (unsigned, altered, expired or used). */
    Grant open(String token, Instant now) throws Refused {
        if (token == null || token.length() > 1024) {
            throw new Refused("This link is not a portal link.");
        }
        int dot = token.indexOf('.');
        byte[] payload;
        byte[] signature;
        try {
            payload = Base64.getUrlDecoder().decode(token.substring(0, Math.max(dot, 0)));
            signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw new Refused("This link is not a portal link.");
        }
        if (dot < 1 || !MessageDigest.isEqual(mac(payload), signature)) {
            throw new Refused("This link is not a valid portal link: its signature does not match.");
        }
        String[] parts = new String(payload, StandardCharsets.UTF_8).split("\\|", -1);
        if (parts.length != 3 || !validTenant(parts[0]) || !parts[1].matches("[0-9]{1,12}")) {
            throw new Refused("This link is not a portal link.");
        }
        Instant expires = Instant.ofEpochSecond(Long.parseLong(parts[1]));
        if (!now.isBefore(expires)) {
            throw new Refused("This link expired; ask for a new one.");
        }
        if (!used.claim(parts[2], expires, now)) {
            throw new Refused("This link was used already; each link opens the portal once. Ask for a new one.");
        }
        return new Grant(parts[0]);
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
