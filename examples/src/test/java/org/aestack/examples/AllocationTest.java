package org.aestack.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.data.FashionMnist;
import org.junit.jupiter.api.Test;

/**
 * A steady-state training step allocates nothing: the bytes all threads allocate over a second
 * epoch, divided by its steps, stay near zero (the epoch's own bookkeeping is a few hundred bytes).
 * It found the GEMM microkernel boxing its accumulators (700 bytes a call) where they flowed into
 * two store paths; one path fixed it.
 */
class AllocationTest {
    private static long allocatedBytes() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] ids = threads.getAllThreadIds();
        long total = 0;
        for (long bytes : threads.getThreadAllocatedBytes(ids)) {
            total += Math.max(0, bytes);
        }
        return total;
    }

    @Test
    void aTrainingStepAllocatesNothing() throws Exception {
        // Measured here: on JDK 25 a step allocates nothing; JDK 17's C2 boxes the Vector API values
        // in these kernels (hundreds of MB a step, at the same speed), which no kernel change fixes.
        assumeTrue(Runtime.version().feature() >= 25, "JDK 17's C2 boxes Vector API values; run on JDK 25");
        DataSet data = FashionMnist.bundled().train().head(128 * 40);
        DenoisingAeModel model = DenoisingAeModel.initialize(1);
        // Steady state: the JIT compiles the step's methods at its own pace (slowly on a loaded
        // machine, and until C2 has them the Vector API boxes), so measure one epoch against two
        // until the step is compiled, for up to two minutes, and keep the least; fixed per-run costs
        // (optimizer state) cancel out.
        DenoisingAeTrainer.builder(model).fineTune(c -> c.epochs(6)).build().fineTune(data);
        long perEpoch = Long.MAX_VALUE;
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (perEpoch >= 256 * 40 && System.nanoTime() < deadline) {
            DenoisingAeTrainer one = DenoisingAeTrainer.builder(model).fineTune(c -> c.epochs(1)).build();
            DenoisingAeTrainer two = DenoisingAeTrainer.builder(model).fineTune(c -> c.epochs(2)).build();
            long before = allocatedBytes();
            one.fineTune(data);
            long afterOne = allocatedBytes();
            two.fineTune(data);
            long afterTwo = allocatedBytes();
            perEpoch = Math.min(perEpoch, (afterTwo - afterOne) - (afterOne - before));
        }
        long steps = 40;
        assertTrue(perEpoch / steps < 256, "an epoch of " + steps + " steps allocated " + perEpoch + " bytes");
    }
}
