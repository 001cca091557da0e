package selab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {
    @Test
    void quotesOnlyFieldsThatNeedItPerRfc4180() {
        assertEquals("a,\"b,c\",\"say \"\"hi\"\"\",\"x\ny\",\r\n",
                Csv.line(java.util.Arrays.asList("a", "b,c", "say \"hi\"", "x\ny", null)));
    }

    @Test
    void parsesQuotedFieldsAndEmptyCells() {
        List<List<String>> rows = Csv.parse("h1,h2,h3\r\n\"a,b\",,\"c\"\"d\"\n1,2,3");
        assertEquals(List.of("h1", "h2", "h3"), rows.get(0));
        assertEquals(List.of("a,b", "", "c\"d"), rows.get(1));
        assertEquals(List.of("1", "2", "3"), rows.get(2));
        assertEquals(3, rows.size());
    }
}
