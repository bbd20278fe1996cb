/** The console's configuration ({@code tributary.console}) and the wiring of its ledger consumer. */
package io.tributary.console.config;
