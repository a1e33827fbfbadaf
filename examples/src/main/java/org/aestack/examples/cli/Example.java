package org.aestack.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.UnaryOperator;
import org.aestack.examples.AnomalyAeModel;
import org.aestack.examples.AnomalyAeTrainer;
import org.aestack.examples.ContractiveAeModel;
import org.aestack.examples.ConvDaeModel;
import org.aestack.examples.ConvDaeTrainer;
import org.aestack.examples.ConvInpaintModel;
import org.aestack.examples.ConvInpaintTrainer;
import org.aestack.examples.DenseDaeModel;
import org.aestack.examples.DenseDaeTrainer;
import org.aestack.examples.DenseInpaintModel;
import org.aestack.examples.DenseInpaintTrainer;
import org.aestack.examples.ContractiveAeTrainer;
import org.aestack.examples.DenoisingAeModel;
import org.aestack.examples.DenoisingAeTrainer;
import org.aestack.examples.FashionAeModel;
import org.aestack.examples.FashionAeTrainer;
import org.aestack.examples.FashionDbnModel;
import org.aestack.examples.FashionDbnTrainer;
import org.aestack.examples.FashionDbmModel;
import org.aestack.examples.FashionDbmTrainer;
import org.aestack.examples.FashionRbmAe2Model;
import org.aestack.examples.FashionRbmAe2Trainer;
import org.aestack.examples.FashionRbmAeModel;
import org.aestack.examples.FashionRbmAeTrainer;
import org.aestack.examples.GaussianDenoisingAeModel;
import org.aestack.examples.GaussianDenoisingAeTrainer;
import org.aestack.examples.PlainAeModel;
import org.aestack.examples.PlainAeTrainer;
import org.aestack.examples.SparseAeModel;
import org.aestack.examples.SparseAeTrainer;
import org.aestack.runtime.AutoencoderModel;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.train.Trainer;
import org.aestack.runtime.train.TrainerBuilder;
import org.aestack.runtime.train.TrainingConfig;
import org.aestack.runtime.train.TrainingListener;

/**
 * The examples the CLI trains and evaluates by name, each bound to its generated model and trainer.
 * The bindings are the only place the CLI names generated classes.
 */
enum Example {
    PLAIN("784-500 autoencoder without a regularizer: the baseline",
            new Binding<>(PlainAeModel::initialize, PlainAeTrainer::builder, PlainAeTrainer.Builder::fineTune, PlainAeModel::load)),
    SPARSE("overcomplete 784-1000 autoencoder with KL sparsity toward 5% mean activation",
            new Binding<>(SparseAeModel::initialize, SparseAeTrainer::builder, SparseAeTrainer.Builder::fineTune, SparseAeModel::load)),
    DENOISING("784-500 denoising autoencoder, masking noise p = 0.5",
            new Binding<>(DenoisingAeModel::initialize, DenoisingAeTrainer::builder, DenoisingAeTrainer.Builder::fineTune, DenoisingAeModel::load)),
    GAUSSIAN("784-500 denoising autoencoder, Gaussian noise sigma = 0.3",
            new Binding<>(GaussianDenoisingAeModel::initialize, GaussianDenoisingAeTrainer::builder, GaussianDenoisingAeTrainer.Builder::fineTune, GaussianDenoisingAeModel::load)),
    CONTRACTIVE("784-500 contractive autoencoder, lambda = 0.1",
            new Binding<>(ContractiveAeModel::initialize, ContractiveAeTrainer::builder, ContractiveAeTrainer.Builder::fineTune, ContractiveAeModel::load)),
    ANOMALY("784-256-32 undercomplete autoencoder, the anomaly detector",
            new Binding<>(AnomalyAeModel::initialize, AnomalyAeTrainer::builder, AnomalyAeTrainer.Builder::fineTune, AnomalyAeModel::load)),
    DEEP("784-1000-500-250-30 deep autoencoder, pretrained layer by layer, then fine-tuned",
            new Binding<>(FashionAeModel::initialize, FashionAeTrainer::builder, FashionAeTrainer.Builder::fineTune, FashionAeModel::load)),
    RBM("784-1000-500-250-30 deep autoencoder, each layer pretrained as an RBM, then fine-tuned (with a softmax head)",
            new Binding<>(FashionRbmAeModel::initialize, FashionRbmAeTrainer::builder, FashionRbmAeTrainer.Builder::fineTune, FashionRbmAeModel::load)),
    RBM2("784-1000-500-250-2 deep autoencoder, pretrained as RBMs: a code to draw as it is",
            new Binding<>(FashionRbmAe2Model::initialize, FashionRbmAe2Trainer::builder, FashionRbmAe2Trainer.Builder::fineTune, FashionRbmAe2Model::load)),
    DBN("784-500-1000 deep belief net, trained greedily by CD-1 and persistent CD",
            new Binding<>(FashionDbnModel::initialize, FashionDbnTrainer::builder, FashionDbnTrainer.Builder::fineTune, FashionDbnModel::load)),
    DBM("784-500-1000 deep Boltzmann machine on binarized images: halving pretraining, then mean-field and 100 persistent chains",
            new Binding<>(FashionDbmModel::initialize, FashionDbmTrainer::builder, FashionDbmTrainer.Builder::jointTraining, FashionDbmModel::load)),
    CONVDAE("convolutional denoising autoencoder 1x28x28 -> 64x7x7 -> 1x28x28 (W4's), masking noise p = 0.5",
            new Binding<>(ConvDaeModel::initialize, ConvDaeTrainer::builder, ConvDaeTrainer.Builder::fineTune, ConvDaeModel::load)),
    INPAINT("convolutional autoencoder (convdae's) trained to fill in two blanked 8x8 blocks per image",
            new Binding<>(ConvInpaintModel::initialize, ConvInpaintTrainer::builder, ConvInpaintTrainer.Builder::fineTune, ConvInpaintModel::load)),
    DENSEDAE("784-98-784 denoising autoencoder, masking p = 0.5: as many parameters as convdae",
            new Binding<>(DenseDaeModel::initialize, DenseDaeTrainer::builder, DenseDaeTrainer.Builder::fineTune, DenseDaeModel::load)),
    DENSEINPAINT("784-98-784 autoencoder trained to fill in two blanked 8x8 blocks: as many parameters as inpaint",
            new Binding<>(DenseInpaintModel::initialize, DenseInpaintTrainer::builder, DenseInpaintTrainer.Builder::fineTune, DenseInpaintModel::load));

