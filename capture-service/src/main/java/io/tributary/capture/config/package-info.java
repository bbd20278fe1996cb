/**
 * Configuration of the capture: the {@code tributary.capture} properties record (Debezium settings pass through
 * under {@code tributary.capture.debezium.*}), the wiring that runs the engine for the life of the application, and
 * the {@code capture} health indicator that makes readiness follow the engine.
 */
package io.tributary.capture.config;
