package selab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import selab.spec.TableColumn;

/** Every column a spec may ask for is one the report computes, and the report computes no other. */
class MetricColumnsTest {
    @Test
    void everyTableColumnHasItsComputation() {
        Set<String> computed = new TreeSet<>();
        Arrays.stream(Metric.values()).map(Metric::key).forEach(computed::add);
        computed.add(Metric.PARAMS);
        computed.add(Metric.GFLOPS);
        Set<String> allowed = new TreeSet<>();
        Arrays.stream(TableColumn.values()).map(TableColumn::key).forEach(allowed::add);
        assertEquals(allowed, computed);
    }
}
