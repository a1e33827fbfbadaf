package org.aestack.examples.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.aestack.runtime.data.FashionMnist;
import picocli.CommandLine.Option;

/** The options that choose the data, shared by the commands that train or evaluate. */
final class DataOptions {
    @Option(names = "--data", paramLabel = "DIR",
            description = "Fashion-MNIST directory (default: $AESTACK_DATA, /usr/share/datasets/fashion-mnist, or the bundled subset).")
    Path data;

    @Option(names = "--subset", description = "Use the bundled subset even where the full data set is installed.")
    boolean subset;

    FashionMnist.Source source() throws IOException {
        return subset ? FashionMnist.bundled() : FashionMnist.locate(data);
    }
}
