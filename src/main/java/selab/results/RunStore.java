package selab.results;

import selab.io.AtomicFiles;
import selab.io.BadInputException;
import selab.train.HistoryRow;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The on-disk results of runs, one directory per run:
 *
 * <pre>
 * &lt;root&gt;/&lt;experiment&gt;/&lt;run-id&gt;/run.json      the {@link RunRecord}, pretty snake_case JSON
 * &lt;root&gt;/&lt;experiment&gt;/&lt;run-id&gt;/history.csv   {@link HistoryRow#CSV_HEADER} then one row per epoch
 * &lt;root&gt;/&lt;experiment&gt;/&lt;run-id&gt;/checkpoints/  the trainer's per-epoch checkpoints
 * &lt;root&gt;/&lt;experiment&gt;/&lt;run-id&gt;/final.params  the trained weights
 * </pre>
 *
 * <p>Every write replaces the whole file atomically ({@link AtomicFiles}), so a crash never leaves a
 * half-written run.json or history.csv. Stray temp files from a crash are ignored by every reader.
 *
 * <p>One run id can belong to several experiments (the same config and seed in two specs) but is trained
 * once, under the experiment that claimed it. {@link #read} therefore falls back to the other experiments'
 * directories; {@link #listRecords} lists only what is physically under one experiment's directory.
 */
public final class RunStore {
    public static final String RUN_JSON = "run.json";
    public static final String HISTORY_CSV = "history.csv";
    public static final String TIMING_CSV = "timing.csv";
    public static final String CHECKPOINTS_DIR = "checkpoints";
    public static final String FINAL_PARAMS = "final.params";

    /** Experiment names and run ids become directory names: keep them to one harmless path segment. */
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");

    private final Path root;

    /** @param root the results directory, normally {@code results/} */
    public RunStore(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path runDir(String experiment, String id) {
        return root.resolve(segment("experiment", experiment)).resolve(segment("run id", id));
    }

    public Path runJson(String experiment, String id) {
        return runDir(experiment, id).resolve(RUN_JSON);
    }

    public Path historyCsv(String experiment, String id) {
        return runDir(experiment, id).resolve(HISTORY_CSV);
    }

    /** Where the trainer keeps this run's checkpoints; not created here. */
    public Path checkpointsDir(String experiment, String id) {
        return runDir(experiment, id).resolve(CHECKPOINTS_DIR);
    }

    /** Where the trainer saves the final weights; not created here. */
    public Path finalParams(String experiment, String id) {
        return runDir(experiment, id).resolve(FINAL_PARAMS);
    }

    /** Writes (or replaces) {@code <root>/<record.experiment>/<record.id>/run.json} atomically. */
    public Path write(RunRecord record) {
        Path file = runJson(record.experiment(), record.id());
        byte[] bytes;
        try {
            // Serialise first: a record that cannot be written must not touch the file on disk.
            bytes = Json.mapper().writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot serialise run record " + record.id() + ": " + e.getMessage(), e);
        }
        writeAtomically(file, bytes);
        return file;
    }

    /**
     * Reads a run's record: first {@code <root>/<experiment>/<id>/run.json}; if absent, the same id under any
     * other experiment directory (a run shared by two experiments is trained once, under one of them). Among
     * several fall-backs a finished (done/diverged) record wins, then the first experiment in name order.
     *
     * @throws MalformedRecordException if the file found cannot be parsed
     */
    public Optional<RunRecord> read(String experiment, String id) {
        Path own = runJson(experiment, id);
        if (Files.isRegularFile(own)) {
            return Optional.of(parse(own, id));
        }
        List<RunRecord> elsewhere = new ArrayList<>();
        for (Path dir : subdirectories(root)) {
            Path candidate = dir.resolve(id).resolve(RUN_JSON);
            if (!candidate.equals(own) && Files.isRegularFile(candidate)) {
                elsewhere.add(parse(candidate, id));
            }
        }
        return elsewhere.stream()
                .filter(r -> r.status() != null && r.status().finished())
                .findFirst()
                .or(() -> elsewhere.stream().findFirst());
    }

    /**
     * The records of these runs, each read as {@link #read} does, in the order given and each once: a record
     * that cannot be read is handed to {@code unreadable} and left out, so one bad file neither hides the
     * other runs nor is silently skipped.
     */
    public List<RunRecord> readEach(String experiment, Collection<String> ids,
            Consumer<MalformedRecordException> unreadable) {
        Map<String, RunRecord> out = new LinkedHashMap<>();
        for (String id : ids) {
            if (out.containsKey(id)) {
                continue;
            }
            try {
                read(experiment, id).ifPresent(r -> out.put(id, r));
            } catch (MalformedRecordException e) {
                unreadable.accept(e);
            }
        }
        return new ArrayList<>(out.values());
    }

    /**
     * Every run.json directly under {@code <root>/<experiment>/}, in run-id order. Run directories without a
     * run.json (a run that has not written one yet) are skipped; a missing experiment directory is empty.
     *
     * @throws MalformedRecordException naming the first file that cannot be parsed
     */
    public List<RunRecord> listRecords(String experiment) {
        List<RunRecord> records = new ArrayList<>();
        for (Path dir : subdirectories(root.resolve(segment("experiment", experiment)))) {
            Path file = dir.resolve(RUN_JSON);
            if (Files.isRegularFile(file)) {
                records.add(parse(file, dir.getFileName().toString()));
            }
        }
        return records;
    }

    /** Directory under a run's folder where records replaced by a retraining are kept. */
    public static final String SUPERSEDED = "superseded";

    /**
     * Moves a run's record, history, timing and final weights to {@code <run>/superseded/<n>/} (n = 1, 2, ...
     * in order of replacement), so a retraining never overwrites them in place.
     *
     * @return the directory the files now live in
     */
    public Path supersede(String experiment, String id) {
        Path run = runDir(experiment, id);
        try {
            Path base = Files.createDirectories(run.resolve(SUPERSEDED));
            int n = 1;
            while (Files.exists(base.resolve(String.valueOf(n)))) {
                n++;
            }
            Path target = Files.createDirectories(base.resolve(String.valueOf(n)));
            // run.json last: until it moves, the run still reads as finished, so a crash in between loses nothing.
            for (String f : List.of(HISTORY_CSV, TIMING_CSV, FINAL_PARAMS, RUN_JSON)) {
                if (Files.exists(run.resolve(f))) {
                    Files.move(run.resolve(f), target.resolve(f), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set aside the record of " + run, e);
        }
    }

    /** Replaces history.csv (what training computed) and timing.csv (wall clock) with these rows, atomically. */
    public void writeHistory(String experiment, String id, List<HistoryRow> rows) {
        StringBuilder csv = new StringBuilder(HistoryRow.CSV_HEADER).append('\n');
        StringBuilder timing = new StringBuilder(HistoryRow.TIMING_CSV_HEADER).append('\n');
        for (HistoryRow r : rows) {
            csv.append(r.toCsv()).append('\n');
            timing.append(r.toTimingCsv()).append('\n');
        }
        writeAtomically(runDir(experiment, id).resolve(TIMING_CSV), timing.toString().getBytes(StandardCharsets.UTF_8));
        writeAtomically(historyCsv(experiment, id), csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The rows of {@code <root>/<experiment>/<id>/history.csv}, or an empty list if the run has none yet.
     *
     * @throws MalformedRecordException naming the file and line of a bad header or row
     */
    public List<HistoryRow> readHistory(String experiment, String id) {
        Path file = historyCsv(experiment, id);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new MalformedRecordException(file, "cannot be read (" + e + ")", e);
        }
        boolean legacy = !lines.isEmpty() && lines.get(0).equals(HistoryRow.LEGACY_CSV_HEADER);
        if (lines.isEmpty() || !(legacy || lines.get(0).equals(HistoryRow.CSV_HEADER))) {
            throw new MalformedRecordException(file, "line 1 must be the header '" + HistoryRow.CSV_HEADER
                    + "' but is '" + (lines.isEmpty() ? "" : lines.get(0)) + "'", null);
        }
        List<HistoryRow> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                if (line.split(",", -1).length != (legacy ? 9 : 7)) {
                    throw new IllegalArgumentException("expected " + (legacy ? 9 : 7) + " comma-separated fields");
                }
                rows.add(HistoryRow.parseCsv(line));
            } catch (RuntimeException e) {
                throw new MalformedRecordException(file, "line " + (i + 1) + " '" + line + "': " + e.getMessage(), e);
            }
        }
        return legacy ? rows : withTiming(runDir(experiment, id).resolve(TIMING_CSV), rows);
    }

    /** Joins timing.csv's wall-clock columns to the rows; without the file (or a row) they stay NaN. */
    private static List<HistoryRow> withTiming(Path file, List<HistoryRow> rows) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return rows;
        } catch (IOException e) {
            throw new MalformedRecordException(file, "cannot be read (" + e + ")", e);
        }
        if (lines.isEmpty() || !lines.get(0).equals(HistoryRow.TIMING_CSV_HEADER)) {
            throw new MalformedRecordException(file, "line 1 must be the header '" + HistoryRow.TIMING_CSV_HEADER
                    + "'", null);
        }
        List<HistoryRow> out = new ArrayList<>(rows);
        for (int i = 1; i < lines.size() && i - 1 < out.size(); i++) {
            try {
                out.set(i - 1, out.get(i - 1).withTiming(lines.get(i)));
            } catch (RuntimeException e) {
                throw new MalformedRecordException(file, "line " + (i + 1) + " '" + lines.get(i) + "': "
                        + e.getMessage(), e);
            }
        }
        return out;
    }

    /** The record in {@code file}, which must be the record of run {@code id} (the directory's name). */
    private static RunRecord parse(Path file, String id) {
        RunRecord r;
        try {
            r = Json.mapper().readValue(file.toFile(), RunRecord.class);
        } catch (JsonProcessingException e) {
            throw new MalformedRecordException(file, oneLine(e.getOriginalMessage())
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")"), e);
        } catch (IOException e) {
            throw new MalformedRecordException(file, "cannot be read (" + e + ")", e);
        }
        String fault = r == null ? "holds no record (JSON null)" : contradiction(r, id);
        if (fault != null) {
            throw new MalformedRecordException(file, fault, null);
        }
        return r;
    }

    /**
     * What makes a parsed record unusable, or null: it must be the record of its directory's run, and a done
     * run must have the final errors every table reports (else it would count as done but be left out of the
     * means without a word).
     */
    private static String contradiction(RunRecord r, String id) {
        if (!id.equals(r.id())) {
            return "its id is " + (r.id() == null ? "missing" : "'" + r.id() + "'") + ", but it is the record of run '"
                    + id + "' (its directory)";
        }
        if (r.status() == RunStatus.DONE) {
            Metrics m = r.metrics();
            String missing = m == null ? "metrics" : m.finalTop1Err() == null ? "metrics.final_top1_err"
                    : m.finalTop5Err() == null ? "metrics.final_top5_err" : null;
            if (missing != null) {
                return "status is done but " + missing + " is missing (a done run has its final top-1 and top-5"
                        + " test errors)";
            }
        }
        return null;
    }

    /** Jackson's messages may quote the offending input over several lines; a message here is one line. */
    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s+", " ").trim();
    }

    private static void writeAtomically(Path file, byte[] bytes) {
        try {
            AtomicFiles.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Immediate sub-directories in name order; none if {@code dir} does not exist. */
    private static List<Path> subdirectories(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(Files::isDirectory).sorted(Comparator.comparing(Path::getFileName)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
    }

    private static String segment(String what, String value) {
        if (value == null || !SEGMENT.matcher(value).matches()) {
            throw new BadInputException("Invalid " + what + " '" + value
                    + "': must be one path segment of letters, digits, '.', '_', '+' or '-', starting with a"
                    + " letter or digit");
        }
        return value;
    }
}
