/** The console's search API, {@code /v1/events}, {@code /v1/deliveries} and {@code /v1/dead-letters}, for admin keys. */
package io.tributary.console.api;
