package org.aestack.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HugePagesTest {
    @Test
    void theSystemsModeAndTheJvmsOptionDecide() {
        assertEquals(HugePages.OFF, HugePages.of("always [madvise] never\n", false));
        assertEquals(HugePages.ON, HugePages.of("always [madvise] never\n", true));
        assertEquals(HugePages.ON, HugePages.of("[always] madvise never\n", false));
        assertEquals(HugePages.UNAVAILABLE, HugePages.of("always madvise [never]\n", true));
        assertEquals(HugePages.UNAVAILABLE, HugePages.of("", false));
    }

    @Test
    void thisJvmReadsAsItWasStarted() throws Exception {
        Path mode = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
        assumeTrue(Files.isReadable(mode), "no transparent huge pages on this system");
        boolean asked = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()
                .contains(HugePages.FLAG);
        assertEquals(HugePages.of(Files.readString(mode), asked), HugePages.ofThisJvm());
    }
}
