package com.example.quickstart;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.data.FashionMnist;
import org.aestack.runtime.kernel.Kernels;
import org.aestack.runtime.train.Progress;

/** Loads data, trains, evaluates, saves, loads, and checks the loaded model: the whole round trip. */
public final class Main {
    public static void main(String[] args) throws Exception {
        System.out.println("kernels: " + Kernels.ops());
        // the Fashion-MNIST subset bundled with the runtime: 6,000 training and 1,000 test images
        DataSet train = FashionMnist.embedded(FashionMnist.Split.TRAIN);
        DataSet test = FashionMnist.embedded(FashionMnist.Split.TEST);

        ShirtCodesModel model = ShirtCodesModel.initialize(7);
        double before = model.reconstructionError(test);
        ShirtCodesTrainer.builder(model)
                .listener(Progress.console())
                .build()
                .fit(train);
        double after = model.reconstructionError(test);
        float[] code = model.encode(test.row(0));
        System.out.printf("test cross-entropy per image: %.1f untrained, %.1f trained; a code has %d values%n",
                before, after, code.length);

        Path file = Path.of(args.length > 0 ? args[0] : "target/shirt-codes.safetensors");
        Files.createDirectories(file.toAbsolutePath().getParent());
        model.save(file);
        ShirtCodesModel loaded = ShirtCodesModel.load(file);
        boolean same = Arrays.equals(model.reconstruct(test).toArray(), loaded.reconstruct(test).toArray());
        System.out.println("saved to " + file + "; loaded back " + (same ? "with the same reconstructions" : "DIFFERENT"));
        if (!same || !(after < 0.6 * before)) {
            System.err.println("quickstart failed: the model did not train or did not load back as saved");
            System.exit(1);
        }
    }
}
