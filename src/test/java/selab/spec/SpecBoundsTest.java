package selab.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bounds a careful user runs into, each checked on both sides of the line: the last allowed value loads,
 * the first one past it is one error naming the file, the spec path, the value and the allowed range. The
 * expected limits are worked out by hand in the comments, not read from the code.
 */
class SpecBoundsTest {
    @TempDir
    Path dir;

    private Path spec(String yaml) throws IOException {
        Path file = dir.resolve("x.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private SpecError onlyError(String yaml) throws IOException {
        Path file = spec(yaml);
        SpecException e = assertThrows(SpecException.class, () -> SpecLoader.load(file));
        assertEquals(1, e.errors().size(), e.getMessage());
        assertEquals(file.toString(), e.errors().get(0).file());
        return e.errors().get(0);
    }

    private void loads(String yaml) throws IOException {
        SpecLoader.load(spec(yaml));
    }

    @ParameterizedTest(name = "name {0}")
    @CsvSource({"'-x'", "_", "-", "'.hidden'",
        "a12345678901234567890123456789012345678901234567890123456789012345"}) // 65 characters
    void aNameThatIsNotAGoodDirectoryNameIsRejected(String name) throws IOException {
        SpecError e = onlyError("name: '" + name + "'\n");
        assertEquals("name", e.path());
        assertEquals(name, e.value());
        assertTrue(e.allowed().startsWith("[a-z0-9][a-z0-9_-]*, at most 64 characters"), e.format());
    }

    @Test
    void namesThatStartWithALetterOrDigitLoad() throws IOException {
        loads("name: x\n");
        loads("name: 0_x-y\n");
        loads("name: a123456789012345678901234567890123456789012345678901234567890123\n"); // 64 characters
    }

    @Test
    void aTableNameFollowsTheSameRuleAndCannotBeTheIndexPage() throws IOException {
        assertEquals("tables[0].name", onlyError("name: t\ntables: [{name: '-t', rows: [{variant: base}]}]\n").path());
        SpecError e = onlyError("name: t\ntables: [{name: readme, rows: [{variant: base}]}]\n");
        assertEquals("tables[0].name", e.path());
        assertTrue(e.message().contains("index page"), e.format());
        // Table t's cross-check CSV is t-cross-check.csv: a table of that name would overwrite it.
        e = onlyError("name: t\ntables: [{name: t, rows: [{variant: base}]}, {name: t-cross-check, rows: [{variant: base}]}]\n");
        assertEquals("tables[1].name", e.path());
        assertTrue(e.allowed().contains("not ending in '-cross-check'"), e.format());
    }

    @Test
    void aTableBaselineMustBeOneOfItsRows() throws IOException {
        // Deltas are taken against the baseline row: a variant of the spec that is not a row has none.
        SpecError e = onlyError("name: t\nvariants: {a: {}, b: {model.se: none}, c: {model.se.gate: tanh}}\n"
                + "tables: [{name: t, baseline: c, rows: [{variant: a}, {variant: b}]}]\n");
        assertEquals("tables[0].baseline", e.path());
        assertTrue(e.allowed().startsWith("a|b"), e.format());
        loads("name: t\nvariants: {a: {}, b: {model.se: none}}\ntables: [{name: t, baseline: b, rows: [{variant: a},"
                + " {variant: b}]}]\n");
    }

    @ParameterizedTest(name = "width {0}")
    @CsvSource({"0.001", "0.24", "8.01", "1e9", "0", "-1"})
    void widthOutsideAQuarterToEightIsRejected(String width) throws IOException {
        SpecError e = onlyError("name: t\nbase: {model: {width: " + width + "}}\n");
        assertEquals("base.model.width", e.path());
        assertEquals("a number in [0.25, 8]", e.allowed());
    }

    @Test
    void widthAtItsBoundsLoads() throws IOException {
        loads("name: t\nbase: {model: {width: 0.25}}\n"); // the 16-channel stem keeps 16 * 0.25 = 4 channels
        loads("name: t\nbase: {model: {width: 8}}\n");
    }

    @Test
    void imageSizeMustLetEveryStrideHalveAtLeastTwoPixels() throws IOException {
        // resnet-20: stride-2 at the first unit of stages 3 and 4. Side 3 -> 2 -> 1: each halves >= 2 pixels;
        // side 2 -> 1 -> 1: the second halves a single pixel.
        loads("name: t\nbase: {data: {source: synthetic, image_size: 3}}\n");
        SpecError e = onlyError("name: t\nbase: {data: {source: synthetic, image_size: 2}}\n");
        assertEquals("base.data.image_size", e.path());
        assertTrue(e.allowed().startsWith("integer 3..1024 for resnet-20"), e.format());
        // resnet-50: the stem's conv and max-pool, then stages 3, 4, 5: five halvings. 17 -> 9 -> 5 -> 3 -> 2 -> 1;
        // 16 -> 8 -> 4 -> 2 -> 1 -> 1.
        loads("name: t\nbase: {model: {arch: resnet-50}, data: {source: imagefolder, image_size: 17}}\n");
        e = onlyError("name: t\nbase: {model: {arch: resnet-50}, data: {source: imagefolder, image_size: 16}}\n");
        assertTrue(e.allowed().startsWith("integer 17..1024 for resnet-50"), e.format());
        // Fashion-MNIST's 28x28 is large enough for every arch, its ImageNet ResNets included.
        loads("name: t\nbase: {model: {arch: resnet-152}}\n");
    }

    @Test
    void anArchTooDeepForTheSourcesDefaultSideIsBlamedOnTheArch() throws IOException {
        // Synthetic images are 16x16 unless image_size says otherwise: below resnet-50's 17.
        SpecError e = onlyError("name: t\nbase: {model: {arch: resnet-50}, data: {source: synthetic}}\n");
        assertEquals("base.model.arch", e.path());
        assertTrue(e.message().contains("16×16"), e.format());
        assertTrue(e.allowed().startsWith("resnet-20|resnet-32|resnet-44|resnet-56|resnet-110, or data.image_size 17..1024"),
                e.format());
    }

    @Test
    void imageSizeUpToOneThousandAndTwentyFour() throws IOException {
        loads("name: t\nbase: {data: {source: imagefolder, image_size: 1024}}\n");
        assertEquals("base.data.image_size",
                onlyError("name: t\nbase: {data: {source: imagefolder, image_size: 1025}}\n").path());
    }

    @Test
    void aFixedSizeSourceTakesOnlyItsOwnSide() throws IOException {
        loads("name: t\nbase: {data: {source: cifar10, image_size: 32}}\n");
        SpecError e = onlyError("name: t\nbase: {data: {source: fashion-mnist, image_size: 64}}\n");
        assertEquals("base.data.image_size", e.path());
        assertEquals("28 (fashion-mnist's images are 28×28), or null", e.allowed());
    }

    @Test
    void cropPaddingIsAtMostTheImageSide() throws IOException {
        loads("name: t\nbase: {data: {augment: {crop_padding: 28}}}\n"); // Fashion-MNIST: 28x28
        SpecError e = onlyError("name: t\nbase: {data: {augment: {crop_padding: 29}}}\n");
        assertEquals("base.data.augment.crop_padding", e.path());
        assertTrue(e.allowed().startsWith("integer 0..28"), e.format());
        e = onlyError("name: t\nbase: {data: {source: synthetic, image_size: 20, augment: {crop_padding: 1000000}}}\n");
        assertTrue(e.allowed().startsWith("integer 0..20"), e.format());
    }

    @Test
    void aSpecOverOneMebibyteIsRejectedBeforeItIsParsed() throws IOException {
        String head = "name: t\n";
        String line = "# " + "d".repeat(97) + "\n"; // 100 bytes of comment
        int lines = ((1 << 20) - head.length()) / line.length();
        String pad = "#" + "d".repeat((1 << 20) - head.length() - lines * line.length() - 2) + "\n";
        String mebibyte = head + line.repeat(lines) + pad;
        assertEquals(1 << 20, mebibyte.length());
        loads(mebibyte); // exactly 1,048,576 bytes
        SpecError e = onlyError(mebibyte + "\n");
        assertEquals("(file)", e.path());
        assertEquals("file is 1,048,577 bytes", e.message());
        assertTrue(e.allowed().contains("at most 1,048,576 bytes"), e.format());
    }

    @Test
    void aPlanOfMoreThanTenThousandRunsIsRejectedBeforeItIsExpanded() throws IOException {
        // 10 x 10 axis values x 100 seeds = 10,000 runs: allowed; 101 seeds are 10,100.
        String axes = "axes:\n  model.se.ratio: " + range(1, 10) + "\n  recipe.epochs: " + range(1, 10) + "\n";
        ExperimentSpec ok = SpecLoader.load(spec("name: t\nseeds: " + range(0, 99) + "\n" + axes));
        assertEquals(10_000, Expansion.resolve(ok).size() * ok.seeds().size());
        SpecError e = onlyError("name: t\nseeds: " + range(0, 100) + "\n" + axes);
        assertEquals("axes", e.path());
        assertEquals("the spec plans 10,100 runs (variants × axis values × seeds, before exclusions)", e.message());
        assertEquals("at most 10,000 runs per spec", e.allowed());
        // Six axes of 100 values would be 10^12 runs: refused without multiplying them all out.
        StringBuilder huge = new StringBuilder("name: t\naxes:\n");
        for (String path : List.of("model.se.ratio", "recipe.epochs", "recipe.batch_size", "data.train_subset",
                "data.test_subset", "recipe.step_size")) {
            huge.append("  ").append(path).append(": ").append(range(1, 100)).append('\n');
        }
        e = onlyError(huge.toString());
        assertTrue(e.message().startsWith("the spec plans at least "), e.format());
    }

    private static String range(int from, int to) {
        StringBuilder b = new StringBuilder("[");
        for (int i = from; i <= to; i++) {
            b.append(i == from ? "" : ", ").append(i);
        }
        return b.append(']').toString();
    }
}
