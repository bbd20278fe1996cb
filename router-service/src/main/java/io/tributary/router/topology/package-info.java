/**
 * The routing topology: {@code RouterTopology.build} reads {@code tributary.subscriptions} into a global store and
 * routes {@code tributary.events} through {@code RoutingProcessor} (tenant, selection, filter, where, cooldown) to
 * {@code tributary.handler.<type>}, and what it cannot route, or a delivery it cannot write, to
 * {@code tributary.events-dlt} with its provenance headers. Tested with {@code TopologyTestDriver}; it never writes
 * the subscriptions topic.
 */
package io.tributary.router.topology;
