package org.aestack.runtime.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One training phase as data, for the {@link PhaseRunner}: its name and place in the trainer's
 * order, its settings, the generated step that computes a batch's loss and gradients, the tensors
 * its optimizer updates from them, and the training state (persistent chains, running means)
 * that checkpoints keep while it runs.
 *
 * <pre>{@code
 * Phase.of(2, "fine-tune", fineTuneConfig, this::fineTuneGradients)
 *         .trains("encoder.0.weight", model.hiddenWeight, hiddenWeightGrad)
 *         .trains("encoder.0.bias", model.hiddenBias, hiddenBiasGrad)
 *         .build();
 * }</pre>
 */
public final class Phase {
    /** A tensor the phase's optimizer updates: its name in checkpoints, its values and its gradient. */
    public record Trained(String name, float[] values, float[] gradient) {
        public Trained {
            Objects.requireNonNull(name, "name");
            if (values.length != gradient.length) {
                throw new IllegalArgumentException(name + ": " + values.length + " values but " + gradient.length + " gradients");
            }
        }
    }

    private final int number;
    private final String name;
    private final TrainingConfig config;
    private final BatchStep gradients;
    private final List<Trained> trained;
    private final Runnable afterUpdate;
    private final Map<String, float[]> state;
    private final Runnable stateRestored;
    private final Runnable started;
    private final int[] labels;

    private Phase(Builder b) {
        this.number = b.number;
        this.name = b.name;
        this.config = b.config;
        this.gradients = b.gradients;
        this.trained = List.copyOf(b.trained);
        this.afterUpdate = b.afterUpdate;
        this.state = Collections.unmodifiableMap(new LinkedHashMap<>(b.state));
        this.stateRestored = b.stateRestored;
        this.started = b.started;
        this.labels = b.labels;
    }

    /**
     * A phase to build.
     *
     * @param number its place in the trainer's order, from 0; a checkpoint records it, and a resumed
     *     run skips the phases numbered below the checkpoint's
     * @param name what listeners and errors call it ("pretrain hidden1 (1/4)", "fine-tune", "joint training")
     * @param gradients computes a batch's summed loss and fills the gradients of {@link Builder#trains}
     */
    public static Builder of(int number, String name, TrainingConfig config, BatchStep gradients) {
        return new Builder(number, name, config, gradients);
    }

    public int number() {
        return number;
    }

    public String name() {
        return name;
    }

    public TrainingConfig config() {
        return config;
    }

    BatchStep gradients() {
        return gradients;
    }

    /** The tensors the optimizer updates, in order. */
    public List<Trained> trained() {
        return trained;
    }

    Runnable afterUpdate() {
        return afterUpdate;
    }

    /** The arrays checkpoints keep while this phase runs, by name; live. */
    public Map<String, float[]> state() {
        return state;
    }

    Runnable stateRestored() {
        return stateRestored;
    }

    Runnable started() {
        return started;
    }

    /** The labels buffer each batch's labels are copied to, or null when the phase is unsupervised. */
    int[] labels() {
        return labels;
    }

    public static final class Builder {
        private final int number;
        private final String name;
        private final TrainingConfig config;
        private final BatchStep gradients;
        private final List<Trained> trained = new ArrayList<>();
        private Runnable afterUpdate;
        private final Map<String, float[]> state = new LinkedHashMap<>();
        private Runnable stateRestored;
        private Runnable started;
        private int[] labels;

        private Builder(int number, String name, TrainingConfig config, BatchStep gradients) {
            if (number < 0) {
                throw new IllegalArgumentException("phases are numbered from 0, not " + number);
            }
            this.number = number;
            this.name = Objects.requireNonNull(name, "name");
            this.config = Objects.requireNonNull(config, "config");
            this.gradients = Objects.requireNonNull(gradients, "gradients");
        }

        /** The optimizer updates {@code values} from {@code gradient} after each step; checkpoints name them {@code name}. */
        public Builder trains(String name, float[] values, float[] gradient) {
            trained.add(new Trained(name, values, gradient));
            return this;
        }

        /** Runs after every update, e.g. to limit the weights' norms. */
        public Builder afterUpdate(Runnable action) {
            this.afterUpdate = Objects.requireNonNull(action, "action");
            return this;
        }

        /** Checkpoints taken in this phase keep {@code values} (live) under {@code name}; resuming puts it back. */
        public Builder keeps(String name, float[] values) {
            state.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(values, "values"));
            return this;
        }

        /** Runs after a resumed run put the kept state back. */
        public Builder whenRestored(Runnable action) {
            this.stateRestored = Objects.requireNonNull(action, "action");
            return this;
        }

        /**
         * Runs as the phase starts afresh, before its first epoch (not when a resumed run continues it,
         * since the checkpoint holds what this set up): e.g. to start a classifier from a trained model.
         */
        public Builder whenStarted(Runnable action) {
            this.started = Objects.requireNonNull(action, "action");
            return this;
        }

        /** Each batch's labels go to {@code buffer} before the step: a supervised phase, which needs labeled data. */
        public Builder labels(int[] buffer) {
            this.labels = Objects.requireNonNull(buffer, "buffer");
            return this;
        }

        public Phase build() {
            if (trained.isEmpty()) {
                throw new IllegalStateException(name + " trains nothing");
            }
            return new Phase(this);
        }
    }
}
