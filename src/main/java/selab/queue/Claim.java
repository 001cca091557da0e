package selab.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import selab.results.Json;
import selab.spec.RunConfig;

/**
 * A run handed to one worker by {@link RunQueue#claim}.
 *
 * @param experiment the experiment the claim was filtered by, or else the first experiment that enqueued
 *     the run; its results directory is where the run's files go
 * @param variant the variant's name in that experiment
 * @param configJson the run's {@link RunConfig} as JSON
 * @param attempt 1 for the first try, counting every claim including reclaims
 * @param reclaimed true if a previous worker stopped heartbeating mid-run: resume from its checkpoints
 * @param previousWorker the worker that held a reclaimed run, else null
 */
public record Claim(
        String id,
        String experiment,
        String variant,
        long seed,
        String configJson,
        int attempt,
        int maxAttempts,
        boolean reclaimed,
        String previousWorker) {

    /** Parses {@link #configJson}. */
    public RunConfig config() {
        try {
            return Json.mapper().readValue(configJson, RunConfig.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Run " + id + " has an unreadable config_json in the queue: "
                    + e.getOriginalMessage(), e);
        }
    }
}
