package selab.bench;

import java.util.Arrays;
import java.util.List;

/** The median of timing samples: robust to the odd slow step when other processes share the machine. */
public final class Median {
    private Median() {}

    public static double of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("median of no values");
        }
        double[] s = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }
}
