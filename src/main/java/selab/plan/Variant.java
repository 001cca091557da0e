package selab.plan;

import selab.spec.RunConfig;

/**
 * One run to do: a named, fully resolved config with its seed.
 *
 * @param id short hash of the canonical config and seed; the same config in two specs is the same run
 */
public record Variant(String experiment, String name, long seed, RunConfig config, String id) {}
