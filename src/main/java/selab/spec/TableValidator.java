package selab.spec;

import selab.model.Keyed;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a spec's {@code tables} into {@link TableSpec}s, checking that every row, baseline and claim
 * names a variant the plan will actually run, and that columns and claim kinds are ones the report
 * knows. Missing {@code columns} default to top-1 and top-5 error; a row's missing label to its variant.
 */
final class TableValidator {
    static final List<String> COLUMNS = Keyed.keys(TableColumn.class);
    static final List<String> DEFAULT_COLUMNS = TableColumn.DEFAULTS.stream().map(TableColumn::key).toList();
    static final List<String> CLAIM_KINDS = Keyed.keys(ClaimKind.class);
    private static final List<String> TABLE_KEYS =
            List.of("name", "title", "paper_table", "baseline", "rows", "columns", "claims", "curves");
    private static final List<String> ROW_KEYS = List.of("variant", "paper", "label", "cross_check");
    private static final List<String> CLAIM_KEYS = List.of("statement", "kind", "variants", "margin");
    private static final int LISTED_NAMES = 30;
    /**
     * The stem of a report directory's index page (README.md beside the tables' pages): no table or trend may
     * have it.
     */
    static final String RESERVED_NAME = "readme";

    private final String file;
    private final List<String> variantNames;
    private final Implementation crossCheckDefault;
    private final Problems problems;

    private TableValidator(String file, List<String> variantNames, Implementation crossCheckDefault, Problems problems) {
        this.file = file;
        this.variantNames = variantNames;
        this.crossCheckDefault = crossCheckDefault;
        this.problems = problems;
    }

    /**
     * The tables of {@code node} (null = none); problems are added, not thrown.
     *
     * @param crossCheckDefault the spec's top-level {@code cross_check}: every row's unless it says otherwise
     */
    static List<TableSpec> read(String file, JsonNode node, List<String> variantNames, Implementation crossCheckDefault,
            Problems problems) {
        return new TableValidator(file, variantNames, crossCheckDefault, problems).readAll(node);
    }

    /**
     * A {@code cross_check} value: a peer's key, or null/none for no cross-check (a row's none overrides the
     * spec's default).
     */
    static Implementation crossCheck(String file, String path, JsonNode node, Implementation fallback, Problems problems) {
        if (node == null) {
            return fallback;
        }
        if (node.isNull() || (node.isTextual() && node.textValue().equals("none"))) {
            return null;
        }
        String allowed = Implementation.peersAllowed() + " (also train the row with that implementation), or none";
        if (!node.isTextual()) {
            problems.notAllowed(file, path, node, allowed);
            return null;
        }
        Implementation peer = Keyed.find(Implementation.class, node.textValue())
                .filter(Implementation.peers()::contains).orElse(null);
        if (peer == null) {
            problems.notAllowed(file, path, node, allowed);
        }
        return peer;
    }

