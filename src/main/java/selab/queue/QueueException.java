package selab.queue;

/** A database error in the run queue; the message names the queue file and the operation. */
public class QueueException extends RuntimeException {
    public QueueException(String message, Throwable cause) {
        super(message, cause);
    }
}
