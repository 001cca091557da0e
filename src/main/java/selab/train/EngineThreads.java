package selab.train;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The intra-op thread count of DJL's PyTorch engine. DJL reads {@value #PROPERTY} only when the engine
 * starts, but libtorch's {@code at::set_num_threads} also works later (as {@code torch.set_num_threads}
 * does in python), so the count can be fixed from inside a running JVM. libtorch's OpenMP pool takes the
 * count per calling thread: call {@link #apply} on the thread that then runs the work.
 */
public final class EngineThreads {

    /** DJL's system property for the intra-op threads, read when the PyTorch engine starts. */
    public static final String PROPERTY = "ai.djl.pytorch.num_threads";

    private EngineThreads() {}

    /**
     * Sets the engine's intra-op threads to {@code threads} (starting the engine if needed).
     *
     * @return the count the engine reports afterwards
     */
    public static int apply(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
        }
        System.setProperty(PROPERTY, Integer.toString(threads)); // for an engine that has not started yet
        Engine.getEngine("PyTorch");
        JniUtils.setNumThreads(threads);
        return current();
    }

    /** The intra-op thread count the PyTorch engine reports for the calling thread. */
    public static int current() {
        Engine.getEngine("PyTorch");
        return JniUtils.getNumThreads();
    }
}
