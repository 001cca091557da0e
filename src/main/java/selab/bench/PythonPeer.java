package selab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import selab.peer.PeerScript;

/**
 * Runs the PyTorch peer script ({@link PeerScript}) with an external python3 that has
 * torch, so that {@code selab bench} can put selab's DJL throughput next to plain PyTorch's.
 *
 * <p>A missing or broken peer is an expected situation on many machines, so no method throws for it:
 * each returns an {@link Attempt} whose result is empty and whose {@link Availability} says why.
 */
public final class PythonPeer {

    public static final String PYTHON_ENV = PeerScript.PYTHON_ENV;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(15);

    private static final int STDERR_TAIL_LINES = 15;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Why a peer run produced (or did not produce) a result. */
    public enum Status {
        AVAILABLE,
        /** The python executable could not be started. */
        PYTHON_MISSING,
        /** Python started but {@code import torch} failed. */
        TORCH_MISSING,
        /** The script exited non-zero, ran past the timeout, or printed no parsable JSON line. */
        SCRIPT_FAILED
    }

    /** The status of a peer run with a human-readable reason (empty when available). */
    public record Availability(Status status, String reason) {
        public static final Availability OK = new Availability(Status.AVAILABLE, "");

        public boolean isAvailable() {
            return status == Status.AVAILABLE;
        }
    }

    /** The outcome of one peer run: a result when available, otherwise empty with the reason. */
    public record Attempt<T>(Optional<T> result, Availability availability) {
        static <T> Attempt<T> failed(Availability why) {
            return new Attempt<>(Optional.empty(), why);
        }
    }

    private final String python;
    private final Duration timeout;

    /**
     * @param python the python executable (a path, or a name looked up on PATH)
     * @param timeout wall-clock limit for one script run
     */
    public PythonPeer(String python, Duration timeout) {
        this.python = python;
        this.timeout = timeout;
    }

    /** The python named by {@value PeerScript#PYTHON_ENV}, else the default, with the default timeout. */
    public static PythonPeer fromEnvironment() {
        return new PythonPeer(PeerScript.pythonFromEnvironment(), DEFAULT_TIMEOUT);
    }

    public String python() {
        return python;
    }

    /** Whether this python can import torch; the result is the torch version. */
    public Attempt<String> probe() {
        List<String> args = List.of("-c", "import json, torch; print(json.dumps({'v': torch.__version__}))");
        return run(args, false, 1, json -> required(json, "v").asText());
    }

    /**
     * What the peer's trainer would use for a selab run request ({@code peer_pytorch.py --probe-recipe}: subset
     * indices, normalisation, lr per step, crop offsets, parameters), without training.
     */
    public Attempt<JsonNode> probeRecipe(Path request) {
        return run(List.of("--probe-recipe", request.toString()), true, 1, json -> json);
    }

    /** Trainable parameter count of the peer's network for this request, without training. */
    public Attempt<Long> countParams(PeerRequest request) {
        List<String> args = new ArrayList<>(request.scriptArgs());
        args.add("--count-params-only");
        return run(args, true, request.threads(), json -> required(json, "params").asLong());
    }

    /** Times {@code request.steps()} training steps after {@code request.warmup()} untimed ones. */
    public Attempt<PeerResult> train(PeerRequest request) {
        return run(request.scriptArgs(), true, request.threads(), json -> new PeerResult(
                required(json, "torch_version").asText(),
                required(json, "threads").asInt(),
                required(json, "batch").asInt(),
                required(json, "params").asLong(),
                required(json, "median_step_s").asDouble(),
                required(json, "images_per_s").asDouble()));
    }

    /**
     * Times the phases of the peer's training step (forward+loss, backward, optimizer) separately, median
     * over {@code request.steps()} steps after {@code request.warmup()}; the gather phase is 0 because the
     * peer's batch stays resident.
     */
    public Attempt<StepPhases> trainPhases(PeerRequest request) {
        List<String> args = new ArrayList<>(request.scriptArgs());
        args.add("--breakdown");
        return run(args, true, request.threads(), json -> {
            JsonNode p = required(json, "phases");
            return new StepPhases(0, required(p, "forward").asDouble(), required(p, "backward").asDouble(),
                    required(p, "optimizer").asDouble());
        });
    }

