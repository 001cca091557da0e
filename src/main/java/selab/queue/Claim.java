package selab.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import selab.results.Json;
import selab.spec.RunConfig;

/**
 * A run handed to one worker by {@link WorkQueue#claim}. Every later write about it (heartbeat, checkpoint,
 * complete, fail, release) presents {@link #token}; once another worker has taken the run over, those writes
 * change nothing and report that the claim is lost.
 *
 * @param experiment the experiment the claim was filtered by, or else the first experiment that enqueued
 *     the run; its results directory is where the run's files go
 * @param variant the variant's name in that experiment
 * @param configJson the run's {@link RunConfig} as JSON
 * @param token this claim's fencing token
 * @param lease the heartbeat interval and timeout this claim was made with
 * @param attempt how many times the run has been handed out, this claim included
 * @param failedAttempts how many earlier attempts ended in an error; the run fails when they reach maxAttempts
 * @param reclaimed true if a previous worker died or lapsed mid-run: resume from its checkpoints
 * @param previousWorker the worker that held a reclaimed run, else null
 */
public record Claim(
        String id,
        String experiment,
        String variant,
        long seed,
        String configJson,
        String token,
        Lease lease,
        int attempt,
        int failedAttempts,
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
