package dev.zeroloss.harness.core;

import java.util.Map;

/**
 * The state of one run (e.g. "seed3") at one step: its state tensors (copied) and its key metrics.
 * These are what golden replay compares bit for bit.
 */
public record Checkpoint(String run, long step, Map<String, double[]> tensors, Map<String, Double> metrics) {
}
