package selab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import selab.plan.Variant;
import selab.results.RunRecord;
import selab.spec.RunConfig;
import selab.spec.TrendSpec;
import selab.train.RecipeConfig;

/**
 * A trend of SE − plain against training length. Expected differences, CIs and p-values are scipy's (paired:
 * {@code d = a - b; d.mean() ± stats.t.ppf(.975, 2) * d.std(ddof=1) / sqrt(3)}, {@code stats.ttest_rel(a, b)}).
 */
class TrendTest {

    private static final double[][] PLAIN = {{15.0, 15.5, 15.2}, {12.0, 12.3, 12.1}, {10.0, 10.4, 10.1}, {9.0, 9.2, 9.1}};
    private static final double[][] SE = {{17.0, 17.6, 17.1}, {12.9, 13.1, 13.0}, {10.3, 10.0, 10.4}, {8.5, 8.8, 8.5}};
    private static final int[] EPOCHS = {4, 8, 16, 32};

    private static RunConfig withEpochs(RunConfig c, int epochs) {
        RecipeConfig r = c.recipe();
        return c.withRecipe(new RecipeConfig(epochs, r.batchSize(), r.optimizer(), r.lr(), r.momentum(), r.nesterov(),
                r.weightDecay(), r.decayBnAndBias(), r.schedule(), r.stepSize(), r.milestones(), r.gamma(),
                r.warmupEpochs(), r.labelSmoothing()));
    }

    private static Trend trend() {
        List<RunRecord> records = new ArrayList<>();
        List<Variant> planned = new ArrayList<>();
        List<TrendSpec.Pair> pairs = new ArrayList<>();
        for (int i = 3; i >= 0; i--) { // written longest first: the trend sorts by x
            String plain = "plain" + EPOCHS[i];
            String se = "se" + EPOCHS[i];
            for (int seed = 0; seed < 3; seed++) {
                records.add(Fixtures.done(plain, seed, 0, PLAIN[i][seed], 1));
                records.add(Fixtures.done(se, seed, 16, SE[i][seed], 1));
                planned.add(new Variant(Fixtures.EXP, plain, seed, withEpochs(Fixtures.config(0), EPOCHS[i]),
                        Fixtures.id(plain, seed)));
                planned.add(new Variant(Fixtures.EXP, se, seed, withEpochs(Fixtures.config(16), EPOCHS[i]),
                        Fixtures.id(se, seed)));
            }
            pairs.add(new TrendSpec.Pair(se, plain));
        }
        planned.add(new Variant(Fixtures.EXP, "wide32", 0, withEpochs(Fixtures.config(2), 32), Fixtures.id("wide32", 0)));
        TrendSpec spec = new TrendSpec("gap", "SE - plain", "recipe.epochs", List.of(
                new TrendSpec.Series("SE r=16", pairs),
                new TrendSpec.Series("SE r=2", List.of(new TrendSpec.Pair("wide32", "plain32")))));
        return Trend.of(spec, RecordTable.of(Fixtures.EXP, planned, records), planned);
    }

    @Test
    void eachPointIsThePairedDifferenceAtItsVariantsXWithScipysCi() {
        Trend.Line line = trend().lines().get(0);
        double[][] expected = {
                {2.0000000000000013, 1.751586228815627, 2.2484137711843757, 0.0008322931113192215},
                {0.8666666666666666, 0.7232449090029553, 1.0100884243303778, 0.001476015564660918},
                {0.06666666666666703, -0.9372856369792987, 1.0706189703126328, 0.8019704914046644},
                {-0.4999999999999994, -0.748413771184376, -0.25158622881562276, 0.013072457560346681}};
        for (int i = 0; i < 4; i++) {
            Trend.Point p = line.points().get(i);
            assertEquals(EPOCHS[i], p.x(), 0.0, "sorted by the variant's recipe.epochs");
            assertEquals(expected[i][0], p.comparison().delta(), 1e-12);
            assertEquals(expected[i][1], p.ciLow(), 1e-9);
            assertEquals(expected[i][2], p.ciHigh(), 1e-9);
            assertEquals(expected[i][3], p.comparison().p(), 1e-9);
            assertEquals(3, p.comparison().pairs());
        }
        assertEquals(List.of(Trend.Verdict.LOSES, Trend.Verdict.LOSES, Trend.Verdict.CANNOT_TELL, Trend.Verdict.WINS),
                line.points().stream().map(Trend.Point::verdict).toList());
    }

