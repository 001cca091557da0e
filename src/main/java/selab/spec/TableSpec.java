package selab.spec;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * A table the report regenerates from this spec's runs.
 *
 * @param name file stem under reports/&lt;experiment&gt;/
 * @param paperTable the paper's table number whose printed values are shown beside (null = none)
 * @param baseline variant name of the row every delta is taken against
 * @param rows rows in the paper's order
 * @param columns top1_err | top5_err | params | gflops | any other metric name
 * @param claims orderings the paper states, checked against the measured rows
 * @param curves whether the report plots test error per epoch; the rows' runs are then evaluated after every epoch
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TableSpec(
        String name,
        String title,
        Integer paperTable,
        String baseline,
        List<Row> rows,
        List<String> columns,
        List<Claim> claims,
        boolean curves) {

    /** What a table's cross-check CSV adds to its name ({@code <table>-cross-check.csv}); no table name ends so. */
    public static final String CROSS_CHECK_SUFFIX = "-cross-check";

    public TableSpec(String name, String title, Integer paperTable, String baseline, List<Row> rows,
            List<String> columns, List<Claim> claims) {
        this(name, title, paperTable, baseline, rows, columns, claims, false);
    }

    /** Whether the report needs the test error of every epoch of this table's runs (curves, oracle columns). */
    public boolean needsEveryEpoch() {
        return curves || columns.contains(TableColumn.ORACLE_TOP1_ERR.key())
                || columns.contains(TableColumn.ORACLE_TOP5_ERR.key());
    }

    /** Rows whose runs are also trained by an independent implementation. */
    public List<Row> crossChecked() {
        return rows.stream().filter(r -> r.crossCheck() != null).toList();
    }

    /**
     * @param variant variant name in this spec
     * @param paper the paper's row name (column {@code variant} of senet-ablation-tables.csv), or null
     * @param label how the row is printed (defaults to the variant name)
     * @param crossCheck the peer that also trains this row's config with every seed (null = none)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Row(String variant, String paper, String label, Implementation crossCheck) {

        public Row(String variant, String paper, String label) {
            this(variant, paper, label, null);
        }

        /** The plan's name of this row's runs trained by {@code peer}: {@code <variant>@<peer>}. */
        public static String peerVariant(String variant, Implementation peer) {
            return variant + "@" + peer.key();
        }
    }

    /**
     * @param statement the paper's claim in words
     * @param kind {@code order}: variants listed best (lowest top-1 error) to worst; {@code similar}:
     *     the first variant is equivalent to the others within {@code margin}
     * @param margin for {@code similar}: the equivalence margin in points of top-1 error (null = the report's
     *     documented default)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Claim(String statement, String kind, List<String> variants, Double margin) {

        public Claim(String statement, String kind, List<String> variants) {
            this(statement, kind, variants, null);
        }
    }
}
