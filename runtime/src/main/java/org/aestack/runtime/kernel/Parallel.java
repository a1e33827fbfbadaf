package org.aestack.runtime.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The runtime's own worker threads (never the common pool). {@link #run} splits a task into a
 * fixed number of parts, one per thread, the caller taking part 0, and returns when all are done.
 * Parts are numbered, not stolen, so who computes what depends only on the thread count, and a
 * call allocates nothing.
 *
 * <p>The thread count is {@code -Daestack.threads=N}, by default the available processors.
 * Calls from several threads at once are serialized; a part must not call {@link #run} itself,
 * and the kernels ask {@link #inPart()} to run on the part's own thread instead. Public so the
 * engines (convolution, which gives each thread its own images) run their loops on the same threads.
 */
public final class Parallel {
    /** A task split into numbered parts. */
    public interface Task {
        void run(int part, int parts);
    }

    private static final Parallel INSTANCE = new Parallel(threadsFromProperty());

    private final Worker[] workers;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile Task task;
    private volatile Throwable failure;
    private volatile Thread caller;
    /** The caller of the {@link #run} under way, while it runs its own part; null otherwise. */
    private volatile Thread running;

    private Parallel(int threads) {
        workers = new Worker[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(i + 1);
            workers[i].start();
        }
    }

    /** The one pool. */
    public static Parallel instance() {
        return INSTANCE;
    }

    /** The number of parts a task is split into: the thread count. */
    public int threads() {
        return workers.length + 1;
    }

    private static int threadsFromProperty() {
        String value = System.getProperty("aestack.threads");
        int threads = Runtime.getRuntime().availableProcessors();
        if (value != null) {
            try {
                threads = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("aestack.threads must be a whole number, not '" + value + "'");
            }
        }
        return Math.max(1, threads);
    }

    /**
     * Whether the calling thread is running a part of a task: then a kernel that would split its
     * work runs it on this thread alone.
     */
    public boolean inPart() {
        Thread t = Thread.currentThread();
        return t instanceof Worker || t == running;
    }

    /** Runs {@code task} in {@link #threads()} parts and waits for all of them. */
    public synchronized void run(Task task) {
        if (workers.length == 0) {
            task.run(0, 1);
            return;
        }
        this.failure = null;
        this.caller = Thread.currentThread();
        this.task = task;
        pending.set(workers.length);
        for (Worker w : workers) {
            w.go();
        }
        Throwable own = null;
        running = caller;
        try {
            task.run(0, threads());
        } catch (Throwable t) {
            own = t;
        } finally {
            running = null;
        }
        for (int spins = 0; pending.get() > 0; spins++) {
            pause(spins, this);
        }
        this.task = null;
        Throwable t = own != null ? own : failure;
        if (t instanceof RuntimeException) {
            throw (RuntimeException) t;
        } else if (t instanceof Error) {
            throw (Error) t;
        }
    }

    /**
     * Waits a moment for a condition the caller polls: spinning for the first {@link #SPINS}
     * rounds (a few milliseconds), yielding the processor every {@link #YIELD_EVERY}th, then
     * parking. A training step's kernels follow each other within microseconds, and a parked
     * thread took 12 µs a call to start its part in a virtual machine (W1: 59 ms an epoch, half of
     * the 10% the caller spent waiting for the worker); spinning through the gaps between a step's
     * kernels keeps the thread, and its processor, awake. The yields let the JIT's compiler and the
     * GC threads run on a machine with as many cores as kernel threads: without them the timed
     * epoch of W3 spent 180-260 ms compiling against 100-110 with them, its first steps longer in
     * slower code.
     */
    private static void pause(int spins, Object blocker) {
        if (spins >= SPINS) {
            LockSupport.park(blocker);
        } else if (spins % YIELD_EVERY == YIELD_EVERY - 1) {
            Thread.yield();
        } else {
            Thread.onSpinWait();
        }
    }

    /** Rounds of waiting before a waiting thread parks: about 5 ms at 20 ns a {@link Thread#onSpinWait()}. */
    private static final int SPINS = 1 << 18;
    /** One round in this many yields the processor, where another thread is ready to run. */
    private static final int YIELD_EVERY = 64;

    private final class Worker extends Thread {
        private final int part;
        private volatile boolean ready;

        Worker(int part) {
            super("aestack-kernel-" + part);
            this.part = part;
            setDaemon(true);
        }

        void go() {
            ready = true;
            LockSupport.unpark(this);
        }

        @Override
        public void run() {
            while (true) {
                for (int spins = 0; !ready; spins++) {
                    pause(spins, this);
                }
                ready = false;
                try {
                    task.run(part, threads());
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    if (pending.decrementAndGet() == 0) {
                        LockSupport.unpark(caller);
                    }
                }
            }
        }
    }
}
