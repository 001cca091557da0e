package selab.bench;

/**
 * What the PyTorch peer measured for one training configuration.
 *
 * @param torchVersion {@code torch.__version__} of the python that ran the peer
 * @param threads intra-op threads torch reported after {@code torch.set_num_threads}
 * @param batch images per training step
 * @param params trainable parameter count of the peer's network (compare with selab's to confirm both
 *     frameworks trained the same model)
 * @param medianStepSeconds median wall time of one timed training step
 * @param imagesPerSecond {@code batch / medianStepSeconds}
 */
public record PeerResult(
        String torchVersion, int threads, int batch, long params, double medianStepSeconds, double imagesPerSecond) {}
