package org.aestack.examples.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.aestack.dsl.Noise;
import org.aestack.runtime.data.Corruption;
import org.aestack.runtime.AutoencoderModel;
import org.aestack.runtime.DenoisingModel;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.io.JsonLine;
import org.aestack.runtime.kernel.Rng;
import org.aestack.runtime.metric.Psnr;
import org.aestack.runtime.metric.Ssim;
import org.aestack.runtime.viz.ImageGrid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Image restoration: corrupts the test images and lets a trained example restore them. */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Corrupts the test images (masking, Gaussian or salt-and-pepper noise, or blanked 8x8 blocks),",
                "restores them with a trained example (denoising, gaussian, convdae, densedae, inpaint and denseinpaint",
                "are made for it; by default each gets the noise it was trained on), prints the PSNR and SSIM of the",
                "noisy and the restored images, and writes noisy / restored / clean rows."})
final class RestoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXAMPLE", description = "Which trained example restores.")
    String example;

    @Mixin
    DataOptions data;

    @Option(names = "--noise", description = "MASKING, GAUSSIAN, SALT_AND_PEPPER or BLOCKS (default: the noise the example"
            + " was trained on, else MASKING).")
    Noise noise;

    @Option(names = "--p", description = "Noise level: probability, deviation for Gaussian, fraction of the image for"
            + " BLOCKS (default: the example's, else 0.5).")
    Double p;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "aestack-out", description = "Where the model is and the picture goes.")
    Path out;

    @Option(names = "--seed", defaultValue = "7") long seed;

    @Option(names = "--json", description = "Print one JSON line instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Example chosen = Example.named(example);
        AutoencoderModel model = chosen.loadTrained(out);
        Corruption own = model instanceof DenoisingModel d ? d.noise() : null;
        Noise kind = noise != null ? noise : own != null ? own.kind() : Noise.MASKING;
        double level = p != null ? p : own != null && own.kind() == kind ? own.p() : 0.5;
        Corruption corruption = new Corruption(kind, level, 1, 28, 28);
        DataSet test = data.source().test();
        DataSet noisy = Images.clamp(corruption.apply(test, new Rng(seed)));
        DataSet restored = model.reconstruct(noisy);
        double before = Psnr.mean(test, noisy);
        double after = Psnr.mean(test, restored);
        double ssimBefore = Ssim.mean(test, noisy, 1, 28, 28);
        double ssimAfter = Ssim.mean(test, restored, 1, 28, 28);
        Path picture = out.resolve(chosen.id() + "-restore-" + kind.name().toLowerCase(Locale.ROOT) + ".png");
        DataSet shown = test.head(12);
        DataSet shownNoisy = noisy.head(12);
        ImageGrid.of(28, 28).row(shownNoisy).row(model.reconstruct(shownNoisy))
                .row(shown).write(picture);
        var w = spec.commandLine().getOut();
        if (json) {
            w.println(new JsonLine().put("command", "restore").put("example", chosen.id()).put("noise", corruption.toString())
                    .put("images", test.rows()).put("psnr_noisy_db", before).put("psnr_restored_db", after)
                    .put("ssim_noisy", ssimBefore).put("ssim_restored", ssimAfter).put("picture", picture.toString()));
        } else {
            w.printf(Locale.ROOT, "%s on %,d test images: PSNR %.2f dB noisy -> %.2f dB, SSIM %.3f -> %.3f restored by %s%n"
                            + "picture: %s (noisy, restored, clean)%n",
                    corruption, test.rows(), before, after, ssimBefore, ssimAfter, chosen.id(), picture);
        }
        return 0;
    }
}
