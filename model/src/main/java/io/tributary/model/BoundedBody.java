package io.tributary.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A request body read with a limit: at most one byte more than the limit is kept, and the rest is read and
 * dropped, so that a client still sending gets the answer (a 413) rather than a reset connection.
 *
 * @param bytes  the start of the body, whole when it is within the limit
 * @param length the body's length in bytes
 */
public record BoundedBody(byte[] bytes, long length) {

    public static BoundedBody read(InputStream in, int maxBytes) throws IOException {
        byte[] bytes = in.readNBytes(maxBytes + 1);
        return new BoundedBody(bytes, bytes.length + in.transferTo(OutputStream.nullOutputStream()));
    }
}
