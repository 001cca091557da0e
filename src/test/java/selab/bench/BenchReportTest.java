package selab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Markdown from a hand-built result; every expected number below is worked out by hand. */
class BenchReportTest {

    private static final long MACS = 40_000_000L;

    private static MachineInfo machine() {
        return new MachineInfo("Test CPU", 2, 8L << 30, "17.0.1", "0.35.1", "2.7.1", 2, "/usr/bin/python3",
                "1.13.0", "2025-01-01T00:00:00Z", "abc123", false, "0.10 0.20 0.30", "0.40 0.50 0.60",
                "glibc malloc, MALLOC_TRIM_THRESHOLD_=1");
    }

    private static BenchResult.Settings settings() {
        return new BenchResult.Settings(2, 128, "1x28x28", 10, "pad-crop 2 + flip", 2048, 5, 20, 3, 5, false);
    }

    private static BenchResult withPeer() {
        // selab plain: median step 0.5 s -> 128 / 0.5 = 256.0 img/s.
        // peer plain: median 0.3 s -> 426.7 img/s; per-round selab/PyTorch = peer_i / selab_i = 0.4, 0.75, 0.5
        // -> median 0.50 (the ratio of the medians would be 0.60: the table must pair rounds).
        ModelResult plain = new ModelResult("resnet-20", 128, 272_186, 272_186L, MACS,
                List.of(0.5, 0.4, 0.64), List.of(0.2, 0.3, 0.32), "", 2, null, null);
        // selab SE: median 0.6 s -> 213.3 img/s; per-round t_se / t_plain = 1.2, 1.1, 1.09375 -> median 1.1
        // -> +10.0% (ratio of medians would be +20%). peer SE: median 0.33 -> 387.9 img/s; per-round
        // 1.5, 1.1, 1.25 -> +25.0%; selab/PyTorch per round 0.5, 0.75, 0.5714 -> 0.57.
        ModelResult se = new ModelResult("se-resnet-20 (r=16)", 128, 274_202, 274_202L, MACS,
                List.of(0.6, 0.44, 0.70), List.of(0.3, 0.33, 0.4), "", 2, null, null);
        return new BenchResult(machine(), settings(), plain, se, loaders(), List.of(matmul(100), matmul(80),
                matmul(128)));
    }

    private static MatmulProbe.Measurement matmul(double gflops) {
        return new MatmulProbe.Measurement(1024, 10, 2.0 * 1024 * 1024 * 1024 / gflops / 1e9, gflops);
    }

    private static List<LoaderResult> loaders() {
        return List.of(
                new LoaderResult("selab BatchGather + augment", "gather + augment", 2048, List.of(0.5, 0.4, 0.6)),
                new LoaderResult("DJL ArrayDataset", "stock loader", 2048, List.of(0.25, 0.2, 0.3)));
    }

    @Test
    void throughputRowsCarryMediansAndPairedRatios() {
        String md = BenchReport.markdown(withPeer());
        assertEquals(List.of("model", "params selab / PyTorch", "selab img/s", "PyTorch img/s", "selab / PyTorch",
                "selab rounds min–max", "PyTorch rounds min–max"), row(md, "model", 0));
        // ranges: 128 / 0.64 = 200 .. 128 / 0.4 = 320; peer 128 / 0.32 = 400 .. 128 / 0.2 = 640
        assertEquals(List.of("resnet-20", "272,186 / 272,186", "256.0", "426.7", "0.50", "200–320", "400–640"),
                row(md, "resnet-20", 0));
        // 128 / 0.70 = 182.9 .. 128 / 0.44 = 290.9; peer 128 / 0.4 = 320 .. 128 / 0.3 = 426.7
        assertEquals(List.of("se-resnet-20 (r=16)", "274,202 / 274,202", "213.3", "387.9", "0.57", "183–291",
                "320–427"), row(md, "se-resnet-20 (r=16)", 0));
        assertEquals(List.of("SE overhead (step time)", "", "+10.0%", "+25.0%", "", "", ""),
                row(md, "SE overhead (step time)", 0));
    }

    @Test
    void efficiencyRowsCompareWithTheMatmulRate() {
        String md = BenchReport.markdown(withPeer());
        // FLOP/step = 3 * 2 * 40e6 * 128 = 30.72e9; GFLOP/s from the median step: selab 30.72 / 0.5 = 61.44,
        // PyTorch 30.72 / 0.3 = 102.4. % of matmul per round against matmul 100, 80, 128 GFLOP/s:
        // selab 61.44/100, 76.8/80, 48/128 -> 61.44%, 96%, 37.5% -> median 61.4%;
        // PyTorch 153.6/100, 102.4/80, 96/128 -> 153.6%, 128%, 75% -> median 128.0%.
        assertEquals(List.of("resnet-20", "40.00", "30.72", "61.4", "61.4%", "102.4", "128.0%"),
                row(md, "resnet-20", 1));
        // SE: 30.72 / 0.6 = 51.2; per round 51.2%, 69.82/80 = 87.3%, 43.89/128 = 34.3% -> 51.2%.
        // PyTorch 30.72 / 0.33 = 93.09; per round 102.4%, 93.09/80 = 116.4%, 76.8/128 = 60% -> 102.4%.
        assertEquals(List.of("se-resnet-20 (r=16)", "40.00", "30.72", "51.2", "51.2%", "93.1", "102.4%"),
                row(md, "se-resnet-20 (r=16)", 1));
        assertTrue(md.contains("median 100.0 GFLOP/s over 3 round(s) (min 80.0, max 128.0"), md);
    }

