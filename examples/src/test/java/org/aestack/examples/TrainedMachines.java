package org.aestack.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.aestack.runtime.Model;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.data.FashionMnist;

/**
 * Boltzmann machines trained once and kept in {@code src/test/resources/trained}, for the tests that
 * judge the likelihood estimators (AIS, RAISE, the variational bound) against exact values.
 *
 * <p>Why kept and not trained in the test: training by sampling is chaotic in the last bit of every
 * product. A kernel that rounds one product differently (another K blocking, a fused epilogue) trains
 * a different machine, and an estimator's accuracy at a fixed budget depends on the machine: the
 * 784-16-8 machine's exact log Z was 416.5 with one blocking of the products and 411.5 with another,
 * and AIS's error bars held the first and missed the second. A test of the estimators should not
 * change its subject when a kernel changes, so it loads the machine the declared training produced
 * once; the tests that judge training itself (joint training raises the exact likelihood, halving
 * beats naive stacking) still train. {@link #main} wrote the files (see the README beside them).
 */
final class TrainedMachines {
    private TrainedMachines() {}

    /** The kept machines' directory under the examples module. */
    static final Path DIR = Path.of("src/test/resources/trained");

    /** {@link TinyDbm} from seed 1, pretrained and trained jointly on the first 6,000 binarized training images. */
    static TinyDbmModel tinyDbm() {
        return load("TinyDbm", TinyDbmModel::load);
    }

    /** {@link TinyDbm3} from seed 1, pretrained and trained jointly on the first 3,000 binarized training images. */
    static TinyDbm3Model tinyDbm3() {
        return load("TinyDbm3", TinyDbm3Model::load);
    }

    /**
     * {@link FashionDbm}, 784-500-1000, from seed 42, briefly trained on the first 6,000 binarized
     * training images (one epoch of each RBM, two of joint training), kept without its chains. Three
     * blockings of the products trained machines whose exact log Z nobody knows but whose AIS
     * estimates were 1,049, 1,347 and 1,069: at this size and this little training the machine
     * itself, not the estimators, decided what the test saw.
     */
    static FashionDbmModel fashionDbm() {
        return load("FashionDbm-brief", FashionDbmModel::load);
    }

    /** The kept machine {@code name}, read by the generated model class's {@code load}. */
    private static <M> M load(String name, Loader<M> loader) {
        try {
            return loader.load(DIR.resolve(name + ".safetensors"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface Loader<M> {
        M load(Path file) throws IOException;
    }

    /**
     * Saves {@code trained}'s parameters through {@code bare}, a fresh model of the same declaration,
     * so that the file holds the parameters without the persistent chains of training (which the
     * estimators do not start from, and which would triple the tiny machines' files).
     */
    private static void keep(Model trained, Model bare, Path file) throws IOException {
        trained.parameters().forEach((name, values) -> System.arraycopy(values, 0, bare.parameters().get(name), 0, values.length));
        bare.save(file);
    }

    /**
     * Trains the machines on the first images of the Fashion-MNIST training set and writes them into
     * {@code args[0]} (default {@link #DIR}). Run from the examples module.
     */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(args.length > 0 ? Path.of(args[0]) : DIR);
        FashionMnist.Source source = FashionMnist.locate(null);
        DataSet train = DbmExamplesTest.binarize(source.train().head(6_000));

        TinyDbmModel dbm = TinyDbmModel.initialize(1);
        TinyDbmTrainer.of(dbm).fit(train);
        keep(dbm, TinyDbmModel.initialize(1), dir.resolve("TinyDbm.safetensors"));

        TinyDbm3Model dbm3 = TinyDbm3Model.initialize(1);
        TinyDbm3Trainer.of(dbm3).fit(train.head(3_000));
        keep(dbm3, TinyDbm3Model.initialize(1), dir.resolve("TinyDbm3.safetensors"));
        FashionDbmModel full = FashionDbmModel.initialize(42);
        FashionDbmTrainer.builder(full).seed(42).pretrain(c -> c.epochs(1)).jointTraining(c -> c.epochs(2)).build().fit(train);
        keep(full, FashionDbmModel.initialize(42), dir.resolve("FashionDbm-brief.safetensors"));
        System.out.printf("784-16-8 exact log Z %.3f, 784-12-8-4 exact log Z %.3f%n", dbm.exactLogZ(), dbm3.exactLogZ());
    }
}
