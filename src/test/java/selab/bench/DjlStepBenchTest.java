package selab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;
import selab.model.Geometry;
import selab.model.ModelConfig;
import selab.train.RecipeConfig;
import selab.train.Schedule;

/** The benchmark runs the trainer's step, with and without its phase probe, and leaves nothing behind per step. */
class DjlStepBenchTest {

    @Test
    void timedStepsAndPhasesKeepNoArraysPerStep() {
        Geometry geometry = new Geometry(1, 16, 10);
        RecipeConfig recipe = new RecipeConfig(1, 16, "sgd", 0.05, 0.9, false, 5e-4, true, Schedule.CONSTANT, 1,
                List.of(), 0.1, 0, 0.1);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
                BenchData data = new BenchData(64, geometry, BenchRunner.AUGMENT, 3, manager);
                DjlStepBench bench = new DjlStepBench(new ModelConfig("resnet-20", null, 0.25), geometry, data.source(),
                        recipe, 3, manager)) {
            bench.timeSteps(2, 0); // the first steps make the momentum buffers
            int arrays = manager.getManagedArrays().size();

            List<Double> seconds = bench.timeSteps(1, 4);
            StepPhases phases = bench.phases(1, 4);

            assertEquals(arrays, manager.getManagedArrays().size(), "arrays left on the managers by 10 more steps");
            assertEquals(4, seconds.size());
            assertTrue(seconds.stream().allMatch(s -> s > 0), seconds.toString());
            for (double phase : new double[] {phases.gather(), phases.forward(), phases.backward(), phases.optimizer()}) {
                assertTrue(phase > 0, phases.toString());
            }
        }
    }
}
