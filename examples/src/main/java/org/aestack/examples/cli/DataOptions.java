package org.aestack.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.aestack.runtime.data.Csv;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.data.FashionMnist;
import picocli.CommandLine.Option;

/** The options that choose the data, shared by the commands that train or evaluate. */
final class DataOptions {
    @Option(names = "--data", paramLabel = "DIR|FILE.csv",
            description = {"Fashion-MNIST directory (default: $AESTACK_DATA, /usr/share/datasets/fashion-mnist, or the bundled subset),",
                "or a CSV file of 784 pixel values in [0, 1] per line after a label 0-9, used for training and testing;",
                "for colorize: the CIFAR-10 directory (the binary batches, or the JPEG zips of ../shared/data/cifar10;",
                "default: $AESTACK_CIFAR10, then ../shared/data/cifar10)."})
    Path data;

    @Option(names = "--subset", description = "Use the bundled subset even where the full data set is installed.")
    boolean subset;

    @Option(names = "--binarize", paramLabel = "stochastic|threshold", defaultValue = "stochastic",
            description = {"How binary models (dbn, dbm) see the images: stochastic, each pixel on with probability its intensity,",
                "drawn once with a fixed seed, as the published DBN and DBM likelihoods are; or threshold, on above 0.5",
                "(default: ${DEFAULT-VALUE})."})
    Binarization binarize;

    FashionMnist.Source source() throws IOException {
        if (subset) {
            return FashionMnist.bundled();
        }
        if (data != null && Files.isRegularFile(data)) {
            DataSet csv = Csv.read(data, true, FashionMnist.CLASSES.length);
            if (csv.cols() != 784) {
                throw new IllegalArgumentException(data + " has " + csv.cols() + " values per line; the examples take 784 (28 x 28 pixels)");
            }
            return new FashionMnist.Source() {
                @Override public String description() { return "CSV " + data; }
                @Override public boolean full() { return false; }
                @Override public DataSet train() { return csv; }
                @Override public DataSet test() { return csv; }
            };
        }
        return FashionMnist.locate(data);
    }
}
