/**
 * Kafka serdes of the contracts (envelope, subscription, delivery), all JSON through the shared Jackson 2 mapper.
 */
package io.tributary.model.serde;