    /** PyTorch's achieved GFLOP/s for a float32 {@code n x n @ n x n} matmul (median of repeats). */
    public Attempt<Double> matmulGflops(int n, int threads) {
        if (n < 1 || threads < 1) {
            throw new IllegalArgumentException("matmul n and threads must be >= 1, got n=" + n + ", threads=" + threads);
        }
        List<String> args = List.of("--matmul", Integer.toString(n), "--threads", Integer.toString(threads));
        return run(args, true, threads, json -> required(json, "matmul_gflops").asDouble());
    }

    /** Runs {@code python [script] args} and parses the last JSON line of its stdout. */
    private <T> Attempt<T> run(List<String> args, boolean viaScript, int threads, Function<JsonNode, T> parse) {
        List<String> cmd = new ArrayList<>();
        cmd.add(python);
        if (viaScript) {
            try {
                cmd.add(scriptPath().toString());
            } catch (UncheckedIOException e) {
                return Attempt.failed(new Availability(Status.SCRIPT_FAILED, e.getMessage() + ": " + e.getCause()));
            }
        }
        cmd.addAll(args);
        // Both libraries size their pools from these at import time, before torch.set_num_threads runs.
        Map<String, String> env = Map.of(
                "OMP_NUM_THREADS", Integer.toString(threads), "MKL_NUM_THREADS", Integer.toString(threads));
        PeerProcess.Output out;
        try {
            out = PeerProcess.run(cmd, env, timeout);
        } catch (IOException e) {
            return Attempt.failed(new Availability(Status.PYTHON_MISSING, "cannot run python '" + python
                    + "' (set " + PYTHON_ENV + " to a python3 that has torch): " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Attempt.failed(new Availability(Status.SCRIPT_FAILED, "interrupted while running " + python));
        }
        if (out.timedOut()) {
            return Attempt.failed(new Availability(Status.SCRIPT_FAILED,
                    "peer ran past the " + timeout.toSeconds() + " s timeout and was killed; stderr tail:\n"
                            + tail(out.stderr())));
        }
        if (out.exitCode() != 0) {
            return Attempt.failed(diagnose(out));
        }
        try {
            JsonNode json = JSON.readTree(lastJsonLine(out.stdout()));
            return new Attempt<>(Optional.of(parse.apply(json)), Availability.OK);
        } catch (IOException | IllegalStateException e) {
            return Attempt.failed(new Availability(Status.SCRIPT_FAILED, "peer printed no usable JSON line ("
                    + e.getMessage() + "); stdout tail:\n" + tail(out.stdout())));
        }
    }

    private Availability diagnose(PeerProcess.Output out) {
        String err = out.stderr();
        if (err.contains("No module named 'torch'") || err.contains("No module named torch")) {
            return new Availability(Status.TORCH_MISSING, "python '" + python + "' cannot import torch (set "
                    + PYTHON_ENV + " to a python3 that has it): " + lastLine(err));
        }
        return new Availability(Status.SCRIPT_FAILED,
                "peer exited with status " + out.exitCode() + "; stderr tail:\n" + tail(err));
    }

    private static JsonNode required(JsonNode json, String field) {
        JsonNode v = json.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalStateException("field '" + field + "' missing in " + json);
        }
        return v;
    }

    /** The script prints one JSON line, but torch may print warnings to stdout before it. */
    private static String lastJsonLine(String stdout) {
        String[] lines = stdout.split("\\R");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (lines[i].trim().startsWith("{")) {
                return lines[i].trim();
            }
        }
        throw new IllegalStateException("no line starting with '{'");
    }

    static String tail(String text) {
        String[] lines = text.strip().split("\\R");
        int from = Math.max(0, lines.length - STDERR_TAIL_LINES);
        return String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length));
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\\R");
        return lines[lines.length - 1];
    }

    /** The peer script, extracted to a temporary file once per process. */
    public Path scriptPath() {
        return PeerScript.path();
    }
}
