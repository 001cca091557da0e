package selab.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import selab.spec.RunConfig;
import selab.train.HistoryRow;

/**
 * One run of a config trained by the PyTorch peer ({@code peer_pytorch.py --train}): the request is the run's
 * config, seed, data directory and thread count; the peer prints each epoch's row on stderr as it finishes and the
 * whole run on stdout at the end. The process is watched, not waited on blindly: a stop request or a lost claim
 * ends it (the peer writes no checkpoints, so its next attempt starts over).
 */
public final class PeerTraining {

    /** What the caller is told while the peer trains, and asked between its lines. */
    public interface Progress {
        /** An epoch finished; {@code history} is every epoch so far. */
        void epochDone(HistoryRow row, List<HistoryRow> history);

        /** Polled about every {@link #POLL_MS} ms; true ends the peer and throws {@link Stopped}. */
        boolean stopRequested();

        /** Polled likewise; may throw to end the peer (e.g. the worker lost its claim). */
        void stillOwned();
    }

    /** The peer was ended because a stop was requested. */
    public static final class Stopped extends RuntimeException {
        public Stopped(String message) {
            super(message);
        }
    }

    /**
     * @param status {@code done} or {@code diverged}
     * @param trainSeconds seconds in training epochs (evaluation excluded, as selab counts them)
     */
    public record Outcome(String status, String torchVersion, int threads, long params, double trainSeconds,
            List<HistoryRow> history) {}

    static final int POLL_MS = 200;
    private static final int STDERR_TAIL_LINES = 15;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String python;

    public PeerTraining(String python) {
        this.python = python;
    }

    /** The peer that {@value PeerScript#PYTHON_ENV} names (default {@value PeerScript#DEFAULT_PYTHON}). */
    public static PeerTraining fromEnvironment() {
        return new PeerTraining(PeerScript.pythonFromEnvironment());
    }

    /**
     * Trains {@code config} with {@code seed} on the IDX files in {@code dataDir}.
     *
     * <p>The peer ignores SIGINT and SIGTERM (a Ctrl-C or {@code scancel} reaches the whole process group): this JVM
     * decides, ending it with SIGKILL on a stop request or a lost claim. Should this JVM die first, the peer reads
     * EOF on its stdin (this process's end of the pipe, never written, closes with it) and exits.
     *
     * @param workDir where the request and the peer's stdout go (the run's scratch directory; one file pair per attempt)
     * @throws PeerUnavailableException if python cannot be started or cannot import torch
     * @throws IOException if the peer fails otherwise (the message ends with its stderr's tail)
     */
    public Outcome train(RunConfig config, long seed, Path dataDir, int threads, Path workDir, Progress progress)
            throws IOException, InterruptedException {
        ObjectNode request = JSON.createObjectNode();
        // The config as selab resolved it, implementation and all: the peer reads model, data and recipe.
        request.set("config", JSON.valueToTree(config));
        request.put("seed", seed).put("data_dir", dataDir.toAbsolutePath().toString()).put("threads", threads);
        Files.createDirectories(workDir);
        Path requestFile = Files.createTempFile(workDir, "peer-request-", ".json");
        Path stdout = Files.createTempFile(workDir, "peer-stdout-", ".json");
        Files.writeString(requestFile, request.toPrettyString());
        ProcessBuilder pb = new ProcessBuilder(python, PeerScript.path().toString(), "--train", requestFile.toString(),
                "--watch-parent")
                .redirectOutput(stdout.toFile());
        // Both libraries size their pools from these at import time, before torch.set_num_threads runs.
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
        pb.environment().put("MKL_NUM_THREADS", Integer.toString(threads));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new PeerUnavailableException("cannot run python '" + python + "' for the PyTorch peer (install"
                    + " python3-torch, or set " + PeerScript.PYTHON_ENV + " to a python3 that has torch): " + e.getMessage());
        }
        List<HistoryRow> history = new ArrayList<>();
        Deque<String> stderrTail = new ArrayDeque<>();
        try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            while (true) {
                while (err.ready()) {
                    String line = err.readLine();
                    if (line == null) {
                        break;
                    }
                    JsonNode row = epochRow(line);
                    if (row != null) {
                        history.add(historyRow(row));
                        progress.epochDone(history.get(history.size() - 1), List.copyOf(history));
                    } else {
                        stderrTail.addLast(line);
                        if (stderrTail.size() > STDERR_TAIL_LINES) {
                            stderrTail.removeFirst();
                        }
                    }
                }
                if (!p.isAlive() && !err.ready()) {
                    break;
                }
                if (progress.stopRequested()) {
                    throw stopped(history);
                }
                progress.stillOwned();
                p.waitFor(POLL_MS, TimeUnit.MILLISECONDS);
            }
        } finally {
            if (p.isAlive()) {
                end(p); // stopped, claim lost, or this thread failed: the peer must not train on unowned
            }
        }
        int exit = p.waitFor();
        String tail = String.join("\n", stderrTail);
        if (exit != 0) {
            if (progress.stopRequested()) {
                throw stopped(history); // killed with this JVM's stop (a signal to the whole group): not a failure
            }
            if (tail.contains("No module named 'torch'") || tail.contains("No module named torch")) {
                throw new PeerUnavailableException("python '" + python + "' cannot import torch (install python3-torch,"
                        + " or set " + PeerScript.PYTHON_ENV + " to a python3 that has it)");
            }
            throw new IOException("the PyTorch peer (" + python + ") exited with status " + exit + "; stderr tail:\n" + tail);
        }
        JsonNode out = lastJsonLine(Files.readString(stdout, StandardCharsets.UTF_8), tail);
        List<HistoryRow> all = new ArrayList<>();
        for (JsonNode row : out.get("history")) {
            all.add(historyRow(row));
        }
        return new Outcome(out.get("status").asText(), out.get("torch_version").asText(), out.get("threads").asInt(),
                out.get("params").asLong(), out.get("train_seconds").asDouble(), all);
    }

    private static Stopped stopped(List<HistoryRow> history) {
        return new Stopped("stopped on request after " + history.size() + " epoch(s) (the peer keeps no checkpoints)");
    }

    /** SIGKILL: the peer ignores SIGTERM (see {@link #train}). */
    private static void end(Process p) {
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The row of a {@code {"epoch_done": n, "row": {...}}} line, or null for any other stderr line. */
    private static JsonNode epochRow(String line) {
        String t = line.trim();
        if (!t.startsWith("{\"epoch_done\"")) {
            return null;
        }
        try {
            return JSON.readTree(t).get("row");
        } catch (IOException e) {
            return null;
        }
    }

    private static HistoryRow historyRow(JsonNode r) {
        return new HistoryRow(r.get("epoch").asInt(), num(r, "lr"), num(r, "train_loss"), num(r, "train_top1_err"),
                num(r, "test_loss"), num(r, "test_top1_err"), num(r, "test_top5_err"), num(r, "seconds"),
                num(r, "images_per_s"));
    }

    /** A number, or NaN where the peer wrote null (an epoch not evaluated) or left the field out. */
    private static double num(JsonNode r, String field) {
        JsonNode v = r.get(field);
        return v == null || v.isNull() ? Double.NaN : v.asDouble();
    }

    private static JsonNode lastJsonLine(String stdout, String stderrTail) throws IOException {
        String[] lines = stdout.split("\\R");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (lines[i].trim().startsWith("{")) {
                return JSON.readTree(lines[i].trim());
            }
        }
        throw new IOException("the PyTorch peer printed no result line; stderr tail:\n" + stderrTail);
    }
}
