package selab.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import selab.io.BadInputException;

/**
 * The numbers printed in the paper, loaded from the resources {@code senet-ablation-tables.csv} and
 * {@code cifar-references.csv} (copied from shared/paper, see its README). They are cited, never
 * measured: they are ImageNet results at the paper's scale and a different recipe.
 */
public final class PaperTables {

    public static final String SOURCE = "Hu, Shen, Albanie, Sun, Wu, \"Squeeze-and-Excitation Networks\","
            + " arXiv:1709.01507v4 (TPAMI); ImageNet, SE-ResNet-50, single 224x224 centre crop, error in %";

    static final String ABLATION_RESOURCE = "senet-ablation-tables.csv";
    static final String CIFAR_RESOURCE = "cifar-references.csv";

    /**
     * One printed row. Values absent from the paper are null.
     *
     * @param table the paper's table number
     * @param variant the row name as printed (e.g. {@code r=16}, {@code SE_Stage_2})
     */
    public record PaperRow(
            int table, String variant, Double top1Err, Double top5Err, Double gflops, Double paramsM, String note) {}

    /** A CIFAR reference (paper Tables 4-5 or a third-party reproduction); errors in %. */
    public record CifarReference(
            String source, String dataset, String model, double baselineErr, double seErr, String note) {}

    private final Map<String, PaperRow> rows;
    private final List<CifarReference> cifar;

    private PaperTables(Map<String, PaperRow> rows, List<CifarReference> cifar) {
        this.rows = rows;
        this.cifar = cifar;
    }

    /** Loads the bundled resources. */
    public static PaperTables load() {
        return new PaperTables(parseAblation(read(ABLATION_RESOURCE)), parseCifar(read(CIFAR_RESOURCE)));
    }

    public Optional<PaperRow> find(int table, String variant) {
        return Optional.ofNullable(rows.get(key(table, variant)));
    }

    /** Like {@link #find} but a missing row is the spec's error (bad input) that lists the rows the table does have. */
    public PaperRow require(int table, String variant, String where) {
        return find(table, variant).orElseThrow(() -> new BadInputException(where + ": paper row '"
                + variant + "' is not in " + ABLATION_RESOURCE + " table " + table + "; allowed: "
                + String.join(", ", variantsOf(table))));
    }

    public List<String> variantsOf(int table) {
        return rows.values().stream().filter(r -> r.table() == table).map(PaperRow::variant)
                .collect(Collectors.toList());
    }

    public List<PaperRow> rows() {
        return List.copyOf(rows.values());
    }

    public List<CifarReference> cifarReferences() {
        return cifar;
    }

    private static String key(int table, String variant) {
        return table + "\u0000" + variant;
    }

    private static String read(String resource) {
        try (InputStream in = PaperTables.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource selab/report/" + resource + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource selab/report/" + resource, e);
        }
    }

    private static Map<String, PaperRow> parseAblation(String text) {
        List<List<String>> records = Csv.parse(text);
        Header h = new Header(ABLATION_RESOURCE, records.get(0));
        Map<String, PaperRow> out = new LinkedHashMap<>();
        for (int i = 1; i < records.size(); i++) {
            List<String> r = records.get(i);
            int line = i + 1;
            PaperRow row = new PaperRow(
                    (int) h.number(r, "table", line).doubleValue(),
                    h.text(r, "variant"),
                    h.number(r, "top1_err", line),
                    h.number(r, "top5_err", line),
                    h.number(r, "gflops", line),
                    h.number(r, "params_m", line),
                    h.text(r, "note"));
            out.put(key(row.table(), row.variant()), row);
        }
        return out;
    }

    private static List<CifarReference> parseCifar(String text) {
        List<List<String>> records = Csv.parse(text);
        Header h = new Header(CIFAR_RESOURCE, records.get(0));
        List<CifarReference> out = new ArrayList<>();
        for (int i = 1; i < records.size(); i++) {
            List<String> r = records.get(i);
            out.add(new CifarReference(h.text(r, "source"), h.text(r, "dataset"), h.text(r, "model"),
                    h.number(r, "baseline_err", i + 1), h.number(r, "se_err", i + 1), h.text(r, "note")));
        }
        return out;
    }

    /** Column lookup by header name, with errors that name the file, line and column. */
    private record Header(String file, List<String> names) {
        String text(List<String> record, String column) {
            int i = names.indexOf(column);
            if (i < 0) {
                throw new IllegalStateException(file + ": no column '" + column + "' in header " + names);
            }
            return i < record.size() ? record.get(i).trim() : "";
        }

        Double number(List<String> record, String column, int line) {
            String s = text(record, column);
            if (s.isEmpty()) {
                return null;
            }
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new IllegalStateException(
                        file + " line " + line + ": column '" + column + "' is not a number: '" + s + "'");
            }
        }
    }
}
