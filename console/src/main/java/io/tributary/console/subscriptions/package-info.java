/**
 * Subscriptions as the console and the portal read and change them: the store on the compacted subscriptions topic
 * (under the router admin API's rules), the operator form's mapping to subscription JSON, the filter tester that runs
 * a subscription's {@code filter} and {@code where} with the model's own compilers, and each subscription's recent
 * success rate from the ledger.
 */
package io.tributary.console.subscriptions;
