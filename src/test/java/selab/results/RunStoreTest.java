package selab.results;

import selab.io.AtomicFiles;
import selab.train.HistoryRow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStoreTest {
    @TempDir
    Path root;

    private RunStore store() {
        return new RunStore(root);
    }

    @Test
    void layoutFollowsExperimentAndRunId() {
        RunStore s = store();
        assertEquals(root.resolve("t11/ab12/run.json"), s.runJson("t11", "ab12"));
        assertEquals(root.resolve("t11/ab12/history.csv"), s.historyCsv("t11", "ab12"));
        assertEquals(root.resolve("t11/ab12/checkpoints"), s.checkpointsDir("t11", "ab12"));
        assertEquals(root.resolve("t11/ab12/final.params"), s.finalParams("t11", "ab12"));
        selab.io.BadInputException e = assertThrows(selab.io.BadInputException.class, () -> s.runDir("..", "x"));
        assertTrue(e.getMessage().contains("experiment '..'"), e.getMessage());
        assertThrows(selab.io.BadInputException.class, () -> s.runDir("a", "x/y"));
    }

    @Test
    void recordRoundTripsWithEveryFieldInSnakeCase() throws IOException {
        RunRecord record = TestRecords.record("t11", "ab12", RunStatus.FAILED);
        Path file = store().write(record);
        assertEquals(root.resolve("t11/ab12/run.json"), file);
        assertEquals(Optional.of(record), store().read("t11", "ab12"));

        String text = Files.readString(file);
        assertTrue(text.contains("\n  \"id\""), "pretty-printed:\n" + text);
        JsonNode json = Json.mapper().readTree(text);
        assertEquals("failed", json.get("status").asText());
        assertEquals(123.5, json.get("wall_seconds").asDouble());
        assertEquals(812.25, json.get("images_per_second").asDouble());
        assertEquals(8.25, json.at("/metrics/final_top1_err").asDouble());
        assertEquals(3, json.at("/metrics/diverged_epoch").asInt());
        assertEquals("0123456789abcdef0123456789abcdef01234567", json.at("/provenance/git_commit").asText());
        assertTrue(json.at("/provenance/git_dirty").asBoolean());
        assertEquals("2.7.1", json.at("/provenance/pytorch_version").asText());
        assertEquals(1000, json.at("/config/data/train_subset").asInt());
        assertEquals("[2,3]", json.at("/config/model/se/stages").toString());
        assertEquals("pre", json.at("/config/model/se/placement").asText());
        assertEquals(0.1, json.at("/config/recipe/label_smoothing").asDouble());
        assertEquals("out of memory", json.get("error").asText());
    }

    @Test
    void nonFiniteLossesOfADivergedRunSurviveTheRoundTrip() {
        RunRecord r = TestRecords.record("t11", "nan", RunStatus.DIVERGED);
        RunRecord diverged = new RunRecord(r.id(), r.experiment(), r.variant(), r.seed(), r.status(), r.config(),
                new Metrics(90.0, 50.0, 80.0, 40.0, Double.NaN, Double.POSITIVE_INFINITY, 2), r.params(), r.paperFlops(),
                2, Double.NaN, 0.0, r.provenance(), null, r.fingerprint());
        store().write(diverged);
        RunRecord back = store().read("t11", "nan").orElseThrow();
        assertTrue(back.metrics().finalTrainLoss().isNaN());
        assertEquals(Double.POSITIVE_INFINITY, back.metrics().finalTestLoss());
        assertTrue(Double.isNaN(back.wallSeconds()));
    }

    @Test
    void malformedRunJsonNamesTheFile() throws IOException {
        store().write(TestRecords.record("t11", "good", RunStatus.DONE));
        Path bad = root.resolve("t11/bad/run.json");
        Files.createDirectories(bad.getParent());
        Files.writeString(bad, "{\"id\": \"bad\", \"experiment\": ");
        MalformedRecordException e = assertThrows(MalformedRecordException.class, () -> store().read("t11", "bad"));
        assertEquals(bad, e.file());
        assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
        e = assertThrows(MalformedRecordException.class, () -> store().listRecords("t11"));
        assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
    }

    @Test
    void readEachLeavesOutAnUnreadableRecordAndHandsItOn() throws IOException {
        store().write(TestRecords.record("t11", "a", RunStatus.DONE));
        store().write(TestRecords.record("other", "c", RunStatus.DONE)); // found by the fall-back to other experiments
        Path bad = root.resolve("t11/b/run.json");
        Files.createDirectories(bad.getParent());
        Files.writeString(bad, "garbage");
        List<MalformedRecordException> unreadable = new java.util.ArrayList<>();
        List<RunRecord> read = store().readEach("t11", List.of("a", "b", "c", "a", "absent"), unreadable::add);
        assertEquals(List.of("a", "c"), read.stream().map(RunRecord::id).toList());
        assertEquals(List.of(bad), unreadable.stream().map(MalformedRecordException::file).toList());
    }

    @Test
    void aRecordThatContradictsItselfIsMalformed() throws IOException {
        // Copied into another run's directory: the id inside is not the directory's.
        Path moved = root.resolve("t11/y/run.json");
        Files.createDirectories(moved.getParent());
        Files.copy(store().write(TestRecords.record("t11", "x", RunStatus.DONE)), moved);
        MalformedRecordException e = assertThrows(MalformedRecordException.class, () -> store().read("t11", "y"));
        assertTrue(e.getMessage().contains(moved.toString()) && e.getMessage().contains("its id is 'x'"), e.getMessage());

        // Done, but without the final error every table reports: not silently left out of a table's mean.
        RunRecord r = TestRecords.record("t11", "z", RunStatus.DONE);
        Metrics m = r.metrics();
        store().write(new RunRecord(r.id(), r.experiment(), r.variant(), r.seed(), r.status(), r.config(),
                new Metrics(null, m.finalTop5Err(), m.oracleTop1Err(), m.oracleTop5Err(), m.finalTrainLoss(),
                        m.finalTestLoss(), null), r.params(), r.paperFlops(), r.epochs(), r.wallSeconds(),
                r.imagesPerSecond(), r.provenance(), null, r.fingerprint()));
        e = assertThrows(MalformedRecordException.class, () -> store().read("t11", "z"));
        assertTrue(e.getMessage().contains("status is done but metrics.final_top1_err is missing"), e.getMessage());
        // A failed run has no errors to report: without metrics it reads fine.
        RunRecord failed = new RunRecord("f", "t11", r.variant(), r.seed(), RunStatus.FAILED, r.config(), null,
                r.params(), r.paperFlops(), 0, 0, 0, r.provenance(), "out of memory", r.fingerprint());
        store().write(failed);
        assertEquals(Optional.of(failed), store().read("t11", "f"));

        Files.writeString(store().runJson("t11", "x"), "null");
        e = assertThrows(MalformedRecordException.class, () -> store().read("t11", "x"));
        assertTrue(e.getMessage().contains("holds no record"), e.getMessage());
    }

    @Test
    void unknownFieldInRunJsonIsAnErrorNamingFileAndField() throws IOException {
        Path file = store().write(TestRecords.record("t11", "x", RunStatus.DONE));
        Files.writeString(file, Files.readString(file).replace("\"epochs\"", "\"epocs\""));
        MalformedRecordException e = assertThrows(MalformedRecordException.class, () -> store().read("t11", "x"));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("epocs"), e.getMessage());
    }

    @Test
    void listRecordsSkipsRunsWithoutRunJsonAndLeftoverTempFiles() throws IOException {
        store().write(TestRecords.record("t11", "b2", RunStatus.DONE));
        store().write(TestRecords.record("t11", "a1", RunStatus.DIVERGED));
        store().write(TestRecords.record("other", "c3", RunStatus.DONE));
        // A run that crashed mid-write: only a half-written temp file, no run.json.
        Path crashed = root.resolve("t11/c3");
        Files.createDirectories(crashed.resolve("checkpoints"));
        Files.writeString(crashed.resolve(".run.json.12345.tmp"), "{\"id\": \"c3\", \"exp");
        // A leftover temp file beside a good record does not shadow it either.
        Files.writeString(root.resolve("t11/a1/.run.json.999.tmp"), "garbage");

        List<RunRecord> records = store().listRecords("t11");
        assertEquals(List.of("a1", "b2"), records.stream().map(RunRecord::id).toList());
        assertEquals(RunStatus.DIVERGED, records.get(0).status());
        assertEquals(List.of(), store().listRecords("missing"));
    }

    @Test
    void failedWriteLeavesTheExistingRecordAndNoTempFile() throws IOException {
        RunRecord original = TestRecords.record("t11", "x", RunStatus.DONE);
        Path file = store().write(original);
        byte[] before = Files.readAllBytes(file);

        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            out.write("{\"id\": \"x\", \"trunc".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals(Optional.of(original), store().read("t11", "x"));
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(file)));
        assertEquals(List.of("run.json"), fileNames(file.getParent()));
    }

    @Test
    void successfulWriteReplacesTheRecordWithoutLeavingTempFiles() throws IOException {
        store().write(TestRecords.record("t11", "x", RunStatus.FAILED));
        store().write(TestRecords.record("t11", "x", RunStatus.DONE));
        assertEquals(RunStatus.DONE, store().read("t11", "x").orElseThrow().status());
        store().writeHistory("t11", "x", List.of(row(1)));
        assertEquals(List.of("history.csv", "run.json", "timing.csv"), fileNames(root.resolve("t11/x")));
    }

    @Test
    void readFallsBackToTheSameRunUnderAnotherExperiment() {
        store().write(TestRecords.record("a", "shared", RunStatus.DONE));
        assertEquals("a", store().read("b", "shared").orElseThrow().experiment());
        assertEquals(Optional.empty(), store().read("b", "absent"));

        // Several fall-backs: a finished record beats a failed one even if the failed one sorts first.
        store().write(TestRecords.record("a", "twice", RunStatus.FAILED));
        store().write(TestRecords.record("c", "twice", RunStatus.DONE));
        assertEquals("c", store().read("b", "twice").orElseThrow().experiment());
        // The experiment's own record always wins.
        assertEquals(RunStatus.FAILED, store().read("a", "twice").orElseThrow().status());
    }

    @Test
    void historyIsReplacedWholeAndReadBackWithItsTiming() throws IOException {
        RunStore s = store();
        assertEquals(List.of(), s.readHistory("t11", "x"));
        s.writeHistory("t11", "x", List.of(row(1), row(2), row(3)));
        assertEquals(List.of(row(1), row(2), row(3)), s.readHistory("t11", "x"));

        // A resumed run rewrites its whole history: the rows of the attempt that died are gone.
        HistoryRow redone = new HistoryRow(2, 0.05, 0.9, 30.0, 1.0, 31.0, 4.0, 12.0, 500.0);
        s.writeHistory("t11", "x", List.of(row(1), redone));
        assertEquals(List.of(row(1), redone), s.readHistory("t11", "x"));

        List<String> lines = Files.readAllLines(s.historyCsv("t11", "x"));
        assertEquals("epoch,lr,train_loss,train_top1_err,test_loss,test_top1_err,test_top5_err", lines.get(0));
        assertEquals("2,0.05,0.9,30.0,1.0,31.0,4.0", lines.get(2));
        List<String> timing = Files.readAllLines(s.historyCsv("t11", "x").resolveSibling("timing.csv"));
        assertEquals(List.of("epoch,seconds,images_per_s", "1,3.5,1234.5", "2,12.0,500.0"), timing);
    }

    @Test
    void historyOfOlderRecordsWithTimingColumnsIsStillRead() throws IOException {
        Path file = store().historyCsv("t11", "old");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "epoch,lr,train_loss,train_top1_err,test_loss,test_top1_err,test_top5_err,seconds,"
                + "images_per_s\n1,0.1,2.0,60.0,1.5,50.0,10.0,3.5,1234.5\n");
        assertEquals(List.of(new HistoryRow(1, 0.1, 2.0, 60.0, 1.5, 50.0, 10.0, 3.5, 1234.5)),
                store().readHistory("t11", "old"));
    }

    @Test
    void malformedHistoryNamesFileAndLine() throws IOException {
        Path file = store().historyCsv("t11", "x");
        Files.createDirectories(file.getParent());
        Files.writeString(file, HistoryRow.CSV_HEADER + "\n1,0.1,1,2,3,4,5\n2,0.1,oops,2,3,4,5\n");
        MalformedRecordException e = assertThrows(MalformedRecordException.class,
                () -> store().readHistory("t11", "x"));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("line 3"), e.getMessage());

        Files.writeString(file, "epoch,lr\n");
        e = assertThrows(MalformedRecordException.class, () -> store().readHistory("t11", "x"));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
    }

    private static HistoryRow row(int epoch) {
        return new HistoryRow(epoch, 0.1 / epoch, 2.0 - 0.5 * epoch, 60.0 - epoch, 1.5, 50.0, 10.0, 3.5, 1234.5);
    }

    private static List<String> fileNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void jsonMapperSortsMapsAndRejectsUnknownFields() throws IOException {
        assertEquals("{\"a\":1,\"b\":2}", Json.compactWriter().writeValueAsString(
                new java.util.LinkedHashMap<>(java.util.Map.of("b", 2, "a", 1))));
        assertFalse(Json.compactWriter().writeValueAsString(java.util.Map.of("k", 1)).contains("\n"));
        assertThrows(com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException.class,
                () -> Json.mapper().readValue("{\"device\":\"cpu\",\"bogus\":1}", Provenance.class));
    }
}
