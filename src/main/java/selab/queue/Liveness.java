package selab.queue;

/** What {@link ClaimLocks#check} can tell about the worker holding a run. */
public enum Liveness {
    /** Its lock is held: the process lives (whatever its pid, namespace or worker id). */
    ALIVE,
    /** Its lock was released by the OS: the process is gone. */
    DEAD,
    /** Another machine, or no lock file to test: only the claim's deadline can tell. */
    UNKNOWN
}