    private List<TableSpec> readAll(JsonNode node) {
        List<TableSpec> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            problems.add(file, "tables", node, "'" + JsonValues.show(node) + "' is not a list",
                    "a list of mappings with keys " + String.join("|", TABLE_KEYS));
            return out;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            TableSpec t = readTable("tables[" + i + "]", node.get(i));
            if (t != null && t.name() != null && !names.add(t.name())) {
                problems.add(file, "tables[" + i + "].name", node.get(i).get("name"),
                        "duplicate table name '" + t.name() + "'", "a name not used by another table");
            }
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    private TableSpec readTable(String path, JsonNode t) {
        if (!isMapping(path, t, TABLE_KEYS)) {
            return null;
        }
        String name = text(path + ".name", t.get("name"), true, SpecLoader.NAME_ALLOWED + " (a file stem)");
        if (name != null && !SpecLoader.NAME.matcher(name).matches()) {
            problems.notAllowed(file, path + ".name", t.get("name"), SpecLoader.NAME_ALLOWED + " (a file stem)");
        } else if (name != null && name.equals(RESERVED_NAME)) {
            problems.add(file, path + ".name", t.get("name"), "'" + name + "' is the report's index page",
                    "any other " + SpecLoader.NAME_ALLOWED + " (a file stem)");
        } else if (name != null && name.endsWith(TableSpec.CROSS_CHECK_SUFFIX)) {
            // Table <t>'s cross-check CSV is <t>-cross-check.csv: a table of that name would overwrite it.
            problems.add(file, path + ".name", t.get("name"), "a table name cannot end in '"
                    + TableSpec.CROSS_CHECK_SUFFIX + "' (the suffix of a table's cross-check CSV)",
                    SpecLoader.NAME_ALLOWED + " (a file stem) not ending in '" + TableSpec.CROSS_CHECK_SUFFIX + "'");
        }
        String title = text(path + ".title", t.get("title"), false, "a string");
        Integer paperTable = null;
        JsonNode pt = t.get("paper_table");
        if (pt != null && !pt.isNull()) {
            if (pt.isIntegralNumber() && pt.canConvertToInt() && pt.intValue() >= 1) {
                paperTable = pt.intValue();
            } else {
                problems.notAllowed(file, path + ".paper_table", pt, "integer >= 1 (the paper's table number), or null");
            }
        }
        String baseline = variant(path + ".baseline", t.get("baseline"), false);
        List<TableSpec.Row> rows = rows(path + ".rows", t.get("rows"));
        List<String> columns = columns(path + ".columns", t.get("columns"));
        List<TableSpec.Claim> claims = claims(path + ".claims", t.get("claims"));
        List<String> rowVariants = rows.stream().map(TableSpec.Row::variant).filter(v -> v != null).toList();
        if (baseline != null && !rowVariants.isEmpty() && !rowVariants.contains(baseline)) {
            problems.add(file, path + ".baseline", t.get("baseline"), "'" + baseline + "' is not a row of this table",
                    String.join("|", rowVariants) + " (the deltas are taken against a row), or null");
        }
        boolean curves = false;
        JsonNode c = t.get("curves");
        if (c != null && !c.isNull()) {
            if (c.isBoolean()) {
                curves = c.booleanValue();
            } else {
                problems.notAllowed(file, path + ".curves", c, "true|false (plot test error per epoch; its runs are"
                        + " then evaluated after every epoch)");
            }
        }
        return new TableSpec(name, title, paperTable, baseline, rows, columns, claims, curves);
    }

    private List<TableSpec.Row> rows(String path, JsonNode node) {
        List<TableSpec.Row> out = new ArrayList<>();
        if (!nonEmptyList(path, node, "a non-empty list of mappings with keys " + String.join("|", ROW_KEYS))) {
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            String rp = path + "[" + i + "]";
            JsonNode r = node.get(i);
            if (!isMapping(rp, r, ROW_KEYS)) {
                continue;
            }
            String variant = variant(rp + ".variant", r.get("variant"), true);
            String paper = text(rp + ".paper", r.get("paper"), false, "the paper's row name, or null");
            String label = text(rp + ".label", r.get("label"), false, "a string");
            Implementation peer = crossCheck(file, rp + ".cross_check", r.get("cross_check"), crossCheckDefault, problems);
            out.add(new TableSpec.Row(variant, paper, label == null ? variant : label, peer));
        }
        return out;
    }

    private List<String> columns(String path, JsonNode node) {
        if (node == null || node.isNull()) {
            return DEFAULT_COLUMNS;
        }
        List<String> out = new ArrayList<>();
        if (!nonEmptyList(path, node, "a non-empty list of " + String.join("|", COLUMNS))) {
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode c = node.get(i);
            if (c.isTextual() && COLUMNS.contains(c.textValue())) {
                out.add(c.textValue());
            } else {
                problems.notAllowed(file, path + "[" + i + "]", c, String.join("|", COLUMNS));
            }
        }
        return out;
    }

    private List<TableSpec.Claim> claims(String path, JsonNode node) {
        List<TableSpec.Claim> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            problems.add(file, path, node, "'" + JsonValues.show(node) + "' is not a list",
                    "a list of mappings with keys " + String.join("|", CLAIM_KEYS));
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            String cp = path + "[" + i + "]";
            JsonNode c = node.get(i);
            if (!isMapping(cp, c, CLAIM_KEYS)) {
                continue;
            }
            String statement = text(cp + ".statement", c.get("statement"), false, "a string");
            String kind = text(cp + ".kind", c.get("kind"), true, String.join("|", CLAIM_KINDS));
            if (kind != null && !CLAIM_KINDS.contains(kind)) {
                problems.notAllowed(file, cp + ".kind", c.get("kind"), String.join("|", CLAIM_KINDS));
            }
            List<String> variants = new ArrayList<>();
            JsonNode vs = c.get("variants");
            String allowed = "a list of at least two variant names: " + names();
            if (vs == null || !vs.isArray() || vs.size() < 2) {
                problems.add(file, cp + ".variants", vs, vs == null ? "missing key 'variants'"
                        : "'" + JsonValues.show(vs) + "' is not a list of at least two variants", allowed);
            } else {
                for (int j = 0; j < vs.size(); j++) {
                    variants.add(variant(cp + ".variants[" + j + "]", vs.get(j), true));
                }
            }
            Double margin = null;
            JsonNode m = c.get("margin");
            if (m != null && !m.isNull()) {
                if (!m.isNumber() || !(m.asDouble() > 0) || !Double.isFinite(m.asDouble()) || m.asDouble() > 100) {
                    problems.add(file, cp + ".margin", m, "'" + JsonValues.show(m) + "' is not a margin",
                            "a number of top-1 error points in (0, 100], e.g. 1.0");
                } else if (!ClaimKind.SIMILAR.key().equals(kind)) {
                    problems.add(file, cp + ".margin", m, "a margin applies only to kind: similar",
                            "leave it out for kind: " + kind);
                } else {
                    margin = m.asDouble();
                }
            }
            out.add(new TableSpec.Claim(statement, kind, variants, margin));
        }
        return out;
    }

