/**
 * The databases the worker reads and keeps: {@code MappingStore} ({@code external_integration_mapping}, where each
 * record lives in each target) and {@code SourceRows} (a source row's current state, spelled as the capture spells
 * it).
 */
package io.tributary.sync.store;
