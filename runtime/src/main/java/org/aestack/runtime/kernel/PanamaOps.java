package org.aestack.runtime.kernel;

/** Vector API kernels (being written: until then the scalar reference). */
final class PanamaOps extends ScalarOps {
    @Override
    public String name() {
        return "panama";
    }
}
