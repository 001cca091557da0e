package selab.queue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A {@link WorkQueue} whose named methods throw (a full disk, a lost network file system) while every other call
 * goes to a real queue: the injected write failure of the crash tests.
 */
public final class FaultyQueue {
    private FaultyQueue() {}

    /** {@code queue}, except that calls of the methods named in {@code failing} throw {@code error.get()}. */
    public static WorkQueue failing(WorkQueue queue, Set<String> failing, Supplier<RuntimeException> error) {
        return (WorkQueue) Proxy.newProxyInstance(WorkQueue.class.getClassLoader(), new Class<?>[] {WorkQueue.class},
                (proxy, method, args) -> {
                    if (failing.contains(method.getName())) {
                        throw error.get();
                    }
                    try {
                        return method.invoke(queue, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** The error SQLite gives when the disk is full. */
    public static QueueException diskFull(String what) {
        return new QueueException("Queue queue.db: cannot " + what
                + ": [SQLITE_FULL] Insertion failed because database is full (database or disk is full)", null);
    }
}
