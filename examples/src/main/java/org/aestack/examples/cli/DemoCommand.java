package org.aestack.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.aestack.examples.FashionAeModel;
import org.aestack.examples.FashionAeTrainer;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.data.FashionMnist;
import org.aestack.runtime.kernel.Kernels;
import org.aestack.runtime.train.Progress;
import org.aestack.runtime.viz.ImageGrid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Trains the {@code FashionAe} deep autoencoder (784-1000-500-250-30) end to end: layerwise
 * pretraining, fine-tuning, test reconstruction error, and a picture of originals against
 * reconstructions.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Trains the FashionAe deep autoencoder (784-1000-500-250-30) and shows how well it reconstructs.",
                "Uses the full Fashion-MNIST where it is installed, else the subset bundled with aestack."})
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--pretrain-epochs", paramLabel = "N", description = "Pretraining epochs per layer (default: FashionAe's @Pretrain, 2).")
    Integer pretrainEpochs;

    @Option(names = "--epochs", paramLabel = "N", description = "Fine-tuning epochs (default: FashionAe's @FineTune, 10).")
    Integer epochs;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "aestack-out", description = "Where pictures go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of initialization and shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        FashionMnist.Source source = data.source();
        DataSet train = source.train();
        DataSet test = source.test();
        int pretrain = pretrainEpochs != null ? pretrainEpochs : FashionAeTrainer.PRETRAIN_DEFAULTS.epochs();
        int fineTune = epochs != null ? epochs : FashionAeTrainer.FINE_TUNE_DEFAULTS.epochs();
        out().printf(Locale.ROOT, "data: %s (%,d train, %,d test images)%n", source.description(), train.rows(), test.rows());
        out().printf(Locale.ROOT, "model: FashionAe 784-1000-500-250-30, kernels %s, JDK %s%n", Kernels.ops().name(), Runtime.version());

        FashionAeModel model = FashionAeModel.initialize(seed);
        double untrained = model.reconstructionError(test);
        FashionAeTrainer trainer = FashionAeTrainer.builder(model)
                .pretrain(c -> c.epochs(pretrain))
                .fineTune(c -> c.epochs(fineTune))
                .seed(seed)
                .listener(Progress.console())
                .build();
        long start = System.nanoTime();
        trainer.fit(train);
        double seconds = (System.nanoTime() - start) / 1e9;

        double trained = model.reconstructionError(test);
        DataSet reconstructions = model.reconstruct(test);
        out().printf(Locale.ROOT, "trained in %.1f s (%d pretraining epochs per layer, %d fine-tuning epochs)%n",
                seconds, pretrain, fineTune);
        out().printf(Locale.ROOT, "test cross-entropy per image: %.2f untrained -> %.2f trained%n", untrained, trained);
        out().printf(Locale.ROOT, "test squared error per image: %.2f%n", Images.squaredError(test, reconstructions));

        Files.createDirectories(out);
        Path picture = out.resolve("demo-reconstructions.png");
        int[] shown = firstOfEachClass(test, 2);
        ImageGrid.originalsAndReconstructions(test, reconstructions, shown, 28, 28).write(picture);
        out().println("picture: " + picture + " (top: test images, bottom: their reconstructions)");
        return 0;
    }

    /** The first {@code perClass} rows of each class, class by class. */
    private static int[] firstOfEachClass(DataSet data, int perClass) {
        int classes = data.classes();
        int[] rows = new int[classes * perClass];
        int[] found = new int[classes];
        int filled = 0;
        for (int r = 0; r < data.rows() && filled < rows.length; r++) {
            int label = data.label(r);
            if (found[label] < perClass) {
                rows[label * perClass + found[label]++] = r;
                filled++;
            }
        }
        return java.util.Arrays.copyOf(rows, filled);
    }

    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
