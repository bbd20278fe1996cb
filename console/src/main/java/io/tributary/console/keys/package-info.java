/** The API keys screen's store: the shared key store's registry, the one {@code tributary keys} uses. */
package io.tributary.console.keys;
