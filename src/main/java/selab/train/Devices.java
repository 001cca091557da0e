package selab.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import selab.io.BadInputException;

/** Picks the device a run trains on: GPU when the engine sees one (auto), or what the user forces. */
public final class Devices {
    private Devices() {}

    public static final String ALLOWED = "auto|cpu|gpu";

    public static Device choose(String preference) {
        String p = preference == null ? "auto" : preference;
        return switch (p) {
            case "auto" -> Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
            case "cpu" -> Device.cpu();
            case "gpu" -> {
                if (Engine.getInstance().getGpuCount() == 0) {
                    throw new BadInputException("--device gpu: no GPU visible to PyTorch "
                            + Engine.getInstance().getVersion() + "; see README 'Running on a GPU'");
                }
                yield Device.gpu();
            }
            default -> throw new BadInputException("--device '" + p + "' is not one of " + ALLOWED);
        };
    }

    public static int threads() {
        String omp = System.getenv("OMP_NUM_THREADS");
        if (omp != null && omp.matches("\\d+")) {
            return Integer.parseInt(omp);
        }
        return Runtime.getRuntime().availableProcessors();
    }
}