    @Test
    void theSummarySaysWhereTheVariantStopsLosingAndStartsWinning() {
        Trend t = trend();
        assertEquals("loses at recipe.epochs = 4, 8; cannot tell at recipe.epochs = 16; wins at recipe.epochs = 32."
                + " It is no longer shown to lose from recipe.epochs = 16 on, and wins from recipe.epochs = 32 on.",
                t.lines().get(0).summary());
        assertEquals("no runs yet.", t.lines().get(1).summary());
    }

    @Test
    void aPointThatLosesAfterAWinMeansItStillLoses() {
        Trend.Point lose = point(Trend.Verdict.LOSES, 4);
        Trend.Point win = point(Trend.Verdict.WINS, 8);
        Trend.Point lateLoss = point(Trend.Verdict.LOSES, 16);
        assertEquals("loses at n = 4, 16; wins at n = 8. It still loses at the largest n tried (n = 16).",
                Trend.summary("n", List.of(lose, win, lateLoss)));
        assertEquals("loses at n = 8; wins at n = 4. It still loses at the largest n tried (n = 8).",
                Trend.summary("n", List.of(point(Trend.Verdict.WINS, 4), point(Trend.Verdict.LOSES, 8))));
    }

    @Test
    void pointsThatCannotTellAreNeitherALossNorAWin() {
        Trend.Point unclear4 = point(Trend.Verdict.CANNOT_TELL, 4);
        Trend.Point unclear8 = point(Trend.Verdict.CANNOT_TELL, 8);
        Trend.Point unclear16 = point(Trend.Verdict.CANNOT_TELL, 16);
        Trend.Point loss4 = point(Trend.Verdict.LOSES, 4);
        Trend.Point win4 = point(Trend.Verdict.WINS, 4);
        Trend.Point win8 = point(Trend.Verdict.WINS, 8);
        assertEquals("cannot tell at n = 4, 8. Neither a loss nor a win is shown at any n tried.",
                Trend.summary("n", List.of(unclear4, unclear8)));
        assertEquals("cannot tell at n = 4; wins at n = 8. It is not shown to lose at any n tried, and wins from"
                + " n = 8 on.", Trend.summary("n", List.of(unclear4, win8)));
        assertEquals("loses at n = 4; cannot tell at n = 8. It is no longer shown to lose from n = 8 on, but is not"
                + " shown to win at any n tried.", Trend.summary("n", List.of(loss4, unclear8)));
        assertEquals("cannot tell at n = 8; wins at n = 4. It is not shown to lose at any n tried; it wins, but not"
                + " up to the largest n tried.", Trend.summary("n", List.of(win4, unclear8)));
        assertEquals("loses at n = 4; cannot tell at n = 16; wins at n = 8. It is no longer shown to lose from n = 8"
                + " on; it wins, but not up to the largest n tried.",
                Trend.summary("n", List.of(loss4, win8, unclear16)));
        assertEquals("wins at n = 4, 8. It is not shown to lose at any n tried, and wins from n = 4 on.",
                Trend.summary("n", List.of(win4, win8)));
    }

    private static Trend.Point point(Trend.Verdict v, double x) {
        Comparison c = new Comparison(0, null, 0, new double[0], new double[0]);
        return new Trend.Point(new TrendSpec.Pair("a", "b"), x, c, 3, 3, Double.NaN, Double.NaN, v);
    }

    @Test
    void theHeaderListsTheLengthsInNumericOrder() {
        List<Variant> planned = new ArrayList<>();
        for (int epochs : new int[] {16, 32, 4, 8, 4}) {
            planned.add(new Variant(Fixtures.EXP, "v" + epochs, 0, withEpochs(Fixtures.config(0), epochs), "id" + epochs));
        }
        assertEquals("4, 8, 16, 32", ReportInput.Header.infer(planned, List.of()).epochs()); // not "16, 32, 4, 8"
    }

    @Test
    void pageCsvAndPlotAreWritten() {
        Trend t = trend();
        String csv = TrendWriter.csv(t);
        assertEquals(6, csv.lines().count(), csv);
        assertTrue(csv.lines().skip(1).findFirst().orElseThrow().startsWith("gap,SE r=16,recipe.epochs,4.0,se4,plain4,3,3,"),
                csv);
        assertTrue(TrendWriter.plot(t) != null);
    }
}
