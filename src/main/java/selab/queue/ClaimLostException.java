package selab.queue;

/**
 * This worker no longer owns a run it was training: its claim lapsed or was taken over, or the queue is gone. The
 * worker must stop the run without writing anything about it.
 */
public final class ClaimLostException extends RuntimeException {
    public ClaimLostException(String message) {
        super(message);
    }
}
