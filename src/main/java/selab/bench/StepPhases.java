package selab.bench;

/**
 * Median seconds of the phases of one training step, each timed on its own (with a device sync after it).
 *
 * @param gather batch gather, augmentation and normalisation (0 for the PyTorch peer, whose batch is resident)
 * @param forward forward pass and loss
 * @param backward backward pass
 * @param optimizer SGD update and gradient zeroing
 */
public record StepPhases(double gather, double forward, double backward, double optimizer) {

    public double total() {
        return gather + forward + backward + optimizer;
    }
}
