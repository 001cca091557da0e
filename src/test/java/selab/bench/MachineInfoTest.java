package selab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MachineInfoTest {

    @Test
    void allocatorNamesAPreloadedMalloc() {
        assertEquals("jemalloc (LD_PRELOAD /usr/lib/x86_64-linux-gnu/libjemalloc.so.2)",
                MachineInfo.allocator(Map.of("LD_PRELOAD", "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2",
                        "MALLOC_TRIM_THRESHOLD_", "5")));
    }

    @Test
    void allocatorListsGlibcTunablesInNameOrder() {
        assertEquals("glibc malloc, MALLOC_MMAP_THRESHOLD_=2 MALLOC_TRIM_THRESHOLD_=1",
                MachineInfo.allocator(Map.of("MALLOC_TRIM_THRESHOLD_", "1", "MALLOC_MMAP_THRESHOLD_", "2",
                        "PATH", "/bin")));
    }

    @Test
    void allocatorWithoutSettingsSaysDefaults() {
        assertEquals("glibc malloc, default settings", MachineInfo.allocator(Map.of("PATH", "/bin")));
    }
}
