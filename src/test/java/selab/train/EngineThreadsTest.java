package selab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class EngineThreadsTest {

    @Test
    void threadCountCanBeChangedAfterTheEngineStarted() {
        int before = EngineThreads.current(); // starts the engine
        try {
            assertEquals(1, EngineThreads.apply(1));
            assertEquals(1, EngineThreads.current());
            assertEquals(2, EngineThreads.apply(2));
        } finally {
            EngineThreads.apply(before);
        }
    }

    @Test
    void zeroThreadsIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> EngineThreads.apply(0));
    }
}
