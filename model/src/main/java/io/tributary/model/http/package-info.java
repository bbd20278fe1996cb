/**
 * The HTTP edge every Tributary API shares: {@link io.tributary.model.http.ApiRefusal}, the refusal a handler's step
 * throws, and {@link io.tributary.model.http.ApiExceptionHandler}, the one handler that answers every failure with
 * the error body of docs/design.md. Spring MVC is an optional dependency of the model: only the services, which
 * have it, load these classes.
 */
package io.tributary.model.http;
