package selab.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import selab.data.DataConfig;
import selab.model.Gate;
import selab.model.ModelConfig;
import selab.model.Placement;
import selab.model.SeConfig;
import selab.model.Squeeze;
import selab.plan.Plan;
import selab.plan.Planner;
import selab.plan.RunIds;
import selab.plan.Variant;
import selab.train.RecipeConfig;
import selab.train.Schedule;

/** {@code cross_check}: read from rows and the spec's top level, checked against what the peer can train, planned. */
class CrossCheckSpecTest {
    @TempDir
    Path dir;

    private static final String BASE = """
            name: xc
            seeds: [0, 1]
            variants:
              plain: {model.se: none}
              se: {}
              pre: {model.se.placement: pre}
            """;

    private Path write(String name, String yaml) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, yaml);
        return f;
    }

    private Plan plan(String tables) throws IOException {
        return Planner.expand(SpecLoader.load(write("xc.yaml", BASE + tables)));
    }

    @Test
    void aRowsCrossCheckAddsThePeersRunsWithIdsOfTheirOwnAndLeavesSelabsIdsAlone() throws IOException {
        Plan without = plan("""
                tables:
                  - {name: t, rows: [{variant: plain}, {variant: se}]}
                """);
        Plan with = plan("""
                tables:
                  - {name: t, rows: [{variant: plain, cross_check: pytorch}, {variant: se}]}
                """);
        Map<String, List<Variant>> byName = with.byName();
        assertEquals(List.of("plain", "plain@pytorch", "se", "pre"), with.names());
        for (String name : List.of("plain", "se", "pre")) {
            assertEquals(without.byName().get(name), byName.get(name), name + ": same runs, same ids");
        }
        List<Variant> peer = byName.get("plain@pytorch");
        assertEquals(List.of(0L, 1L), peer.stream().map(Variant::seed).toList());
        for (int i = 0; i < 2; i++) {
            Variant selab = byName.get("plain").get(i);
            assertEquals(Implementation.PYTORCH, peer.get(i).config().implementation());
            assertEquals(selab.config(), peer.get(i).config().withImplementation(null));
            assertNotEquals(selab.id(), peer.get(i).id());
            assertEquals(RunIds.of(peer.get(i).config(), i), peer.get(i).id());
        }
        assertEquals(8, with.distinctRuns().size());
    }

    @Test
    void theImplementationIsInThePeersCanonicalJsonOnly() throws IOException {
        Variant selab = plan("tables: [{name: t, rows: [{variant: plain, cross_check: pytorch}]}]\n").byName()
                .get("plain").get(0);
        String selabJson = RunIds.canonicalJson(selab.config(), 0);
        String peerJson = RunIds.canonicalJson(selab.config().withImplementation(Implementation.PYTORCH), 0);
        assertEquals(-1, selabJson.indexOf("implementation"));
        // Keys sorted: data < implementation < model; the rest of the text is selab's, character for character.
        int model = selabJson.indexOf(",\"model\":");
        assertEquals(selabJson.substring(0, model) + ",\"implementation\":\"pytorch\"" + selabJson.substring(model),
                peerJson);
        assertNull(selab.config().withImplementation(Implementation.SELAB).implementation(),
                "selab spelled out is the same config as selab left out");
    }

    @Test
    void theSpecsTopLevelCrossCheckIsEveryRowsDefaultAndARowMaySayNone() throws IOException {
        Path f = write("top.yaml", BASE + """
                cross_check: pytorch
                tables:
                  - {name: t, rows: [{variant: plain}, {variant: se, cross_check: none}]}
                """);
        ExperimentSpec spec = SpecLoader.load(f);
        assertEquals(Implementation.PYTORCH, spec.tables().get(0).rows().get(0).crossCheck());
        assertNull(spec.tables().get(0).rows().get(1).crossCheck());
        assertEquals(List.of("plain", "plain@pytorch", "se", "pre"), Planner.expand(spec).names());
    }

    @Test
    void anUnknownPeerIsOneErrorNamingFileFieldAndAllowedValues() throws IOException {
        Path f = write("bad.yaml", BASE + """
                tables:
                  - {name: t, rows: [{variant: plain, cross_check: tensorflow}]}
                """);
        SpecException e = assertThrows(SpecException.class, () -> SpecLoader.load(f));
        assertEquals(1, e.errors().size(), e.getMessage());
        SpecError err = e.errors().get(0);
        assertEquals(f.toString(), err.file());
        assertEquals("tables[0].rows[0].cross_check", err.path());
        assertTrue(err.allowed().startsWith("pytorch"), err.allowed());
    }

    @Test
    void aRowThePeerCannotTrainIsRefusedBeforeAnythingIsPlanned() throws IOException {
        Path f = write("pre.yaml", BASE + """
                tables:
                  - {name: t, rows: [{variant: se}, {variant: pre, cross_check: pytorch}]}
                """);
        SpecException e = assertThrows(SpecException.class, () -> SpecLoader.load(f));
        assertEquals(1, e.errors().size(), e.getMessage());
        SpecError err = e.errors().get(0);
        assertEquals("tables[0].rows[1].cross_check", err.path());
        assertTrue(err.message().contains("model.se.placement = pre") && err.message().contains("allowed: standard"),
                err.message());
    }

    @Test
    void whatThePeerCannotTrainIsSaidFieldByField() {
        RecipeConfig recipe = new RecipeConfig(2, 64, "sgd", 0.1, 0.9, false, 5e-4, false, Schedule.COSINE, 30, List.of(),
                0.1, 0, 0.1);
        SeConfig se = new SeConfig(16, Squeeze.MAX, Gate.TANH, Placement.STANDARD, List.of(3), true, 4);
        RunConfig ok = new RunConfig(new ModelConfig("resnet-32", se, 0.5),
                new DataConfig("mnist", null, 100, 50, null, new DataConfig.Augment(2, true, false)), recipe);
        assertEquals(List.of(), Implementation.PYTORCH.cannotTrain(ok));
        RunConfig bad = new RunConfig(new ModelConfig("resnet-50",
                new SeConfig(16, Squeeze.AVG, Gate.SIGMOID, Placement.IDENTITY, null, false), 1.0),
                new DataConfig("imagefolder", "/x", null, null, 64, new DataConfig.Augment(0, true, true)), recipe);
        List<String> why = Implementation.PYTORCH.cannotTrain(bad);
        assertEquals(5, why.size(), why.toString());
        assertTrue(why.get(0).startsWith("model.arch = resnet-50") && why.get(0).contains("resnet-20|"), why.get(0));
        assertTrue(why.get(1).startsWith("model.se.placement = identity"), why.get(1));
        assertTrue(why.get(2).startsWith("data.source = imagefolder"), why.get(2));
        assertTrue(why.get(3).startsWith("data.image_size = 64"), why.get(3));
        assertTrue(why.get(4).startsWith("data.augment.random_resized_crop"), why.get(4));
        assertEquals(List.of(), Implementation.SELAB.cannotTrain(bad), "selab trains anything the schema allows");
    }
}
