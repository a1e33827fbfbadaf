package org.aestack.runtime.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.kernel.Epilogue;
import org.aestack.runtime.kernel.Rng;

/**
 * Runs a trainer's {@link Phase}s: makes each phase's optimizers, runs its epochs on the
 * {@link TrainingLoop} (shuffling, listeners, the divergence guard, the learning-rate schedule),
 * updates its tensors after each generated step (or has a product take a tensor's step as it
 * finishes the gradient, {@link #updateOf}), records provenance, writes checkpoints, and
 * resumes from one. Generated trainers keep the model's maths (the steps) and hand everything
 * else to one of these.
 *
 * <p>Random generators: {@code trainer} (seeded from {@link TrainerOptions#seed()}) gives each
 * phase its shuffling generator as the phase starts, and {@link #noise()} (split from it once)
 * draws the steps' noise; checkpoints keep all three, so a resumed run continues every sequence
 * where it was and reaches the weights of an uninterrupted one (same data, settings and threads).
 */
public final class PhaseRunner {
    private final String declaration;
    private final String settings;
    private final float[] input;
    private final Supplier<Map<String, float[]>> tensors;
    private final Supplier<Map<String, int[]>> shapes;
    private final BiConsumer<String, String> provenance;
    private final long seed;
    private final Path checkpointFile;
    private final int checkpointEvery;
    private final List<TrainingListener> listeners;
    private final List<EpochRecord> history = new ArrayList<>();
    private Rng rng;
    private final Rng noise;
    private Rng shuffle;
    /** The checkpoint {@link #resume} read, until its phase is under way again. */
    private Checkpoint resumeFrom;
    /**
     * The running phase's tensors, with their optimizers, while a step computes its gradients
     * ({@link #updateOf}); {@code null} outside a step.
     */
    private InBackward[] stepping;

    /**
     * The system property that, set to {@code false}, has every optimizer step wait for the whole
     * gradient ({@link #updateOf} gives {@code null}): the same bits either way, for measuring.
     */
    public static final String IN_BACKWARD = "aestack.updates.inBackward";

    private PhaseRunner(Builder b) {
        this.declaration = b.declaration;
        this.settings = Objects.requireNonNull(b.settings, "settings");
        this.input = Objects.requireNonNull(b.input, "input");
        this.tensors = Objects.requireNonNull(b.tensors, "tensors");
        this.shapes = Objects.requireNonNull(b.shapes, "shapes");
        this.provenance = b.provenance;
        this.seed = b.options.seed();
        this.checkpointFile = b.options.checkpointFile();
        this.checkpointEvery = b.options.checkpointEvery();
        this.listeners = new ArrayList<>(b.options.listeners());
        this.rng = new Rng(seed);
        this.noise = rng.split();
    }

    /**
     * A runner for a trainer of {@code declaration} (the model's, as recorded in its files), with the
     * seed, checkpoints and listeners of {@code options}.
     */
    public static Builder builder(TrainerOptions options, String declaration) {
        return new Builder(options, declaration);
    }

    /** The generator of the steps' noise: the same object for the runner's life, continued by {@link #resume}. */
    public Rng noise() {
        return noise;
    }

    /**
     * The optimizer's step on the tensor whose gradient is {@code gradient}, for the product that
     * finishes that gradient to take as it goes ({@link org.aestack.runtime.kernel.KernelOps#gemmTN(int,
     * int, int, float, float[], int, float[], int, float, float[], int, Epilogue)}): each run of the
     * gradient moves the same run of the tensor as soon as it is final, while the gradient is in
     * cache, and the runner does not update the tensor again after the step. Where the product can, it
     * hands the runs over from a buffer of its own ({@link Epilogue#takesBuffer}) and the gradient
     * array is not written in that step. Only where nothing in the step reads the tensor after that
     * product, and nothing adds to or reads the gradient. Outside a
     * training step (a gradient computed for its own sake, {@code computeGradients}) it is
     * {@code null}: the product only computes the gradient. The same bits either way.
     *
     * @throws IllegalArgumentException in a step, if the running phase does not train a tensor with
     *     this gradient, or its step was taken already
     */
    public Epilogue updateOf(float[] gradient) {
        InBackward[] tensors = stepping;
        if (tensors == null) {
            return null;
        }
        for (InBackward t : tensors) {
            if (t.gradient == gradient) {
                if (t.taken) {
                    throw new IllegalArgumentException("the step of " + t.name + " was taken already in this batch");
                }
                t.taken = true;
                t.updater.beginStep();
                return t.step;
            }
        }
        throw new IllegalArgumentException("the running phase trains no tensor with this gradient");
    }

