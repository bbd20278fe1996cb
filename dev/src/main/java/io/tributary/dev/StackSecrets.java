package io.tributary.dev;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** The local stack's secrets, made once per data directory and kept in files only their owner can read. */
final class StackSecrets {

    private StackSecrets() {
    }

    /** The stack's API keys: made once per data directory, kept in a file only its owner can read. */
    static Map<String, String> keys(Path file) throws IOException {
        Map<String, String> keys = Endpoints.read(file);
        if (keys.containsKey("TRIBUTARY_ADMIN_KEY") && keys.containsKey("TRIBUTARY_INGEST_KEY")) {
            PrivateFiles.restrict(file);
            return keys;
        }
        keys = new LinkedHashMap<>();
        keys.put("TRIBUTARY_ADMIN_KEY", "trb_dev_admin_" + random(12));
        keys.put("TRIBUTARY_INGEST_KEY", "trb_dev_ingest_" + random(12));
        StringBuilder text = new StringBuilder("# API keys of this local stack (admin, and tenant demo)\n");
        keys.forEach((name, value) -> text.append(name).append("='").append(value).append("'\n"));
        PrivateFiles.write(file, text.toString());
        return keys;
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        new SecureRandom().nextBytes(value);
        return HexFormat.of().formatHex(value);
    }

    /** The demo receiver's webhook secret: made once per data directory, mode 600. */
    static String demoSecret(Path file) throws IOException {
        if (Files.exists(file)) {
            PrivateFiles.restrict(file);
            return Files.readString(file).strip();
        }
        byte[] key = new byte[24];
        new SecureRandom().nextBytes(key);
        String secret = "whsec_" + Base64.getEncoder().encodeToString(key);
        PrivateFiles.write(file, secret);
        return secret;
    }
}
