package selab.spec;

import java.util.List;

/**
 * A figure across tables: how the difference between pairs of variants changes along one numeric config value
 * (the SE − plain gap against training length). The report plots each series' differences with their 95% CIs
 * against {@code x} and says, per series, from which x on the variant stops losing and starts winning.
 *
 * @param name file stem under reports/&lt;experiment&gt;/
 * @param x dotted config path whose value places a pair on the x axis (read from the pair's variant)
 * @param series the lines of the figure
 */
public record TrendSpec(String name, String title, String x, List<Series> series) {

    public TrendSpec {
        series = List.copyOf(series);
    }

    /** @param pairs (variant, baseline): the point at the variant's x is top-1 error of variant − baseline */
    public record Series(String label, List<Pair> pairs) {
        public Series {
            pairs = List.copyOf(pairs);
        }
    }

    public record Pair(String variant, String baseline) {}
}
