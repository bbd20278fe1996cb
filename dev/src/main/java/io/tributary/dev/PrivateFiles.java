package io.tributary.dev;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files only their owner may read (mode 600): the local stack's keys, its endpoints with the admin key and the
 * database password, and the demo's webhook secret. The mode is set when the file is created, so no other user
 * can open it in between, and the file is replaced whole (written beside it, then moved over it).
 */
final class PrivateFiles {

    private static final String OWNER_ONLY = "rw-------";

    private PrivateFiles() {
    }

    /** Writes {@code text} (UTF-8) to {@code file}, mode 600 from its creation on. */
    static void write(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path temp;
        try {
            FileAttribute<?> ownerOnly = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(OWNER_ONLY));
            temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp", ownerOnly);
        } catch (UnsupportedOperationException e) {
            temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp"); // not a POSIX file system
        }
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Makes an existing file (one an earlier version wrote readable by all) readable by its owner only. */
    static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(OWNER_ONLY));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
    }
}
