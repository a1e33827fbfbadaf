package org.aestack.runtime.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector species every Panama kernel uses, chosen once: the platform's preferred width, or
 * {@code -Daestack.vector.bits=128|256|512} to test a narrower one.
 */
final class PanamaSpecies {
    static final VectorSpecies<Float> FLOAT = choose();

    private PanamaSpecies() {}

    private static VectorSpecies<Float> choose() {
        String bits = System.getProperty("aestack.vector.bits");
        if (bits == null) {
            return FloatVector.SPECIES_PREFERRED;
        }
        return VectorSpecies.of(float.class, VectorShape.forBitSize(Integer.parseInt(bits.trim())));
    }
}
