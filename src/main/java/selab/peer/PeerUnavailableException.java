package selab.peer;

import selab.io.BadInputException;

/**
 * This machine cannot run the PyTorch peer: python cannot be started, or it cannot import torch. Not the run's
 * fault and the same for every peer run here, so a worker gives the run back unused and stops with the message.
 */
public class PeerUnavailableException extends BadInputException {
    public PeerUnavailableException(String message) {
        super(message);
    }
}
