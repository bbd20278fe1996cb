/**
 * PostgreSQL knowledge a sync needs: the captured spelling of values ({@code CapturedValues}) and a target table's
 * column types ({@code TableColumns}), so that PostgreSQL itself parses every value it is given.
 */
package io.tributary.sync.pg;
