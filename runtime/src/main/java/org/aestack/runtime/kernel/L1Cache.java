package org.aestack.runtime.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The size of the first processor's L1 data cache, by which {@link PanamaGemm} sizes its blocks:
 * {@code -Daestack.cache.l1d=BYTES} where given ({@code ./aestack} passes what {@code getconf
 * LEVEL1_DCACHE_SIZE} reads from the processor), else Linux's {@code /sys/devices/system/cpu/cpu0/cache},
 * which some virtual machines leave out.
 */
final class L1Cache {
    static final String PROPERTY = "aestack.cache.l1d";
    private static final Path CACHES = Path.of("/sys/devices/system/cpu/cpu0/cache");

    private L1Cache() {}

    /** Bytes of L1 data cache, or 0 where neither source tells. */
    static long dataBytes() {
        String given = System.getProperty(PROPERTY);
        if (given != null) {
            long bytes = parseSize(given);
            if (bytes <= 0) {
                throw new IllegalArgumentException(PROPERTY + " must be a size in bytes (49152, 48K), not '" + given + "'");
            }
            return bytes;
        }
        for (int index = 0; index < 8; index++) {
            Path cache = CACHES.resolve("index" + index);
            try {
                if (Files.readString(cache.resolve("level")).trim().equals("1")
                        && Files.readString(cache.resolve("type")).trim().equals("Data")) {
                    return Math.max(0, parseSize(Files.readString(cache.resolve("size"))));
                }
            } catch (IOException | SecurityException e) {
                // not there: no such cache, or no sysfs
            }
        }
        return 0;
    }

    /** {@code 49152}, {@code 48K} or {@code 1M} as bytes; -1 for anything else. */
    static long parseSize(String text) {
        String s = text.trim().toUpperCase(java.util.Locale.ROOT);
        long unit = 1;
        if (s.endsWith("K")) {
            unit = 1024;
        } else if (s.endsWith("M")) {
            unit = 1024 * 1024;
        }
        if (unit > 1) {
            s = s.substring(0, s.length() - 1);
        }
        try {
            long value = Long.parseLong(s);
            return value > 0 && value <= Integer.MAX_VALUE / unit ? value * unit : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
