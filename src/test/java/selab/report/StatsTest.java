package selab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StatsTest {
    // R's built-in 'sleep' data (Cushny & Peebles 1905, as printed by R's datasets::sleep).
    static final double[] SLEEP_G1 = {0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0};
    static final double[] SLEEP_G2 = {1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4};

    @Test
    void meanStdAndCiOfThreeValuesMatchHandComputation() {
        // mean 2, s = sqrt(((-1)^2 + 0 + 1^2) / 2) = 1, CI = t_{0.975,2} * 1 / sqrt(3) = 4.303 / 1.7321
        Stats.Summary s = Stats.summarize(new double[] {1, 2, 3});
        assertEquals(3, s.n());
        assertEquals(2.0, s.mean(), 1e-12);
        assertEquals(1.0, s.std(), 1e-12);
        assertEquals(4.303 / Math.sqrt(3), s.ci95(), 1e-3);
    }

    @Test
    void meanStdAndCiOfFiveValuesMatchHandComputation() {
        // mean 4.2; squared deviations 4.84+0.04+0.04+0.64+3.24 = 8.8; s = sqrt(8.8/4) = sqrt(2.2)
        // CI = t_{0.975,4} * s / sqrt(5) = 2.776 * 1.48324 / 2.23607 = 1.8414
        Stats.Summary s = Stats.summarize(new double[] {2, 4, 4, 5, 6});
        assertEquals(4.2, s.mean(), 1e-12);
        assertEquals(Math.sqrt(2.2), s.std(), 1e-12);
        assertEquals(1.8414, s.ci95(), 1e-3);
    }

    @Test
    void singleValueHasUndefinedStdAndCi() {
        Stats.Summary s = Stats.summarize(new double[] {7.5});
        assertEquals(1, s.n());
        assertEquals(7.5, s.mean(), 0);
        assertTrue(Double.isNaN(s.std()));
        assertTrue(Double.isNaN(s.ci95()));
        assertEquals("–", Fmt.ci(s));
    }

    @Test
    void tQuantilesMatchPublishedTables() {
        assertEquals(4.303, Stats.tQuantile(0.975, 2), 1e-3);
        assertEquals(2.776, Stats.tQuantile(0.975, 4), 1e-3);
        assertEquals(12.706, Stats.tQuantile(0.975, 1), 1e-3);
    }

    @Test
    void welchMatchesROnSleepData() {
        // R: t.test(extra ~ group, data = sleep) -> t = -1.8608, df = 17.776, p-value = 0.07939
        Stats.TestResult r = Stats.welch(SLEEP_G1, SLEEP_G2);
        assertEquals(-1.8608, r.t(), 1e-4);
        assertEquals(17.776, r.df(), 1e-3);
        assertEquals(0.07939, r.p(), 1e-5);
        assertEquals(-1.58, r.delta(), 1e-12);
        assertFalse(r.significant());
    }

    @Test
    void welchMatchesWikipediaExampleOne() {
        // Wikipedia "Welch's t-test", Examples, first pair of samples: t = -2.46, df = 24.9, p = 0.021
        double[] a1 = {27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4};
        double[] a2 = {27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4};
        Stats.TestResult r = Stats.welch(a1, a2);
        assertEquals(-2.46, r.t(), 0.005);
        assertEquals(24.9, r.df(), 0.1);
        assertEquals(0.021, r.p(), 0.0005);
        assertTrue(r.significant());
    }

    @Test
    void pairedMatchesROnSleepData() {
        // R: t.test(sleep$extra[1:10], sleep$extra[11:20], paired = TRUE)
        //    -> t = -4.0621, df = 9, p-value = 0.002833, mean difference -1.58
        Stats.TestResult r = Stats.paired(SLEEP_G1, SLEEP_G2);
        assertEquals(-4.0621, r.t(), 1e-4);
        assertEquals(9, r.df(), 0);
        assertEquals(0.002833, r.p(), 1e-6);
        assertEquals(-1.58, r.delta(), 1e-12);
        assertTrue(r.significant());
    }

    @Test
    void testsWithTooFewValuesAreUntestable() {
        assertFalse(Stats.welch(new double[] {1}, new double[] {2, 3}).testable());
        assertFalse(Stats.paired(new double[] {1}, new double[] {2}).testable());
        // identical differences: zero variance, t undefined
        assertFalse(Stats.paired(new double[] {1, 2, 3}, new double[] {2, 3, 4}).testable());
    }
}
