/**
 * What the console does to Tributary's topics: redrive dead letters by the same rules and with the same redrive
 * ledger as {@code tributary dlt redrive} ({@code DeadLetterRedrive} in the model), and resend a delivery.
 */
package io.tributary.console.actions;
