package selab.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Equivalence tests, Holm's correction and power against values written down from statsmodels 0.13 /
 * scipy 1.10 (Debian bookworm's python3-statsmodels), computed independently of this code:
 * {@code statsmodels.stats.weightstats.ttost_paired / ttost_ind(usevar='unequal')},
 * {@code statsmodels.stats.multitest.multipletests(method='holm')}, {@code statsmodels.stats.power.TTestPower /
 * TTestIndPower}.
 */
class StatsInferenceTest {

    @Test
    void pairedTostMatchesStatsmodels() {
        // ttost_paired([17.1,17.6,17.4], [16.9,17.8,17.2], -1, 1) -> p = 0.009901970590196606
        assertEquals(0.009901970590196606,
                Stats.tost(new double[] {17.1, 17.6, 17.4}, new double[] {16.9, 17.8, 17.2}, true, 1.0), 1e-9);
        // ttost_paired([15.2,16.1,15.05], [17.37,17.0,17.8], -1, 1) -> p = 0.8862767254837204
        assertEquals(0.8862767254837204,
                Stats.tost(new double[] {15.2, 16.1, 15.05}, new double[] {17.37, 17.0, 17.8}, true, 1.0), 1e-9);
    }

    @Test
    void welchTostMatchesStatsmodels() {
        // ttost_ind([16.5,17.9,17.2,16.8], [17.0,17.3,16.6], -1, 1, usevar='unequal') -> p = 0.0325108668238543
        assertEquals(0.0325108668238543,
                Stats.tost(new double[] {16.5, 17.9, 17.2, 16.8}, new double[] {17.0, 17.3, 16.6}, false, 1.0), 1e-9);
    }

    @Test
    void holmMatchesStatsmodelsAndTheHandCalculation() {
        // multipletests([0.01,0.04,0.03,0.005,0.20], method='holm') -> [0.04, 0.09, 0.09, 0.025, 0.2]
        // by hand: sorted 0.005*5=0.025, 0.01*4=0.04, 0.03*3=0.09, 0.04*2=0.08 -> max(0.09, 0.08)=0.09, 0.2*1=0.2
        assertArrayEquals(new double[] {0.04, 0.09, 0.09, 0.025, 0.2},
                Stats.holm(new double[] {0.01, 0.04, 0.03, 0.005, 0.20}), 1e-12);
        double[] withUntested = Stats.holm(new double[] {0.02, Double.NaN, 0.04});
        assertEquals(0.04, withUntested[0], 1e-12); // m = 2: the NaN is not a test
        assertEquals(Double.NaN, withUntested[1]);
        assertEquals(0.04, withUntested[2], 1e-12);
    }

    @Test
    void powerAndSeedsNeededMatchStatsmodels() {
        // TTestPower().power(effect_size=1.0, nobs=3, alpha=0.05) -> 0.17925539376539415
        assertEquals(0.17925539376539415, Stats.power(1.0, 3, true, 0.05), 1e-4); // numerical integration
        // TTestPower().solve_power(effect_size=d/sd, power=0.8): 1.02/0.5 -> 4.147, 0.3/0.5 -> 23.79,
        // 1.0/1.0 -> 9.94, 0.5/0.8 -> 22.09; the smallest whole n is the ceiling.
        assertEquals(5, Stats.seedsFor(1.02, 0.5, true, 0.05, 0.8, 1000));
        assertEquals(24, Stats.seedsFor(0.3, 0.5, true, 0.05, 0.8, 1000));
        assertEquals(10, Stats.seedsFor(1.0, 1.0, true, 0.05, 0.8, 1000));
        assertEquals(23, Stats.seedsFor(-0.5, 0.8, true, 0.05, 0.8, 1000));
        // TTestIndPower (n per group): 4.94 -> 5, 44.59 -> 45, 16.71 -> 17, 41.17 -> 42
        assertEquals(5, Stats.seedsFor(1.02, 0.5, false, 0.05, 0.8, 1000));
        assertEquals(45, Stats.seedsFor(0.3, 0.5, false, 0.05, 0.8, 1000));
        assertEquals(17, Stats.seedsFor(1.0, 1.0, false, 0.05, 0.8, 1000));
        assertEquals(42, Stats.seedsFor(0.5, 0.8, false, 0.05, 0.8, 1000));
        assertEquals(21, Stats.seedsFor(0.3, 0.5, true, 0.05, 0.8, 20), "24 needed, capped at 20: max + 1");
    }
}
