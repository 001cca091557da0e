package selab.spec;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import selab.model.Keyed;

/**
 * The columns a spec's table may ask for ({@code tables[].columns}): the one list the spec validation,
 * its error messages and the report (which computes each) read.
 */
public enum TableColumn implements Keyed {
    /** Final-epoch test errors, as the paper reports them. */
    TOP1_ERR("top1_err"),
    TOP5_ERR("top5_err"),
    /** The best epoch picked on the test set itself: flatters every row, so offered only under this name. */
    ORACLE_TOP1_ERR("oracle_top1_err"),
    ORACLE_TOP5_ERR("oracle_top5_err"),
    TRAIN_LOSS("train_loss"),
    TEST_LOSS("test_loss"),
    WALL_SECONDS("wall_seconds"),
    IMAGES_PER_S("images_per_s"),
    /** Architecture columns: constant per variant, from the profile rather than aggregated over seeds. */
    PARAMS("params"),
    GFLOPS("gflops");

    /** What a table shows when its spec names no columns. */
    public static final List<TableColumn> DEFAULTS = List.of(TOP1_ERR, TOP5_ERR);

    private final String key;

    TableColumn(String key) {
        this.key = key;
    }

    @JsonValue
    @Override
    public String key() {
        return key;
    }

    @Override
    public String toString() {
        return key;
    }
}
