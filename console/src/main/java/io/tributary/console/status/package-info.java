/**
 * What the console's overview shows beside the ledger: each Tributary consumer group's lag ({@code ConsumerLag},
 * from the broker) and what the router and the capture report about themselves ({@code ServiceStatus}: quarantined
 * subscriptions, the capture's state and its replication slot's lag), each with the reason when it is unknown.
 */
package io.tributary.console.status;