    private final String description;
    private final Binding<?, ?> binding;

    Example(String description, Binding<?, ?> binding) {
        this.description = description;
        this.binding = binding;
    }

    /** Trains a fresh model of this example on {@code data} (binarized first, as the settings say, for a binary model). */
    AutoencoderModel train(DataSet data, Settings settings) throws IOException {
        return binding.train(binary() ? settings.binarization.train(data) : data, settings);
    }

    /** Whether the example models binary images: it trains and is scored on them. */
    boolean binary() {
        return this == DBM;
    }

    /** A new model of this example, initialized from {@code seed} as {@link #train} makes it. */
    AutoencoderModel initialize(long seed) {
        return binding.initialize().apply(seed);
    }

    /** The trainer {@link #train} uses, for a model of this example, not yet fitted. */
    @SuppressWarnings("unchecked")
    Trainer<?> trainer(AutoencoderModel model, Settings settings) {
        return ((Binding<AutoencoderModel, ?>) binding).trainer(model, settings);
    }

    /** Loads a saved model of this example. */
    AutoencoderModel load(Path file) throws IOException {
        return binding.loader().load(file);
    }

    /** Loads this example's model from {@code dir}, or says how to train it. */
    AutoencoderModel loadTrained(Path dir) throws IOException {
        Path file = file(dir);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("no trained model at " + file + "; run ./aestack train " + id() + " first");
        }
        return load(file);
    }

    /**
     * How an example's generated classes are made, trained and loaded; {@code mainPhase} changes the
     * settings of the phase after pretraining ({@code fineTune}, a DBM's {@code jointTraining}).
     */
    record Binding<M extends AutoencoderModel, B extends TrainerBuilder<?>>(LongFunction<M> initialize,
            Function<M, B> builder, BiConsumer<B, UnaryOperator<TrainingConfig.Builder>> mainPhase, Loader<M> loader) {
        M train(DataSet data, Settings settings) throws IOException {
            M model = initialize.apply(settings.seed);
            Trainer<?> trainer = trainer(model, settings);
            if (settings.resume != null) {
                trainer.resume(settings.resume);
            }
            trainer.fit(data);
            return model;
        }

        Trainer<?> trainer(M model, Settings settings) {
            B b = builder.apply(model);
            return settings.build(b, change -> mainPhase.accept(b, change));
        }
    }

    interface Loader<M> {
        M load(Path file) throws IOException;
    }

    String description() {
        return description;
    }

    /** The name on the command line: {@code plain}, {@code sparse}, … */
    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The default model file of this example under {@code dir}. */
    Path file(Path dir) {
        return dir.resolve(id() + ".safetensors");
    }

    static Example named(String name) {
        for (Example e : values()) {
            if (e.id().equals(name.toLowerCase(Locale.ROOT))) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown example '" + name + "'; choose one of " + names());
    }

    static String names() {
        return String.join(", ", java.util.Arrays.stream(values()).map(Example::id).toArray(String[]::new));
    }

    /** What the CLI overrides of the declared settings, and how it checkpoints and resumes. */
    static final class Settings {
        final Integer epochs;
        final Integer pretrainEpochs;
        final long seed;
        final TrainingListener listener;
        Path checkpoint;
        int checkpointEvery = 1;
        Path resume;
        Double learningRate;
        Binarization binarization = Binarization.STOCHASTIC;

        Settings(Integer epochs, long seed, TrainingListener listener) {
            this(epochs, null, seed, listener);
        }

        Settings(Integer epochs, Integer pretrainEpochs, long seed, TrainingListener listener) {
            this.epochs = epochs;
            this.pretrainEpochs = pretrainEpochs;
            this.seed = seed;
            this.listener = listener;
        }

        /**
         * Builds the trainer with these settings ({@code --epochs} and the learning rate go to the phase
         * {@code mainPhase} changes); resuming is the caller's.
         */
        Trainer<?> build(TrainerBuilder<?> builder, Consumer<UnaryOperator<TrainingConfig.Builder>> mainPhase) {
            builder.seed(seed).listener(listener);
            if (epochs != null) {
                mainPhase.accept(c -> c.epochs(epochs));
            }
            if (learningRate != null) {
                mainPhase.accept(c -> c.learningRate(learningRate));
            }
            if (pretrainEpochs != null) {
                builder.pretrain(c -> c.epochs(pretrainEpochs));
            }
            if (checkpoint != null) {
                builder.checkpoint(checkpoint, checkpointEvery);
            }
            return builder.build();
        }
    }
}
