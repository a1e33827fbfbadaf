package org.aestack.runtime.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector species every Panama kernel uses, chosen once: the platform's preferred width, or
 * {@code -Daestack.vector.bits=128|256|512} to test a narrower one.
 */
final class PanamaSpecies {
    static final VectorSpecies<Float> FLOAT = choose();
    /** Longs in vectors of the same shape, for the random generator: every kernel keeps to one shape. */
    static final VectorSpecies<Long> LONG = VectorSpecies.of(long.class, FLOAT.vectorShape());

    static {
        loadVectorClasses();
    }

    private PanamaSpecies() {}

    /**
     * Loads every vector, mask and shuffle class of the shapes the kernels use, before any kernel is
     * hot. C2 turns a Vector API call into vector instructions only if the classes that call names
     * are loaded when it compiles; if, say, the mask class of the float species is not loaded yet
     * when the GEMM microkernel (which makes no masks) is compiled, its fused multiply-adds stay
     * calls that box every vector, for as long as the JVM runs: 270 MB an epoch that the allocation
     * test saw, depending on which kernel happened to run first.
     */
    private static void loadVectorClasses() {
        // One shape only: the kernels use no other, and a vector class of another shape passing
        // through the Vector API's shared methods would give their profiles a second receiver.
        FloatVector f = FloatVector.zero(FLOAT);
        f.compare(VectorOperators.LT, f).and(FLOAT.indexInRange(0, 1)).not();
        f.rearrange(FLOAT.iotaShuffle(0, 1, true));
        IntVector i = f.reinterpretAsInts();
        i.compare(VectorOperators.EQ, 0).cast(FLOAT);
        i.rearrange(i.species().iotaShuffle(0, 1, true));
        i.reinterpretAsFloats();
        LongVector l = LongVector.zero(LONG);
        l.compare(VectorOperators.EQ, 0L).not();
        l.rearrange(l.species().iotaShuffle(0, 1, true));
        l.reinterpretAsInts();
    }

    private static VectorSpecies<Float> choose() {
        String bits = System.getProperty("aestack.vector.bits");
        if (bits == null) {
            return FloatVector.SPECIES_PREFERRED;
        }
        return VectorSpecies.of(float.class, VectorShape.forBitSize(Integer.parseInt(bits.trim())));
    }
}
