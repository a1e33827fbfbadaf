package org.aestack.examples.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;
import org.aestack.dsl.Layer;
import org.aestack.examples.AnomalyAeModel;
import org.aestack.examples.AnomalyAeTrainer;
import org.aestack.examples.ContractiveAeModel;
import org.aestack.examples.ContractiveAeTrainer;
import org.aestack.examples.DenoisingAeModel;
import org.aestack.examples.DenoisingAeTrainer;
import org.aestack.examples.FashionAeModel;
import org.aestack.examples.FashionAeTrainer;
import org.aestack.examples.GaussianDenoisingAeModel;
import org.aestack.examples.GaussianDenoisingAeTrainer;
import org.aestack.examples.PlainAeModel;
import org.aestack.examples.PlainAeTrainer;
import org.aestack.examples.SparseAeModel;
import org.aestack.examples.SparseAeTrainer;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.train.Trainer;
import org.aestack.runtime.train.TrainerBuilder;
import org.aestack.runtime.train.TrainingListener;

/**
 * The examples the CLI trains and evaluates by name, each bound to its generated model and trainer.
 * The bindings are the only place the CLI names generated classes.
 */
enum Example {
    PLAIN("784-500 autoencoder without a regularizer: the baseline") {
        @Override
        Model train(DataSet data, Settings s) throws IOException {
            PlainAeModel m = PlainAeModel.initialize(s.seed);
            s.run(PlainAeTrainer.builder(m), data);
            return wrap(m);
        }

        @Override
        Model load(Path file) throws IOException {
            return wrap(PlainAeModel.load(file));
        }

        private Model wrap(PlainAeModel m) {
            return new Model(m::reconstruct, m::reconstructionError, m::reconstructionErrors, m::activations, List.of(m.code()), m::save, null, m::provenance);
        }
    },
    SPARSE("overcomplete 784-1000 autoencoder with KL sparsity toward 5% mean activation") {
        @Override
        Model train(DataSet data, Settings s) throws IOException {
            SparseAeModel m = SparseAeModel.initialize(s.seed);
            s.run(SparseAeTrainer.builder(m), data);
            return wrap(m);
        }

        @Override
        Model load(Path file) throws IOException {
            return wrap(SparseAeModel.load(file));
        }

        private Model wrap(SparseAeModel m) {
            return new Model(m::reconstruct, m::reconstructionError, m::reconstructionErrors, m::activations, List.of(m.code()), m::save, null, m::provenance);
        }
    },
    DENOISING("784-500 denoising autoencoder, masking noise p = 0.5") {
        @Override
        Model train(DataSet data, Settings s) throws IOException {
            DenoisingAeModel m = DenoisingAeModel.initialize(s.seed);
            s.run(DenoisingAeTrainer.builder(m), data);
            return wrap(m);
        }

        @Override
        Model load(Path file) throws IOException {
            return wrap(DenoisingAeModel.load(file));
        }

        private Model wrap(DenoisingAeModel m) {
            return new Model(m::reconstruct, m::reconstructionError, m::reconstructionErrors, m::activations, List.of(m.code()), m::save, m::sample, m::provenance);
        }
    },
    GAUSSIAN("784-500 denoising autoencoder, Gaussian noise sigma = 0.3") {
        @Override
        Model train(DataSet data, Settings s) throws IOException {
            GaussianDenoisingAeModel m = GaussianDenoisingAeModel.initialize(s.seed);
            s.run(GaussianDenoisingAeTrainer.builder(m), data);
            return wrap(m);
        }

        @Override
        Model load(Path file) throws IOException {
            return wrap(GaussianDenoisingAeModel.load(file));
        }

        private Model wrap(GaussianDenoisingAeModel m) {
            return new Model(m::reconstruct, m::reconstructionError, m::reconstructionErrors, m::activations, List.of(m.code()), m::save, m::sample, m::provenance);
        }
    },
    CONTRACTIVE("784-500 contractive autoencoder, lambda = 0.1") {
        @Override
        Model train(DataSet data, Settings s) throws IOException {
            ContractiveAeModel m = ContractiveAeModel.initialize(s.seed);
            s.run(ContractiveAeTrainer.builder(m), data);
            return wrap(m);
        }

        @Override
        Model load(Path file) throws IOException {
            return wrap(ContractiveAeModel.load(file));
        }

        private Model wrap(ContractiveAeModel m) {
            return new Model(m::reconstruct, m::reconstructionError, m::reconstructionErrors, m::activations, List.of(m.code()), m::save, null, m::provenance);
        }
    },
    ANOMALY("784-256-32 undercomplete autoencoder, the anomaly detector") {
        @Override
        Model train(DataSet data, Settings s) throws IOException {
            AnomalyAeModel m = AnomalyAeModel.initialize(s.seed);
            s.run(AnomalyAeTrainer.builder(m), data);
            return wrap(m);
        }

        @Override
        Model load(Path file) throws IOException {
            return wrap(AnomalyAeModel.load(file));
        }

        private Model wrap(AnomalyAeModel m) {
            return new Model(m::reconstruct, m::reconstructionError, m::reconstructionErrors, m::activations,
                    List.of(m.hidden(), m.code()), m::save, null, m::provenance);
        }
    },
    DEEP("784-1000-500-250-30 deep autoencoder, pretrained layer by layer, then fine-tuned") {
        @Override
        Model train(DataSet data, Settings s) throws IOException {
            FashionAeModel m = FashionAeModel.initialize(s.seed);
            s.run(FashionAeTrainer.builder(m), data);
            return wrap(m);
        }

        @Override
        Model load(Path file) throws IOException {
            return wrap(FashionAeModel.load(file));
        }

        private Model wrap(FashionAeModel m) {
            return new Model(m::reconstruct, m::reconstructionError, m::reconstructionErrors, m::activations,
                    List.of(m.hidden1(), m.hidden2(), m.hidden3(), m.code()), m::save, null, m::provenance);
        }
    };

