package org.aestack.runtime.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the Java heap sits on the operating system's 2 MB transparent huge pages. Training reads
 * rows of the data set in shuffled order and walks megabytes of weights and packed panels every
 * step; on 4 KB pages each of those touches costs a page walk, and in a virtual machine a page walk
 * can cost microseconds. On the machine the README's "Speed" was measured on, huge pages made W1–W3
 * 2–25% faster, by the hour, every result bit for bit the same. Linux offers them to a process that asks
 * ({@code madvise}, the usual setting) or to every one ({@code always}); a JVM asks when started
 * with {@value #FLAG}, which {@code ./aestack} adds where the system offers them.
 */
public enum HugePages {
    /** The heap may use huge pages: this JVM asks for them, or the system gives them to every process. */
    ON,
    /** The system offers huge pages to a process that asks, and this JVM does not: start it with {@value #FLAG}. */
    OFF,
    /** The system offers no transparent huge pages, or this is not a JVM that can ask for them. */
    UNAVAILABLE;

    /** The java option that asks for them. */
    public static final String FLAG = "-XX:+UseTransparentHugePages";

    private static final Path MODE = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");

    /** This JVM's state, from the system's setting and the JVM's option. */
    public static HugePages ofThisJvm() {
        String mode;
        try {
            mode = Files.readString(MODE);
        } catch (IOException | SecurityException e) {
            return UNAVAILABLE; // not Linux, or no transparent huge pages in this kernel
        }
        return of(mode, askedFor());
    }

    /**
     * The state given the system's setting, as {@code /sys/kernel/mm/transparent_hugepage/enabled}
     * reads (the chosen mode in brackets, e.g. {@code always [madvise] never}), and whether the JVM
     * asks for huge pages (null where that cannot be told: then only {@code always} gives them).
     */
    static HugePages of(String mode, Boolean asked) {
        if (mode.contains("[always]")) {
            return ON;
        }
        if (mode.contains("[madvise]") && asked != null) {
            return asked ? ON : OFF;
        }
        return UNAVAILABLE;
    }

    /** Whether this JVM was started with {@value #FLAG}; null where it cannot be told (not HotSpot). */
    private static Boolean askedFor() {
        try {
            com.sun.management.HotSpotDiagnosticMXBean vm = java.lang.management.ManagementFactory
                    .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return vm == null ? null : Boolean.valueOf(vm.getVMOption("UseTransparentHugePages").getValue());
        } catch (IllegalArgumentException | LinkageError e) {
            return null; // an unknown option, or no jdk.management module
        }
    }
}
