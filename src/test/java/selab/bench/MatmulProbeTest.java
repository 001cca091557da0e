package selab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MatmulProbeTest {

    @Test
    void measuresPositivePlausibleGflops() {
        MatmulProbe.Measurement m = MatmulProbe.measure(256, 5);
        assertTrue(m.medianSeconds() > 0, "median " + m.medianSeconds());
        // 2 * 256^3 = 33,554,432 FLOPs per matmul
        assertEquals(33_554_432.0 / m.medianSeconds() / 1e9, m.gflops(), 1e-9 * m.gflops());
        // Positive, and below what any CPU (or GPU) reaches on float32.
        assertTrue(m.gflops() > 0 && m.gflops() < 1e6, "GFLOP/s " + m.gflops());
    }

    @Test
    void medianOfEvenAndOddCounts() {
        assertEquals(2.0, MatmulProbe.median(new double[] {3, 1, 2}));
        assertEquals(2.5, MatmulProbe.median(new double[] {4, 1, 3, 2}));
    }

    @Test
    void rejectsNonPositiveSize() {
        assertThrows(IllegalArgumentException.class, () -> MatmulProbe.measure(0, 5));
    }
}
