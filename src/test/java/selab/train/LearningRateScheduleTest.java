package selab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * selab's lr at every step against PyTorch's schedulers stepped per iteration, as selab steps:
 * {@code SequentialLR([LinearLR(start_factor=0.01, total_iters=W), S], milestones=[W])}. The expected values
 * were written by {@code src/test/resources/selab/train/pytorch_lr_schedules.py} (torch 1.13) into
 * {@code pytorch-lr-schedules.csv}; rerun it to regenerate them.
 */
class LearningRateScheduleTest {

    /** A recipe of the script: its lr schedule settings and steps per epoch. */
    record Recipe(RecipeConfig config, int stepsPerEpoch) {}

    /** The script's RECIPES, spelled the same way. */
    static final Map<String, Recipe> RECIPES = Map.of(
            "warmup-cosine", recipe(0.1, 5, 3, 2, Schedule.COSINE, 30, List.of(), 0.1),
            "warmup-multistep", recipe(0.2, 6, 4, 1, Schedule.MULTISTEP, 30, List.of(2, 4), 0.1),
            "warmup-step", recipe(0.4, 6, 2, 1, Schedule.STEP, 2, List.of(), 0.5),
            "cosine", recipe(0.05, 3, 4, 0, Schedule.COSINE, 30, List.of(), 0.1),
            "warmup-constant", recipe(0.3, 3, 2, 2, Schedule.CONSTANT, 30, List.of(), 0.1));

    private static Recipe recipe(double lr, int epochs, int stepsPerEpoch, int warmupEpochs, Schedule schedule,
            int stepSize, List<Integer> milestones, double gamma) {
        return new Recipe(new RecipeConfig(epochs, 32, "sgd", lr, 0.9, false, 0, false, schedule, stepSize, milestones,
                gamma, warmupEpochs, 0), stepsPerEpoch);
    }

    /** PyTorch's lr at each step, per recipe of the script. */
    static Map<String, List<Double>> pytorch() throws IOException {
        Map<String, List<Double>> out = new LinkedHashMap<>();
        try (InputStream in = LearningRateScheduleTest.class.getResourceAsStream("pytorch-lr-schedules.csv")) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            assertEquals("recipe,step,lr", lines[0]);
            for (int i = 1; i < lines.length; i++) {
                String[] f = lines[i].split(",");
                List<Double> lrs = out.computeIfAbsent(f[0], k -> new ArrayList<>());
                assertEquals(lrs.size(), Integer.parseInt(f[1]), lines[i]);
                lrs.add(Double.parseDouble(f[2]));
            }
        }
        return out;
    }

    @Test
    void everyStepMatchesPyTorchsSchedulers() throws IOException {
        Map<String, List<Double>> expected = pytorch();
        assertEquals(RECIPES.keySet(), expected.keySet());
        for (var e : expected.entrySet()) {
            Recipe r = RECIPES.get(e.getKey());
            List<Double> lrs = e.getValue();
            assertEquals(r.config().epochs() * r.stepsPerEpoch(), lrs.size(), e.getKey());
            LearningRateSchedule schedule = new LearningRateSchedule(r.config(), r.stepsPerEpoch());
            for (int k = 0; k < lrs.size(); k++) {
                // PyTorch's cosine is recursive, selab's closed-form: they agree to rounding.
                assertEquals(lrs.get(k), schedule.at(k), 1e-12 * r.config().lr(), e.getKey() + " step " + k);
            }
        }
    }

    @Test
    void warmUpStartsAboveZero() {
        Recipe r = RECIPES.get("warmup-cosine");
        double first = new LearningRateSchedule(r.config(), r.stepsPerEpoch()).at(0);
        assertTrue(first > 0, "the first step must move the weights");
        assertEquals(LearningRateSchedule.WARMUP_START_FACTOR * r.config().lr(), first, 1e-15);
    }
}
