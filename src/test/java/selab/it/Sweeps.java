package selab.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import selab.results.Json;

/** Tiny synthetic sweeps and readers of what the CLI leaves behind (results tree, worker log lines). */
final class Sweeps {
    private Sweeps() {}

    /** A worker's line when it starts a run: "&lt;variant&gt; (&lt;id&gt;, seed N): training (attempt a of m)". */
    static final Pattern TRAINING = Pattern.compile("^\\S+ \\(([0-9a-f]{12}), seed \\d+\\): training \\(attempt (\\d+)",
            Pattern.MULTILINE);
    /** A worker's line when it resumes a run from its checkpoint. */
    static final Pattern RESUMING = Pattern.compile(
            "^\\S+ \\(([0-9a-f]{12}), seed \\d+\\): resuming from its last checkpoint \\(attempt (\\d+)\\)",
            Pattern.MULTILINE);

    /**
     * A spec of {@code variants × seeds} runs of a width-0.25 ResNet-20 on synthetic 3×16×16 data (256 train,
     * 128 test images): a few tenths of a second per epoch on a laptop CPU.
     */
    static Path spec(Path dir, String file, String name, int epochs, List<Integer> seeds, String variantsYaml,
            String extraYaml) throws IOException {
        String yaml = "name: " + name + "\n"
                + "base:\n"
                + "  model: {arch: resnet-20, width: 0.25}\n"
                + "  data: {source: synthetic, train_subset: 256, test_subset: 128}\n"
                + "  recipe: {epochs: " + epochs + ", batch_size: 64}\n"
                + "  device: cpu\n"
                + "seeds: " + seeds + "\n"
                + "variants:\n" + variantsYaml
                + extraYaml;
        Path p = dir.resolve(file);
        Files.writeString(p, yaml);
        return p;
    }

    /** Run id -> parsed run.json, for every run directory under results/&lt;experiment&gt;/. */
    static Map<String, JsonNode> records(Path results, String experiment) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (Path dir : runDirs(results, experiment)) {
            Path json = dir.resolve("run.json");
            if (Files.isRegularFile(json)) {
                try {
                    out.put(dir.getFileName().toString(), Json.mapper().readTree(json.toFile()));
                } catch (IOException e) {
                    // run.json is replaced by rename, never written in place; a read can only miss a just-deleted dir
                }
            }
        }
        return out;
    }

    static List<Path> runDirs(Path results, String experiment) {
        Path exp = results.resolve(experiment);
        if (!Files.isDirectory(exp)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(exp)) {
            return s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The data rows of a history.csv (header dropped); an absent file has none. */
    static List<String> historyRows(Path runDir) {
        Path csv = runDir.resolve("history.csv");
        try {
            if (!Files.isRegularFile(csv)) {
                return List.of();
            }
            List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            return lines.isEmpty() ? List.of() : new ArrayList<>(lines.subList(1, lines.size()));
        } catch (IOException e) {
            return List.of(); // replaced while we read it: the caller polls again
        }
    }

    /** Polls {@code condition} until it holds; fails with the child's log if the child exits or time runs out. */
    static void await(Process child, Path log, java.time.Duration timeout, java.util.function.BooleanSupplier condition,
            String what) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (!child.isAlive()) {
                throw new AssertionError("the child exited (" + child.exitValue() + ") before " + what + ":\n"
                        + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                child.destroyForcibly();
                throw new AssertionError("no " + what + " within " + timeout + ":\n" + Files.readString(log));
            }
            Thread.sleep(10);
        }
    }

    /** The run's only run directory's history has at least {@code min} and at most {@code max} rows, and a checkpoint. */
    static boolean midway(Path runDir, int min, int max) {
        int rows = historyRows(runDir).size();
        return rows >= min && rows <= max && Files.exists(runDir.resolve("checkpoints/last.ckpt"));
    }

    /** The text of a file, or "" while it does not exist. */
    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Epoch numbers of the history rows, which must be 1..n without gaps or repeats. */
    static List<Integer> epochs(Path runDir) {
        return historyRows(runDir).stream().map(r -> Integer.parseInt(r.split(",")[0])).toList();
    }

    /** Run ids of every match of {@code p} (group 1), in order, duplicates kept. */
    static List<String> ids(Pattern p, String log) {
        List<String> ids = new ArrayList<>();
        Matcher m = p.matcher(log);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    /**
     * Freezes {@code child} with SIGSTOP: it keeps its claim lock and its lease but trains no further, so a test can
     * act "while it is busy" however fast this machine's epochs are. SIGKILL still ends a stopped process.
     */
    static void freeze(Process child) throws IOException, InterruptedException {
        // bash's builtin: a minimal machine may lack /bin/kill (procps).
        Process kill = new ProcessBuilder("bash", "-c", "kill -STOP " + child.pid()).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -STOP " + child.pid() + " failed");
        }
    }
}
