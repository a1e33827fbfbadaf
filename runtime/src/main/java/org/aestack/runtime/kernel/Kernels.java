package org.aestack.runtime.kernel;

/**
 * Chooses the {@link KernelOps} implementation once per JVM: the Vector API one when the
 * {@code jdk.incubator.vector} module is present and usable, else the scalar reference, with one
 * warning that names the fix. The property {@code aestack.kernels=scalar} forces the reference.
 * Where the system offers transparent huge pages and the JVM does not ask for them, says so once
 * too ({@link HugePages}). With {@code aestack.kernels.timed=true} every call is timed ({@link OpTimes}).
 */
public final class Kernels {
    private Kernels() {}

    /** The implementation in use. */
    public static KernelOps ops() {
        return Holder.OPS;
    }

    /** The scalar reference implementation, whatever {@link #ops()} chose: for comparisons and benchmarks. */
    public static KernelOps scalar() {
        return new ScalarOps();
    }

    /**
     * The Vector API implementation, whatever {@link #ops()} chose: for comparisons and benchmarks.
     *
     * @throws IllegalStateException where the {@code jdk.incubator.vector} module is missing
     */
    public static KernelOps vector() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            throw new IllegalStateException("the Vector API kernels need java --add-modules jdk.incubator.vector");
        }
        try {
            return (KernelOps) Class.forName("org.aestack.runtime.kernel.PanamaOps").getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("could not start the Vector API kernels: " + e, e);
        }
    }

    private static final class Holder {
        static final KernelOps OPS = Boolean.getBoolean(OpTimes.PROPERTY) ? OpTimes.timing(choose()) : choose();

        static {
            if (HugePages.ofThisJvm() == HugePages.OFF) {
                System.err.println("aestack: note: the Java heap is on 4 KB pages; start java with " + HugePages.FLAG
                        + " for 2 MB pages, which made training 2-25% faster where it was measured (README, \"Speed\")");
            }
        }
    }

    private static KernelOps choose() {
        if ("scalar".equals(System.getProperty("aestack.kernels"))) {
            return new ScalarOps();
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            warn("the Vector API is unavailable, so kernels run scalar and slower;"
                    + " start java with --add-modules jdk.incubator.vector");
            return new ScalarOps();
        }
        try {
            // Loaded by name so that nothing else links against the incubator module.
            return (KernelOps) Class.forName("org.aestack.runtime.kernel.PanamaOps")
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            warn("could not start the Vector API kernels (" + e + "), so they run scalar and slower");
            return new ScalarOps();
        }
    }

    /** Said once, when the kernels are chosen, on standard error where people and CI logs see it. */
    private static void warn(String message) {
        System.err.println("aestack: warning: " + message);
    }
}
