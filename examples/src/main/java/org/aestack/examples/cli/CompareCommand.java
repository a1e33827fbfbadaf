package org.aestack.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.aestack.examples.FashionAeModel;
import org.aestack.examples.FashionAeTrainer;
import org.aestack.examples.FashionRbmAe2Model;
import org.aestack.examples.FashionRbmAe2Trainer;
import org.aestack.examples.FashionRbmAeModel;
import org.aestack.examples.FashionRbmAeTrainer;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.data.FashionMnist;
import org.aestack.runtime.metric.Pca;
import org.aestack.runtime.train.Progress;
import org.aestack.runtime.train.TrainingListener;
import org.aestack.runtime.viz.Charts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Hinton and Salakhutdinov's (2006) comparison on Fashion-MNIST: the deep autoencoder pretrained as
 * a stack of RBMs and fine-tuned, the same network from random initialization, and PCA.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Reducing dimensionality with neural networks (Hinton and Salakhutdinov 2006) on Fashion-MNIST:",
                "test squared reconstruction error per image of (a) the 784-1000-500-250-30 autoencoder pretrained as RBMs",
                "and fine-tuned, (b) the same network fine-tuned from random initialization (PyTorch's default), and",
                "(c) PCA with 30 components; then with a 2-unit code, the test codes next to PCA's first two components."})
final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--epochs", description = "Fine-tuning epochs of both networks (default: the declarations', 10).")
    Integer epochs;

    @Option(names = "--pretrain-epochs", description = "RBM epochs per layer (default: the declarations', 5).")
    Integer pretrainEpochs;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "aestack-out", description = "Where the pictures go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of initialization and training (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--quiet", description = "No progress bar; only the result lines.")
    boolean quiet;

    @Option(names = "--skip-2d", description = "Only the 30-unit comparison.")
    boolean skip2d;

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        FashionMnist.Source source = data.source();
        DataSet train = source.train();
        DataSet test = source.test();
        TrainingListener listener = quiet ? Progress.silent() : Progress.console();
        w.println("data: " + source.description() + String.format(Locale.ROOT, " (%,d train, %,d test images)", train.rows(), test.rows()));
        Files.createDirectories(out);

        FashionRbmAeModel rbm = FashionRbmAeModel.initialize(seed);
        double rbmSeconds = timed(() -> configure(FashionRbmAeTrainer.builder(rbm).seed(seed).listener(listener)).build().fit(train));
        FashionAeModel random = FashionAeModel.initialize(seed);
        double randomSeconds = timed(() -> configure(FashionAeTrainer.builder(random).seed(seed).listener(listener)).build()
                .fineTune(train));
        Pca[] pca = new Pca[1];
        double pcaSeconds = timed(() -> pca[0] = Pca.fit(train, 30));

        w.println("test squared reconstruction error per image (sum over 784 pixels in [0, 1]):");
        row(w, "(a) RBM-pretrained + fine-tuned 784-1000-500-250-30", Images.squaredError(rbm.reconstruct(test), test), rbmSeconds);
        row(w, "(b) same network from random initialization", Images.squaredError(random.reconstruct(test), test), randomSeconds);
        row(w, "(c) PCA, 30 components", Images.squaredError(pca[0].reconstruct(test), test), pcaSeconds);

        if (!skip2d) {
            FashionRbmAe2Model two = FashionRbmAe2Model.initialize(seed);
            double twoSeconds = timed(() -> configure(FashionRbmAe2Trainer.builder(two).seed(seed).listener(listener)).build()
                    .fit(train));
            Pca pca2 = Pca.fit(train, 2);
            w.println("with a 2-number code:");
            row(w, "RBM-pretrained + fine-tuned 784-1000-500-250-2", Images.squaredError(two.reconstruct(test), test), twoSeconds);
            row(w, "PCA, 2 components", Images.squaredError(pca2.reconstruct(test), test), 0);
            Path codes = out.resolve("compare-rbm2-codes.png");
            Path principal = out.resolve("compare-pca2-codes.png");
            DataSet shown = test.head(Math.min(test.rows(), 5000));
            Charts.scatter(two.encode(shown), FashionMnist.CLASSES, "784-1000-500-250-2 autoencoder, RBM-pretrained: test codes", codes);
            Charts.scatter(pca2.project(shown), FashionMnist.CLASSES, "PCA: first two principal components of the test images", principal);
            w.println("pictures: " + codes + " (the autoencoder's 2-D codes), " + principal + " (PCA's)");
        }
        return 0;
    }

    /** The builder, with --epochs and --pretrain-epochs applied where given. */
    private <B extends org.aestack.runtime.train.AutoencoderTrainerBuilder<?>> B configure(B builder) {
        if (epochs != null) {
            builder.fineTune(c -> c.epochs(epochs));
        }
        if (pretrainEpochs != null) {
            builder.pretrain(c -> c.epochs(pretrainEpochs));
        }
        return builder;
    }

    /** The seconds {@code work} takes. */
    private static double timed(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e9;
    }

    private static void row(PrintWriter w, String what, double error, double seconds) {
        w.println(String.format(Locale.ROOT, "  %-55s %8.2f%s", what, error,
                seconds > 0 ? String.format(Locale.ROOT, "   (%.0f s)", seconds) : ""));
        w.flush();
    }
}
