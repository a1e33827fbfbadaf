package org.aestack.examples.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.aestack.dsl.Noise;
import org.aestack.runtime.data.Corruption;
import org.aestack.runtime.AutoencoderModel;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.io.JsonLine;
import org.aestack.runtime.kernel.Rng;
import org.aestack.runtime.metric.Psnr;
import org.aestack.runtime.viz.ImageGrid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Image restoration: corrupts the test images and lets a trained example restore them. */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Corrupts the test images (masking, Gaussian or salt-and-pepper noise), restores them with a",
                "trained example (denoising and gaussian are made for it), prints the PSNR of the noisy and the",
                "restored images, and writes noisy / restored / clean rows."})
final class RestoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXAMPLE", description = "Which trained example restores.")
    String example;

    @Mixin
    DataOptions data;

    @Option(names = "--noise", defaultValue = "MASKING", description = "MASKING, GAUSSIAN or SALT_AND_PEPPER (default: ${DEFAULT-VALUE}).")
    Noise noise;

    @Option(names = "--p", defaultValue = "0.5", description = "Noise level: probability, or deviation for Gaussian (default: ${DEFAULT-VALUE}).")
    double p;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "aestack-out", description = "Where the model is and the picture goes.")
    Path out;

    @Option(names = "--seed", defaultValue = "7") long seed;

    @Option(names = "--json", description = "Print one JSON line instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Example chosen = Example.named(example);
        Corruption corruption = new Corruption(noise, p);
        AutoencoderModel model = chosen.loadTrained(out);
        DataSet test = data.source().test();
        DataSet noisy = Images.clamp(corruption.apply(test, new Rng(seed)));
        DataSet restored = model.reconstruct(noisy);
        double before = Psnr.mean(test, noisy);
        double after = Psnr.mean(test, restored);
        Path picture = out.resolve(chosen.id() + "-restore-" + noise.name().toLowerCase(Locale.ROOT) + ".png");
        DataSet shown = test.head(12);
        DataSet shownNoisy = noisy.head(12);
        ImageGrid.of(28, 28).row(shownNoisy).row(model.reconstruct(shownNoisy))
                .row(shown).write(picture);
        var w = spec.commandLine().getOut();
        if (json) {
            w.println(new JsonLine().put("command", "restore").put("example", chosen.id()).put("noise", corruption.toString())
                    .put("images", test.rows()).put("psnr_noisy_db", before).put("psnr_restored_db", after)
                    .put("picture", picture.toString()));
        } else {
            w.printf(Locale.ROOT, "%s on %,d test images: PSNR %.2f dB noisy -> %.2f dB restored by %s%npicture: %s (noisy, restored, clean)%n",
                    corruption, test.rows(), before, after, chosen.id(), picture);
        }
        return 0;
    }
}
