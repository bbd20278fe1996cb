/**
 * The {@code tributary} command (picocli): {@code topics}, {@code subscriptions} (through the admin API),
 * {@code tables}, {@code keys}, {@code events tail}, {@code replay}, {@code dlt} (list, show, redrive, with the
 * {@code tributary.dlt-redrives} ledger), {@code lag} and {@code filters test}. Operator commands talk to Kafka
 * directly; each error is one line and exit code 1. It writes {@code tributary.subscriptions} only through the
 * admin API, and ships no test library (a build rule).
 */
package io.tributary.cli;
