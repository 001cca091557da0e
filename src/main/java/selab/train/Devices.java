package selab.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import selab.io.BadInputException;

/** Picks the device a run trains on: GPU when the engine sees one (auto), or what the user forces. */
public final class Devices {
    private Devices() {}

    /**
     * @param preference null = {@link DevicePreference#AUTO}
     * @throws selab.io.BadInputException for {@code gpu} when PyTorch sees none
     */
    public static Device choose(DevicePreference preference) {
        return switch (preference == null ? DevicePreference.AUTO : preference) {
            case AUTO -> Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
            case CPU -> Device.cpu();
            case GPU -> {
                if (Engine.getInstance().getGpuCount() == 0) {
                    throw new BadInputException("--device gpu: no GPU visible to PyTorch "
                            + Engine.getInstance().getVersion() + "; see README 'Running on a GPU'");
                }
                yield Device.gpu();
            }
        };
    }

    /** The intra-op threads the engine uses on the calling thread (what a run record states). */
    public static int threads() {
        return EngineThreads.current();
    }

    /** Intra-op threads when nothing is set: $OMP_NUM_THREADS if given, else every core the JVM sees. */
    public static int defaultThreads() {
        String omp = System.getenv("OMP_NUM_THREADS");
        if (omp != null && omp.matches("[1-9]\\d*")) {
            return Integer.parseInt(omp);
        }
        return Runtime.getRuntime().availableProcessors();
    }
}