    @Test
    void dataPathRowsUseTheMedianEpoch() {
        String md = BenchReport.markdown(withPeer());
        // median epoch 0.5 s -> 500.0 ms, 2048 / 0.5 = 4096 img/s; DJL: 0.25 s -> 8192 img/s.
        assertEquals(List.of("selab BatchGather + augment", "gather + augment", "500.0", "4,096"),
                row(md, "selab BatchGather + augment", 0));
        assertEquals(List.of("DJL ArrayDataset", "stock loader", "250.0", "8,192"), row(md, "DJL ArrayDataset", 0));
    }

    @Test
    void headerStatesHowTheNumbersWereTaken() {
        String md = BenchReport.markdown(withPeer());
        assertTrue(md.contains(BenchReport.PROVENANCE_LINE), md);
        assertEquals(List.of("threads", "2 requested; DJL intra-op 2; PyTorch peer 2"), row(md, "threads", 0));
        assertEquals(List.of("selab commit", "abc123"), row(md, "selab commit", 0));
        assertEquals(List.of("memory allocator",
                "glibc malloc, MALLOC_TRIM_THRESHOLD_=1; the PyTorch peer inherits the same environment"),
                row(md, "memory allocator", 0));
        assertTrue(row(md, "machine", 0).get(1).startsWith("Test CPU; 2 cores (JVM); 8.0 GiB memory"), md);
    }

    @Test
    void missingPeerIsANoteNotANumber() {
        BenchResult r = withPeer();
        String why = "python '/nope' cannot import torch\nstderr line 2";
        ModelResult plain = new ModelResult("resnet-20", 128, 272_186, null, MACS, List.of(0.5), List.of(), why, null,
                null, null);
        ModelResult se = new ModelResult("se-resnet-20 (r=16)", 128, 274_202, null, MACS, List.of(0.55), List.of(),
                why, null, null, null);
        String md = BenchReport.markdown(new BenchResult(r.machine(), r.settings(), plain, se, r.dataPath(),
                r.matmul()));
        String note = "no peer: python '/nope' cannot import torch";
        assertEquals(List.of("resnet-20", "272,186 / -", "256.0", note, note, "256–256", "-"), row(md, "resnet-20", 0));
        // 0.55 / 0.5 = 1.1 -> +10.0%
        assertEquals(List.of("SE overhead (step time)", "", "+10.0%", note, "", "", ""),
                row(md, "SE overhead (step time)", 0));
        // 30.72 / 0.5 / 100 (first round's matmul) -> 61.4%; nothing for the peer
        assertEquals(List.of("resnet-20", "40.00", "30.72", "61.4", "61.4%", note, "-"), row(md, "resnet-20", 1));
    }

    @Test
    void breakdownSectionOnlyWhenMeasured() {
        assertTrue(!BenchReport.markdown(withPeer()).contains("Step breakdown"));
        BenchResult r = withPeer();
        ModelResult p = r.plain();
        ModelResult plain = new ModelResult(p.name(), p.batch(), p.params(), p.peerParams(), MACS,
                p.selabStepSeconds(), p.peerStepSeconds(), "", 2, new StepPhases(0.05, 0.15, 0.25, 0.03),
                new StepPhases(0, 0.1, 0.15, 0.02));
        String md = BenchReport.markdown(new BenchResult(r.machine(), r.settings(), plain, r.se(), r.dataPath(),
                r.matmul()));
        // sums 0.48 s and 0.27 s; the SE model has no breakdown, so it has no row
        assertEquals(List.of("resnet-20", "selab", "50.0", "150.0", "250.0", "30.0", "480.0"),
                row(md, "resnet-20", 2));
        assertEquals(List.of("resnet-20", "PyTorch", "0.0", "100.0", "150.0", "20.0", "270.0"),
                row(md, "resnet-20", 3));
        assertTrue(md.split("## Step breakdown")[1].lines().noneMatch(l -> l.startsWith("| se-resnet-20")), md);
    }

    /** Cells of the {@code skip}-th table line (0-based) whose first cell is {@code first}. */
    private static List<String> row(String md, String first, int skip) {
        int seen = 0;
        for (String line : md.split("\n")) {
            if (!line.startsWith("|")) {
                continue;
            }
            String[] raw = line.substring(1, line.length() - 1).split(" \\|", -1);
            List<String> cells = Arrays.stream(raw).map(String::trim).toList();
            if (cells.get(0).equals(first) && seen++ == skip) {
                return cells;
            }
        }
        throw new AssertionError("no table row #" + skip + " starting with '" + first + "' in:\n" + md);
    }
}