    /** A variant name the plan runs; null (after an error when required) otherwise. */
    private String variant(String path, JsonNode node, boolean required) {
        if (node == null || node.isNull()) {
            if (required) {
                problems.add(file, path, null, "missing variant name", names());
            }
            return null;
        }
        if (!node.isTextual() || !variantNames.contains(node.textValue())) {
            problems.add(file, path, node, "'" + JsonValues.show(node) + "' is not a variant of this spec", names());
            return null;
        }
        return node.textValue();
    }

    private String text(String path, JsonNode node, boolean required, String allowed) {
        return NodeChecks.text(file, problems, path, node, required, allowed);
    }

    private boolean isMapping(String path, JsonNode node, List<String> keys) {
        return NodeChecks.isMapping(file, problems, path, node, keys);
    }

    private boolean nonEmptyList(String path, JsonNode node, String allowed) {
        if (node == null || node.isNull()) {
            problems.add(file, path, null, "missing required key '" + path.substring(path.lastIndexOf('.') + 1) + "'", allowed);
            return false;
        }
        if (!node.isArray() || node.isEmpty()) {
            problems.add(file, path, node, "'" + JsonValues.show(node) + "' is not a non-empty list", allowed);
            return false;
        }
        return true;
    }

    /** The plan's variant names, shortened when there are very many. */
    private String names() {
        if (variantNames.size() <= LISTED_NAMES) {
            return String.join("|", variantNames);
        }
        return String.join("|", variantNames.subList(0, LISTED_NAMES)) + "|... (" + variantNames.size() + " in all)";
    }
}
