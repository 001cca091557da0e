package selab.report;

import java.util.ArrayList;
import java.util.List;

/** A GitHub pipe table; cells are escaped so every row has exactly as many cells as the header. */
final class MarkdownTable {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    MarkdownTable(List<String> header) {
        this.header = List.copyOf(header);
    }

    MarkdownTable row(List<String> cells) {
        if (cells.size() != header.size()) {
            throw new IllegalStateException("row has " + cells.size() + " cells, header " + header.size());
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    String render() {
        StringBuilder sb = new StringBuilder();
        line(sb, header);
        List<String> rule = new ArrayList<>();
        header.forEach(h -> rule.add("---"));
        line(sb, rule);
        rows.forEach(r -> line(sb, r));
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells) {
        sb.append('|');
        for (String c : cells) {
            sb.append(' ').append(escape(c)).append(" |");
        }
        sb.append('\n');
    }

    static String escape(String cell) {
        return cell == null ? "" : cell.replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }
}
