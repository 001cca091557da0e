package selab.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import selab.data.ChannelStats;
import selab.data.DataConfig;
import selab.data.DataSources;
import selab.data.ImageSet;
import selab.data.Splits;
import selab.model.Geometry;
import selab.model.Profiler;
import selab.results.Json;
import selab.spec.RunConfig;
import selab.spec.SpecJson;
import selab.train.LearningRateSchedule;

/**
 * The PyTorch peer trainer (peer_pytorch.py --train) and selab train one recipe: on tiny IDX data, the
 * peer's --probe-recipe must give selab's subset indices, normalisation statistics, learning rate at every
 * step, parameter count, and crop offsets spread uniformly over [0, 2·pad] as selab draws them.
 */
class PeerTrainerRecipeTest {

    private static final int TRAIN = 300;
    private static final int TEST = 80;
    private static final int SIDE = 28;

    @TempDir
    static Path tmp;

    static PythonPeer peer;

    @BeforeAll
    static void peerAndData() throws IOException {
        peer = PythonPeer.fromEnvironment();
        PythonPeer.Attempt<String> torch = peer.probe();
        assumeTrue(torch.result().isPresent(), "PyTorch peer unavailable: " + torch.availability().reason());
        Random r = new Random(5);
        writeIdx(tmp.resolve("data"), "train", TRAIN, r);
        writeIdx(tmp.resolve("data"), "t10k", TEST, r);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cosine", "multistep", "step"})
    void peerUsesSelabsSubsetNormalisationScheduleAndParameters(String schedule) throws IOException {
        String json = """
                {"model": {"arch": "resnet-20", "width": 0.5, "se": {"ratio": 4, "squeeze": "avg", "gate": "sigmoid",
                   "placement": "standard", "stages": [2, 3, 4], "fc_bias": false, "min_hidden": 3}},
                 "data": {"source": "fashion-mnist", "path": "%s", "train_subset": 200, "test_subset": 50,
                   "image_size": null, "augment": {"crop_padding": 2, "flip": true, "random_resized_crop": false}},
                 "recipe": {"epochs": 4, "batch_size": 32, "optimizer": "sgd", "lr": 0.2, "momentum": 0.9,
                   "nesterov": true, "weight_decay": 5.0e-4, "decay_bn_and_bias": false, "schedule": "%s",
                   "step_size": 1, "milestones": [1, 2], "gamma": 0.3, "warmup_epochs": 1, "label_smoothing": 0.1}}
                """.formatted(tmp.resolve("data"), schedule);
        RunConfig config = SpecJson.CANONICAL.readValue(json, RunConfig.class);
        ObjectNode request = Json.mapper().createObjectNode();
        request.set("config", Json.mapper().readTree(json));
        request.put("seed", 3).put("data_dir", tmp.resolve("data").toString()).put("augment_samples", 5000);
        Path file = tmp.resolve("request-" + schedule + ".json");
        Files.writeString(file, request.toString());
        PythonPeer.Attempt<JsonNode> probe = peer.probeRecipe(file);
        assertTrue(probe.result().isPresent(), probe.availability().reason());
        JsonNode p = probe.result().get();

        assertArrayEquals(ImageSet.subsetIndices(TRAIN, 200, DataSources.SUBSET_SEED), ints(p.get("train_indices")));
        assertArrayEquals(ImageSet.subsetIndices(TEST, 50, DataSources.TEST_SUBSET_SEED), ints(p.get("test_indices")));

        Splits splits = DataSources.load(config.data(), null);
        ChannelStats stats = splits.train().channelStats();
        assertEquals(stats.mean()[0], p.get("mean").get(0).asDouble(), 1e-9);
        assertEquals(stats.std()[0], p.get("std").get(0).asDouble(), 1e-9);

        int steps = 200 / 32;
        assertEquals(steps, p.get("steps_per_epoch").asInt());
        LearningRateSchedule selab = new LearningRateSchedule(config.recipe(), steps);
        JsonNode lr = p.get("lr");
        assertEquals(4 * steps, lr.size());
        for (int i = 0; i < lr.size(); i++) {
            assertEquals(selab.at(i), lr.get(i).asDouble(), 1e-12, schedule + " step " + i);
        }

        long params = Profiler.profile(config.model(), new Geometry(1, SIDE, 10)).params();
        assertEquals(params, p.get("params").asLong());

        // Crop offsets: 5 values per axis, each 1/5 of the draws (selab: Random.nextInt(2·pad + 1)); chi-square
        // with 4 degrees of freedom below 18.47 (p = 0.001) on each axis.
        for (int axis = 0; axis < 2; axis++) {
            long[] counts = new long[5];
            for (JsonNode o : p.get("crop_offsets")) {
                int v = o.get(axis).asInt();
                assertTrue(v >= 0 && v <= 4, "offset " + v + " outside [0, 4]");
                counts[v]++;
            }
            double expected = 5000 / 5.0;
            double chi2 = 0;
            for (long c : counts) {
                chi2 += (c - expected) * (c - expected) / expected;
            }
            assertTrue(chi2 < 18.47, "axis " + axis + " offsets not uniform: " + java.util.Arrays.toString(counts));
        }
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    /** IDX files of n random 28×28 images (a bright square whose place depends on the label) and labels. */
    private static void writeIdx(Path dir, String prefix, int n, Random r) throws IOException {
        Files.createDirectories(dir);
        ByteBuffer images = ByteBuffer.allocate(16 + n * SIDE * SIDE).putInt(0x803).putInt(n).putInt(SIDE).putInt(SIDE);
        ByteBuffer labels = ByteBuffer.allocate(8 + n).putInt(0x801).putInt(n);
        for (int i = 0; i < n; i++) {
            int label = r.nextInt(10);
            labels.put((byte) label);
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    boolean square = y / 7 == label % 4 && x / 7 == label / 4;
                    images.put((byte) (square ? 200 + r.nextInt(56) : r.nextInt(60)));
                }
            }
        }
        Files.write(dir.resolve(prefix + "-images-idx3-ubyte"), images.array());
        Files.write(dir.resolve(prefix + "-labels-idx1-ubyte"), labels.array());
    }
}
