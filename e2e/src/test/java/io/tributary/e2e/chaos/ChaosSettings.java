package io.tributary.e2e.chaos;

import java.time.Duration;

/**
 * The size of a chaos run, from system properties (the {@code chaos} Maven profile sets the long run's; without it
 * the reduced run of the normal build):
 *
 * <ul>
 *   <li>{@code chaos.rounds} (1): how many times every fault is injected, one after another;</li>
 *   <li>{@code chaos.rate} (50): row changes committed per second;</li>
 *   <li>{@code chaos.keys} (100): rows the changes are spread over;</li>
 *   <li>{@code chaos.receiverDown} (PT15S): how long the endpoint refuses connections;</li>
 *   <li>{@code chaos.receiverFailing} (PT10S): how long the endpoint answers 503;</li>
 *   <li>{@code chaos.settle} (PT1S): load between a recovery and the next fault;</li>
 *   <li>{@code chaos.recoveryTimeout} (PT3M), {@code chaos.quietTimeout} (PT5M): how long to wait for the
 *       pipeline to deliver again after a fault, and to deliver everything after the load;</li>
 *   <li>{@code chaos.assertOrder} (true): fail when the ordered subscription received a record's changes out of
 *       order; false only reports them.</li>
 * </ul>
 */
record ChaosSettings(int rounds, double rate, int keys, Duration receiverDown, Duration receiverFailing,
        Duration settle, Duration recoveryTimeout, Duration quietTimeout, boolean assertOrder, long seed) {

    static ChaosSettings fromSystemProperties() {
        return new ChaosSettings(
                Integer.parseInt(System.getProperty("chaos.rounds", "1")),
                Double.parseDouble(System.getProperty("chaos.rate", "50")),
                Integer.parseInt(System.getProperty("chaos.keys", "100")),
                Duration.parse(System.getProperty("chaos.receiverDown", "PT15S")),
                Duration.parse(System.getProperty("chaos.receiverFailing", "PT10S")),
                Duration.parse(System.getProperty("chaos.settle", "PT1S")),
                Duration.parse(System.getProperty("chaos.recoveryTimeout", "PT3M")),
                Duration.parse(System.getProperty("chaos.quietTimeout", "PT5M")),
                Boolean.parseBoolean(System.getProperty("chaos.assertOrder", "true")),
                Long.parseLong(System.getProperty("chaos.seed", Long.toString(System.nanoTime() % 100_000))));
    }

    @Override
    public String toString() {
        return String.format("rounds %d, %.0f changes/s over %d rows, receiver down %d s, answering 503 %d s,"
                + " settle %d s, assertOrder %s, seed %d", rounds, rate, keys, receiverDown.toSeconds(),
                receiverFailing.toSeconds(), settle.toSeconds(), assertOrder, seed);
    }
}
