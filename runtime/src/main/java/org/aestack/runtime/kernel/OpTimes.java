package org.aestack.runtime.kernel;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wall time spent in each kernel call, by operation and shape: where a training step's time goes,
 * measured in the step itself, with its caches as they are (a profiler's samples can land a vector
 * loop's time on the wrong frame; a kernel timed on its own finds its data in cache). A JVM started
 * with {@code -Daestack.kernels.timed=true} gets such a proxy from {@link Kernels#ops()};
 * {@code ./aestack bench W1 --breakdown} prints what it gathered. A parallel kernel's time is its
 * caller's, the wait for the other threads included, and so is the time of the calls made while it
 * runs (an optimizer's step that a product's {@link Epilogue} takes, on the product's threads): a
 * weight gradient's {@code gemmTN} holds its update. The proxy boxes every call's arguments, so a
 * step allocates under it: its figures are shares, not the benchmark's speed.
 */
public final class OpTimes {
    /** The property that has {@link Kernels#ops()} time every call. */
    public static final String PROPERTY = "aestack.kernels.timed";

    /**
     * One operation at one shape: the method's name and its first run of int arguments that are not
     * offsets (by their parameter names), such as {@code "gemmNT 128x500x784"} (m, n, k),
     * {@code "sigmoidWithBias 128x500"}, {@code "sgd 392000"} or {@code "axpy 196"}.
     */
    public record Entry(String op, long calls, long nanos) {}

    private static final Map<String, long[]> TIMES = new LinkedHashMap<>();
    /** Timed calls under way, on any thread: a call made inside another is that one's time. */
    private static final AtomicInteger ACTIVE = new AtomicInteger();

    /** The handler of {@link #timing}'s proxies, named so that {@link #isTiming} can tell them. */
    private interface Timer extends InvocationHandler {}

    private OpTimes() {}

    /** {@code ops} with every call timed into this class's totals; results and exceptions pass through unchanged. */
    public static KernelOps timing(KernelOps ops) {
        Timer handler = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.invoke(ops, args);
            }
            boolean outermost = ACTIVE.getAndIncrement() == 0;
            long start = System.nanoTime();
            try {
                return method.invoke(ops, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                long nanos = System.nanoTime() - start; // before the key is built: that is the proxy's time, not the kernel's
                ACTIVE.decrementAndGet();
                if (outermost) {
                    add(key(method, args), nanos);
                }
            }
        };
        return (KernelOps) Proxy.newProxyInstance(KernelOps.class.getClassLoader(), new Class<?>[] {KernelOps.class},
                handler);
    }

    /** Whether {@code ops} is a proxy made by {@link #timing}. */
    public static boolean isTiming(KernelOps ops) {
        return Proxy.isProxyClass(ops.getClass()) && Proxy.getInvocationHandler(ops) instanceof Timer;
    }

    private static String key(Method method, Object[] args) {
        Parameter[] parameters = method.getParameters();
        StringJoiner shape = new StringJoiner("x", method.getName() + " ", "").setEmptyValue(method.getName());
        boolean begun = false;
        for (int i = 0; args != null && i < args.length; i++) {
            if (args[i] instanceof Integer value) {
                if (!parameters[i].getName().toLowerCase(Locale.ROOT).endsWith("offset")) {
                    shape.add(value.toString());
                    begun = true;
                }
            } else if (begun) {
                break; // the first run of sizes is the shape
            }
        }
        return shape.toString();
    }

    private static synchronized void add(String key, long nanos) {
        long[] total = TIMES.computeIfAbsent(key, k -> new long[2]);
        total[0]++;
        total[1] += nanos;
    }

    /** Forgets every call timed so far. */
    public static synchronized void reset() {
        TIMES.clear();
    }

    /** The calls timed since the last {@link #reset}, the longest total first. */
    public static synchronized List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        TIMES.forEach((op, total) -> entries.add(new Entry(op, total[0], total[1])));
        entries.sort(Comparator.comparingLong(Entry::nanos).reversed());
        return entries;
    }
}