    /** A tensor of the running phase, whose step a product may take ({@link #updateOf}). */
    private static final class InBackward {
        final String name;
        final Updater updater;
        final float[] gradient;
        /** The step as the product's epilogue, made once for the phase. */
        final Epilogue step;
        /** Whether this batch's step was handed to a product. */
        boolean taken;

        InBackward(String name, Updater updater, float[] values, float[] gradient) {
            this.name = name;
            this.updater = updater;
            this.gradient = gradient;
            this.step = updater.inProduct(values, gradient);
        }
    }

    /** Adds a listener that hears every phase, batch and epoch from now on. */
    public void listener(TrainingListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Every epoch trained so far, in order; read-only. */
    public List<EpochRecord> history() {
        return Collections.unmodifiableList(history);
    }

    /**
     * Runs {@code phase} over {@code data}, or what is left of it after {@link #resume}.
     *
     * @return false if the phase had finished before the checkpoint resumed from, so it did not run
     * @throws IllegalStateException if a checkpoint was resumed from a later phase, which must run first
     * @throws TrainingDivergedException if the loss stops being finite; the phase's tensors keep their last good epoch
     */
    public boolean run(Phase phase, DataSet data) {
        List<Phase.Trained> trained = phase.trained();
        int n = trained.size();
        Updater[] updaters = new Updater[n];
        float[][] values = new float[n][];
        float[][] gradients = new float[n][];
        Map<String, Updater> byName = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            updaters[i] = Updaters.create(phase.config(), trained.get(i).values().length);
            values[i] = trained.get(i).values();
            gradients[i] = trained.get(i).gradient();
            byName.put(trained.get(i).name(), updaters[i]);
        }
        record("train.data", data.fingerprint());
        record("train.seed", Long.toString(seed));
        record("train.settings", settings);
        record("train.lastPhase", phase.name());
        Checkpoint.Position from = Checkpoint.Position.after(0);
        if (resumeFrom == null) {
            shuffle = rng.split();
            if (phase.started() != null) {
                phase.started().run();
            }
        } else if (phase.number() < resumeFrom.phase()) {
            return false; // finished before the checkpoint
        } else if (phase.number() > resumeFrom.phase()) {
            throw new IllegalStateException("the checkpoint was taken in phase " + resumeFrom.phase() + " ("
                    + phaseName(resumeFrom) + "), which must finish first: call fit, or the phase's method");
        } else {
            try {
                resumeFrom.restoreUpdaters(byName);
                for (var kept : phase.state().entrySet()) {
                    resumeFrom.restoreState(kept.getKey(), kept.getValue());
                }
                if (phase.stateRestored() != null) {
                    phase.stateRestored().run();
                }
                shuffle = resumeFrom.generator("shuffle");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            from = resumeFrom.position();
            resumeFrom = null;
        }
        TrainingLoop loop = new TrainingLoop(phase.name(), phase.config(), values).schedule(Arrays.asList(updaters));
        if (phase.labels() != null) {
            loop.labels(phase.labels());
        }
        BatchStep gradient = phase.gradients();
        Runnable after = phase.afterUpdate();
        InBackward[] inBackward = new InBackward[n];
        for (int i = 0; i < n; i++) {
            inBackward[i] = new InBackward(trained.get(i).name(), updaters[i], values[i], gradients[i]);
        }
        boolean fused = !"false".equals(System.getProperty(IN_BACKWARD));
        BatchStep step = rows -> {
            for (InBackward t : inBackward) {
                t.taken = false;
            }
            double loss;
            stepping = fused ? inBackward : null;
            try {
                loss = gradient.run(rows);
            } finally {
                stepping = null;
            }
            for (int i = 0; i < updaters.length; i++) {
                if (!inBackward[i].taken) {
                    updaters[i].update(values[i], gradients[i]);
                }
            }
            if (after != null) {
                after.run();
            }
            return loss;
        };
        try {
            loop.run(data, input, shuffle, from, step, listeners, history,
                    (at, order, stopping) -> checkpoint(phase, byName, at, order, stopping));
        } catch (TrainingStoppedException stopped) {
            record("train.history", EpochRecord.encode(history));
            throw checkpointFile == null ? stopped : stopped.withCheckpoint(checkpointFile);
        }
        record("train.history", EpochRecord.encode(history));
        return true;
    }

    private static String phaseName(Checkpoint c) {
        List<EpochRecord> h = c.history();
        return h.isEmpty() ? "its first" : h.get(h.size() - 1).phase();
    }

    /**
     * Continues from a checkpoint a trainer of this declaration wrote: restores the tensors, the
     * history and the generators now, and the optimizer state and the kept state when {@link #run}
     * reaches the phase it was taken in; phases finished before it are skipped then.
     *
     * @throws org.aestack.runtime.io.ModelFormatException if the file is not such a checkpoint or was taken with other settings
     */
    public void resume(Path file) throws IOException {
        Checkpoint checkpoint = Checkpoint.read(file, declaration);
        checkpoint.expectSettings(settings);
        checkpoint.restoreParameters(tensors.get(), shapes.get());
        history.clear();
        history.addAll(checkpoint.history());
        rng = checkpoint.generator("trainer");
        noise.copyFrom(checkpoint.generator("noise"));
        resumeFrom = checkpoint;
    }

    /**
     * Writes a checkpoint at {@code at} when one is due: every {@code checkpointEvery} epochs, at the
     * phase's end, and wherever a listener stops the run. Inside an epoch the shuffling generator is
     * saved as it was before the epoch drew its order ({@code order}), so a resumed run draws it again.
     */
    private void checkpoint(Phase phase, Map<String, Updater> updaters, Checkpoint.Position at, Rng order,
            boolean stopping) throws IOException {
        int epoch = at.epoch();
        boolean due = !at.insideEpoch() && (epoch % checkpointEvery == 0 || epoch == phase.config().epochs());
        if (checkpointFile != null && (due || stopping)) {
            Map<String, Rng> generators = new LinkedHashMap<>();
            generators.put("trainer", rng);
            generators.put("shuffle", order);
            generators.put("noise", noise);
            Checkpoint.write(checkpointFile, declaration, phase.number(), at, tensors.get(), shapes.get(), updaters,
                    generators, history, settings, phase.state());
        }
    }

    private void record(String key, String value) {
        if (provenance != null) {
            provenance.accept(key, value);
        }
    }

    public static final class Builder {
        private final TrainerOptions options;
        private final String declaration;
        private String settings;
        private float[] input;
        private Supplier<Map<String, float[]>> tensors;
        private Supplier<Map<String, int[]>> shapes;
        private BiConsumer<String, String> provenance;

        private Builder(TrainerOptions options, String declaration) {
            this.options = Objects.requireNonNull(options, "options");
            this.declaration = Objects.requireNonNull(declaration, "declaration");
        }

        /** A description of the phases' settings, which a checkpoint records and a resume must match. */
        public Builder settings(String settings) {
            this.settings = settings;
            return this;
        }

        /** The trainer's batch buffer, which each mini-batch is copied into before a step. */
        public Builder input(float[] buffer) {
            this.input = buffer;
            return this;
        }

        /** What checkpoints keep of the parameters, by name (live arrays), and their shapes. */
        public Builder tensors(Supplier<Map<String, float[]>> tensors, Supplier<Map<String, int[]>> shapes) {
            this.tensors = tensors;
            this.shapes = shapes;
            return this;
        }

        /** Where the runner records how the parameters came to be: the data, the seed, the settings, the history. */
        public Builder provenance(BiConsumer<String, String> record) {
            this.provenance = record;
            return this;
        }

        public PhaseRunner build() {
            return new PhaseRunner(this);
        }
    }
}
