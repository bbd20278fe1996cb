package io.tributary.webhook.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Streams a webhook response into its {@link Exchange}: the status and {@code Retry-After} as soon as the headers
 * arrive, then at most {@link AttemptResult#MAX_EXCERPT_BYTES} of the body. A body that goes on past that completes
 * the attempt with what was read, and the consumer then fails the exchange with {@link ExcerptRead}, which makes the
 * client close the connection instead of reading the rest: a body of gigabytes or an endless chunked stream costs
 * one excerpt's memory and ends at once. Runs on the client's I/O threads and never blocks.
 */
final class ExcerptConsumer implements AsyncResponseConsumer<AttemptResult> {

    private final Exchange exchange;
    private volatile FutureCallback<AttemptResult> resultCallback;

    ExcerptConsumer(Exchange exchange) {
        this.exchange = exchange;
    }

    @Override
    public void consumeResponse(HttpResponse response, EntityDetails entity, HttpContext context,
            FutureCallback<AttemptResult> callback) {
        this.resultCallback = callback;
        exchange.answered(response.getCode(), WebhookClient.retryAfter(response.getFirstHeader("Retry-After")),
                charset(entity));
        if (entity == null) {
            callback.completed(exchange.answer(true));
        }
    }

    @Override
    public void informationResponse(HttpResponse response, HttpContext context) {
        // 1xx answers carry nothing to record.
    }

    @Override
    public void updateCapacity(CapacityChannel capacityChannel) throws IOException {
        capacityChannel.update(AttemptResult.MAX_EXCERPT_BYTES + 1);
    }

    @Override
    public void consume(ByteBuffer src) throws IOException {
        if (!exchange.take(src)) {
            exchange.finish(exchange.answer(false));
            throw new ExcerptRead();
        }
    }

    @Override
    public void streamEnd(List<? extends Header> trailers) {
        resultCallback.completed(exchange.answer(true));
    }

    @Override
    public void failed(Exception cause) {
        // The client's callback reports the failure.
    }

    @Override
    public void releaseResources() {
        // Nothing held beyond the exchange's excerpt.
    }

    /** The body's charset when it names a known one, UTF-8 otherwise. */
    private static Charset charset(EntityDetails entity) {
        try {
            ContentType type = entity == null ? null : ContentType.parseLenient(entity.getContentType());
            Charset named = type == null ? null : type.getCharset();
            return named == null ? StandardCharsets.UTF_8 : named;
        } catch (RuntimeException unknownCharset) {
            return StandardCharsets.UTF_8;
        }
    }

    /** Ends an exchange whose excerpt is complete, so that the rest of the body is never read. */
    static final class ExcerptRead extends IOException {
        private static final long serialVersionUID = 1L;

        ExcerptRead() {
            super("response body longer than " + AttemptResult.MAX_EXCERPT_BYTES + " bytes: the rest is not read");
        }
    }
}
