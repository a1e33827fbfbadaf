package org.aestack.examples.cli;

import org.aestack.runtime.train.TrainingListener;
import picocli.CommandLine.Option;

/** The overrides of an example's declared settings that the commands which train share ({@code train}, {@code spark-train}). */
final class TrainingOptions implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    @Option(names = "--epochs", paramLabel = "N", description = "Fine-tuning epochs (default: the example's @FineTune).")
    Integer epochs;

    @Option(names = "--pretrain-epochs", paramLabel = "N", description = "Pretraining epochs per layer, for models that pretrain.")
    Integer pretrainEpochs;

    @Option(names = "--learning-rate", paramLabel = "RATE", description = "Fine-tuning learning rate (default: the example's @FineTune).")
    Double learningRate;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of initialization, shuffling and noise (default: ${DEFAULT-VALUE}).")
    long seed;

    /** @throws IllegalArgumentException for fewer than one epoch */
    void check() {
        if ((epochs != null && epochs < 1) || (pretrainEpochs != null && pretrainEpochs < 1)) {
            throw new IllegalArgumentException("--epochs and --pretrain-epochs must be at least 1");
        }
    }

    /** The settings an example's trainer is built with, heard by {@code listener}. */
    Example.Settings settings(TrainingListener listener) {
        Example.Settings settings = new Example.Settings(epochs, pretrainEpochs, seed, listener);
        settings.learningRate = learningRate;
        return settings;
    }
}
