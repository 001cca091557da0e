package selab.queue;

/** The queue's file was deleted or replaced while a process had it open: nothing written now would be seen. */
public final class QueueFileGoneException extends QueueException {
    public QueueFileGoneException(String message) {
        super(message, null);
    }
}
