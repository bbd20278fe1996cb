package io.tributary.webhook.http;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.client5.http.async.AsyncExecChainHandler;
import org.apache.hc.client5.http.nio.AsyncClientConnectionManager;
import org.apache.hc.client5.http.nio.AsyncConnectionEndpoint;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.ConnectionInitiator;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Tells each {@link Exchange} when it got its connection and when that connection was open, through the client's
 * public extension points: an exec-chain interceptor placed before the connect step notes the exchange under the
 * client's exchange id, and a decorator of the connection manager sees that id's lease complete. A webhook's timeout
 * thus starts when its connection does, and the wait for one of the endpoint's connections stays bounded by its own
 * limit ({@code max-queue-wait}). Thread-safe.
 */
final class ExchangeClock implements AsyncExecChainHandler {

    static final String NAME = "tributary-exchange-clock";

    private final Map<String, Exchange> leasing = new ConcurrentHashMap<>();

    @Override
    public void execute(HttpRequest request, AsyncEntityProducer entityProducer, AsyncExecChain.Scope scope,
            AsyncExecChain chain, AsyncExecCallback callback) throws HttpException, IOException {
        Exchange exchange = exchange(scope.clientContext);
        if (exchange != null) {
            String id = scope.exchangeId;
            leasing.put(id, exchange);
            exchange.result().whenComplete((done, error) -> leasing.remove(id));
        }
        chain.proceed(request, entityProducer, scope, callback);
    }

    /** The pool, telling the exchanges of this clock about their leases and connections. */
    AsyncClientConnectionManager watching(AsyncClientConnectionManager pool) {
        return new WatchedPool(pool);
    }

    private static Exchange exchange(HttpContext context) {
        return context != null && context.getAttribute(Exchange.ATTRIBUTE) instanceof Exchange exchange
                ? exchange : null;
    }

    private final class WatchedPool implements AsyncClientConnectionManager {

        private final AsyncClientConnectionManager pool;

        WatchedPool(AsyncClientConnectionManager pool) {
            this.pool = pool;
        }

        @Override
        public Future<AsyncConnectionEndpoint> lease(String id, HttpRoute route, Object state, Timeout requestTimeout,
                FutureCallback<AsyncConnectionEndpoint> callback) {
            return pool.lease(id, route, state, requestTimeout, new FutureCallback<>() {
                @Override
                public void completed(AsyncConnectionEndpoint endpoint) {
                    Exchange exchange = leasing.remove(id);
                    if (exchange != null) {
                        exchange.connectionLeased(endpoint);
                        if (endpoint.isConnected()) {
                            exchange.connected();
                        }
                    }
                    callback.completed(endpoint);
                }

                @Override
                public void failed(Exception ex) {
                    leasing.remove(id);
                    callback.failed(ex);
                }

                @Override
                public void cancelled() {
                    leasing.remove(id);
                    callback.cancelled();
                }
            });
        }

        @Override
        public void release(AsyncConnectionEndpoint endpoint, Object newState, TimeValue validDuration) {
            pool.release(endpoint, newState, validDuration);
        }

        @Override
        public Future<AsyncConnectionEndpoint> connect(AsyncConnectionEndpoint endpoint,
                ConnectionInitiator connectionInitiator, Timeout connectTimeout, Object attachment, HttpContext context,
                FutureCallback<AsyncConnectionEndpoint> callback) {
            Exchange exchange = exchange(context);
            return pool.connect(endpoint, connectionInitiator, connectTimeout, attachment, context,
                    exchange == null ? callback : new FutureCallback<>() {
                        @Override
                        public void completed(AsyncConnectionEndpoint connected) {
                            exchange.connected();
                            callback.completed(connected);
                        }

                        @Override
                        public void failed(Exception ex) {
                            callback.failed(ex);
                        }

                        @Override
                        public void cancelled() {
                            callback.cancelled();
                        }
                    });
        }

        @Override
        public void upgrade(AsyncConnectionEndpoint endpoint, Object attachment, HttpContext context) {
            pool.upgrade(endpoint, attachment, context);
        }

        @Override
        public void upgrade(AsyncConnectionEndpoint endpoint, Object attachment, HttpContext context,
                FutureCallback<AsyncConnectionEndpoint> callback) {
            pool.upgrade(endpoint, attachment, context, callback);
        }

        @Override
        public void close(CloseMode closeMode) {
            pool.close(closeMode);
        }

        @Override
        public void close() throws IOException {
            pool.close();
        }
    }
}
