package selab.bench;

import java.util.ArrayList;
import java.util.List;

/** A GitHub pipe table whose cells cannot break the row (pipes escaped, newlines flattened). */
final class MdTable {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    MdTable(String... header) {
        this.header = List.of(header);
    }

    MdTable row(String... cells) {
        if (cells.length != header.size()) {
            throw new IllegalStateException("row has " + cells.length + " cells, header has " + header.size());
        }
        rows.add(List.of(cells));
        return this;
    }

    String render() {
        StringBuilder sb = new StringBuilder();
        line(sb, header);
        line(sb, header.stream().map(h -> "---").toList());
        rows.forEach(r -> line(sb, r));
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells) {
        sb.append('|');
        for (String c : cells) {
            sb.append(' ').append(c.replace("|", "\\|").replace("\r", " ").replace("\n", " ")).append(" |");
        }
        sb.append('\n');
    }
}