    private final String description;

    Example(String description) {
        this.description = description;
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

    abstract Model train(DataSet data, Settings settings) throws IOException;

    abstract Model load(Path file) throws IOException;

    /** What the CLI overrides of the declared settings, and how it checkpoints and resumes. */
    static final class Settings {
        final Integer epochs;
        final Integer pretrainEpochs;
        final long seed;
        final TrainingListener listener;
        Path checkpoint;
        int checkpointEvery = 1;
        Path resume;

        Settings(Integer epochs, long seed, TrainingListener listener) {
            this(epochs, null, seed, listener);
        }

        Settings(Integer epochs, Integer pretrainEpochs, long seed, TrainingListener listener) {
            this.epochs = epochs;
            this.pretrainEpochs = pretrainEpochs;
            this.seed = seed;
            this.listener = listener;
        }

        /** Builds the trainer with these settings, resumes if asked, and fits. */
        <T extends Trainer<T>> void run(TrainerBuilder<T> builder, DataSet data) throws IOException {
            builder.seed(seed).listener(listener);
            if (epochs != null) {
                builder.fineTune(c -> c.epochs(epochs));
            }
            if (pretrainEpochs != null) {
                builder.pretrain(c -> c.epochs(pretrainEpochs));
            }
            if (checkpoint != null) {
                builder.checkpoint(checkpoint, checkpointEvery);
            }
            T trainer = builder.build();
            if (resume != null) {
                trainer.resume(resume);
            }
            trainer.fit(data);
        }
    }

    /** A trained example, whatever its generated class. */
    record Model(UnaryOperator<DataSet> reconstruct, ToDoubleFunction<DataSet> reconstructionError,
            Function<DataSet, double[]> reconstructionErrors, Activations activations, List<Layer> layers, Saver save,
            Sampler sampler, Supplier<Map<String, String>> provenance) {
        void save(Path file) throws IOException {
            save.save(file);
        }
    }

    interface Activations {
        DataSet of(int layer, DataSet data);
    }

    interface Saver {
        void save(Path file) throws IOException;
    }

    interface Sampler {
        List<DataSet> sample(DataSet start, int steps, long seed);
    }
}
