package selab.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trends}: read into TrendSpecs; a bad name, x or pair is one error naming file, field and allowed values. */
class TrendSpecTest {
    @TempDir
    Path dir;

    private static final String BASE = """
            name: tr
            variants:
              plain4: {model.se: none, recipe.epochs: 4}
              se4: {recipe.epochs: 4}
              se8: {recipe.epochs: 8}
            tables:
              - {name: t, rows: [{variant: plain4}, {variant: se4}]}
            """;

    private Path write(String trends) throws IOException {
        Path f = dir.resolve("tr.yaml");
        Files.writeString(f, BASE + trends);
        return f;
    }

    @Test
    void aTrendIsReadWithItsSeriesAndPairs() throws IOException {
        ExperimentSpec spec = SpecLoader.load(write("""
                trends:
                  - {name: gap, title: SE gap, x: recipe.epochs, series: [{label: SE, pairs: [[se4, plain4], [se8, plain4]]}]}
                """));
        TrendSpec t = spec.trends().get(0);
        assertEquals("recipe.epochs", t.x());
        assertEquals(List.of(new TrendSpec.Pair("se4", "plain4"), new TrendSpec.Pair("se8", "plain4")),
                t.series().get(0).pairs());
    }

    private SpecError only(String trends) throws IOException {
        Path f = write(trends);
        SpecException e = assertThrows(SpecException.class, () -> SpecLoader.load(f));
        assertEquals(1, e.errors().size(), e.getMessage());
        assertEquals(f.toString(), e.errors().get(0).file());
        return e.errors().get(0);
    }

    @Test
    void badTrendsAreOneErrorEach() throws IOException {
        SpecError x = only("trends: [{name: g, x: model.se.gate, series: [{label: s, pairs: [[se4, plain4]]}]}]\n");
        assertEquals("trends[0].x", x.path());
        SpecError pair = only("trends: [{name: g, x: recipe.epochs, series: [{label: s, pairs: [[se4, nope]]}]}]\n");
        assertEquals("trends[0].series[0].pairs[0]", pair.path());
        SpecError clash = only("trends: [{name: t, x: recipe.epochs, series: [{label: s, pairs: [[se4, plain4]]}]}]\n");
        assertEquals("trends[0].name", clash.path());
        SpecError csv = only("trends: [{name: t-cross-check, x: recipe.epochs, series: [{label: s, pairs: [[se4, plain4]]}]}]\n");
        assertEquals("trends[0].name", csv.path());
        assertTrue(csv.allowed().contains("not ending in '-cross-check'"), csv.format());
        SpecError key = only("trends: [{name: g, x: recipe.epochs, colour: red, series: [{label: s, pairs: [[se4, plain4]]}]}]\n");
        assertEquals("trends[0].colour", key.path());
    }
}
