package org.aestack.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.aestack.dsl.Noise;
import org.aestack.runtime.data.Corruption;
import org.aestack.runtime.AutoencoderModel;
import org.aestack.runtime.DenoisingModel;
import org.aestack.runtime.BeliefNetModel;
import org.aestack.runtime.BoltzmannMachineModel;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.data.FashionMnist;
import org.aestack.runtime.io.JsonLine;
import org.aestack.runtime.kernel.Rng;
import org.aestack.runtime.metric.Jacobians;
import org.aestack.runtime.metric.Psnr;
import org.aestack.runtime.metric.Ssim;
import org.aestack.runtime.metric.Sparsity;
import org.aestack.runtime.viz.ImageGrid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Evaluates a trained example on the test set, next to the examples it should be compared with
 * where those are trained too: reconstruction error, sparsity, the encoder's Jacobian norm, and
 * restoration of corrupted images; writes its filters and a restoration picture.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluates a trained example on Fashion-MNIST's test images (the colorizers on CIFAR-10's), next to its",
                "comparisons where they are trained: plain for sparse, denoising and gaussian; plain and denoising for",
                "contractive; the dense counterpart of convdae, inpaint and colorize, and the other way round. multimodal: on the",
                "held-out speaker's recordings paired with unseen images (linear probes, images from sound, retrieval)."})
final class EvalCommand implements Callable<Integer> {
    /** Test images for the Jacobian norm, which costs a matrix product per image. */
    private static final int JACOBIAN_ROWS = 1_000;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXAMPLE", description = "Which example to evaluate.")
    String example;

    @Mixin
    DataOptions data;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "aestack-out",
            description = "Where the trained models are and the pictures go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", defaultValue = "7", description = "Seed of the test corruption (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--ais-runs", defaultValue = "100", description = "Belief nets and DBMs: AIS runs (default: ${DEFAULT-VALUE}).")
    int aisRuns;

    @Option(names = "--ais-temperatures", defaultValue = "5000",
            description = "Belief nets and DBMs: AIS inverse temperatures (default: ${DEFAULT-VALUE}).")
    int aisTemperatures;

    @Option(names = "--reverse-rows", defaultValue = "100",
            description = "Belief nets and DBMs: test images for the reverse (RAISE) estimate, at --ais-temperatures each; 0 for"
                    + " none (default: ${DEFAULT-VALUE}).")
    int reverseRows;

    @Option(names = "--json", description = "Print one JSON line, an object per model, instead of the table.")
    boolean json;

    @Option(names = "--no-baselines", description = "multimodal: skip training a DBM of each modality alone (about 30 s).")
    boolean noBaselines;

    private record Named(Example example, AutoencoderModel model) {}

    @Override
    public Integer call() throws Exception {
        if (Colorization.handles(example)) {
            PrintWriter w = json ? new PrintWriter(java.io.Writer.nullWriter()) : spec.commandLine().getOut();
            return Colorization.eval(example, data, out, json, w, spec.commandLine().getOut());
        }
        if (MultimodalExample.handles(example)) {
            return MultimodalExample.eval(data, out, !noBaselines,
                    json ? new PrintWriter(java.io.Writer.nullWriter()) : spec.commandLine().getOut(),
                    json ? spec.commandLine().getOut() : null);
        }
        Example chosen = Example.named(example);
        AutoencoderModel loaded = chosen.loadTrained(out);
        if (loaded instanceof BeliefNetModel dbn) {
            return evalBeliefNet(chosen, dbn);
        }
        if (loaded instanceof BoltzmannMachineModel dbm) {
            return evalBoltzmann(chosen, dbm);
        }
        if (RESTORERS.contains(chosen)) {
            return evalRestoration(chosen, (DenoisingModel) loaded);
        }
        List<Named> models = new ArrayList<>();
        models.add(new Named(chosen, loaded));
        List<Example> missing = new ArrayList<>();
        for (Example other : comparisons(chosen)) {
            if (Files.exists(other.file(out))) {
                models.add(new Named(other, other.load(other.file(out))));
            } else {
                missing.add(other);
            }
        }
        DataSet test = data.source().test();
        PrintWriter w = json ? new PrintWriter(java.io.Writer.nullWriter()) : spec.commandLine().getOut();
        List<JsonLine> perModel = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            perModel.add(new JsonLine());
        }
        this.results = perModel;
        w.printf(Locale.ROOT, "%s: %s; %,d test images%n", chosen.id(), chosen.description(), test.rows());
        if (!missing.isEmpty()) {
            w.println("(train " + String.join(", ", missing.stream().map(Example::id).toList()) + " to compare with them too)");
        }
        w.println();
        row(w, "", models.stream().map(m -> m.example().id()).toList());
        row(w, "test cross-entropy per image", models.stream()
                .map(m -> format(m.model().reconstructionError(test))).toList());
        row(w, "test squared error per image", models.stream()
                .map(m -> format(Images.squaredError(test, m.model().reconstruct(test)))).toList());
        int depth = models.stream().mapToInt(m -> m.model().layers().size()).max().orElse(0);
        for (int l = 0; l < depth; l++) {
            int layer = l;
            List<Sparsity> sparsity = models.stream()
                    .map(m -> layer < m.model().layers().size() ? Sparsity.of(m.model().activations(layer, test)) : null)
                    .toList();
            String name = models.get(0).model().layers().get(Math.min(l, models.get(0).model().layers().size() - 1)).name();
            row(w, name + ": mean activation", sparsity.stream().map(s -> s == null ? "-" : format(s.meanActivation())).toList());
            row(w, name + ": fraction below " + Sparsity.NEAR_ZERO,
                    sparsity.stream().map(s -> s == null ? "-" : format(s.nearZeroFraction())).toList());
        }
        DataSet few = test.head(JACOBIAN_ROWS);
        row(w, "mean ||J||_F of the encoder (" + few.rows() + " images)", models.stream()
                .map(m -> format(Jacobians.meanFrobeniusNorm(m.model().layers(), few))).toList());
        for (Corruption c : List.of(new Corruption(Noise.MASKING, 0.5), new Corruption(Noise.GAUSSIAN, 0.3))) {
            DataSet noisy = Images.clamp(c.apply(test, new Rng(seed)));
            double noisyPsnr = Psnr.mean(test, noisy);
            w.printf(Locale.ROOT, "%nrestoring %s: PSNR of the noisy images %.2f dB%n", c, noisyPsnr);
            if (json) {
                row(w, "PSNR noisy " + c, models.stream().map(m -> format(noisyPsnr)).toList());
            }
            row(w, "PSNR of the restored images (dB)" + (json ? " " + c : ""), models.stream()
                    .map(m -> format(Psnr.mean(test, m.model().reconstruct(noisy)))).toList());
        }

        Files.createDirectories(out);
        AutoencoderModel main = models.get(0).model();
        Path filters = out.resolve(chosen.id() + "-filters.png");
        Images.filters(main).write(filters);
        Corruption own = chosen == Example.GAUSSIAN ? new Corruption(Noise.GAUSSIAN, 0.3) : new Corruption(Noise.MASKING, 0.5);
        DataSet shown = test.head(12);
        DataSet noisy = Images.clamp(own.apply(shown, new Rng(seed)));
        Path restoration = out.resolve(chosen.id() + "-restoration.png");
        ImageGrid.of(28, 28).row(noisy).row(main.reconstruct(noisy)).row(shown).write(restoration);
        w.printf("%npictures: %s (the first layer's filters), %s (rows: %s, restored, clean)%n", filters, restoration, own);
        if (json) {
            JsonLine all = new JsonLine().put("command", "eval").put("example", chosen.id()).put("test_images", test.rows());
            for (int i = 0; i < models.size(); i++) {
                all.put(models.get(i).example().id(), results.get(i));
            }
            spec.commandLine().getOut().println(all);
        }
        return 0;
    }

    /** The image restorers, convolutional and dense, which {@link #evalRestoration} scores. */
    private static final List<Example> RESTORERS = List.of(Example.CONVDAE, Example.DENSEDAE, Example.INPAINT, Example.DENSEINPAINT);

    /**
     * An image restorer's evaluation, beside its counterpart of the same size (convdae and densedae,
     * inpaint and denseinpaint) where that is trained: the test loss, then the test images damaged as
     * the model was trained for, scored by PSNR and SSIM against the clean ones (the damaged images too,
     * as the baseline of doing nothing) and, for blanked blocks, by the squared error in the blocks.
     * Writes damaged / restored / clean rows.
     */
    private int evalRestoration(Example chosen, DenoisingModel loaded) throws Exception {
        List<Named> models = new ArrayList<>();
        models.add(new Named(chosen, loaded));
        Example other = switch (chosen) {
            case CONVDAE -> Example.DENSEDAE;
            case DENSEDAE -> Example.CONVDAE;
            case INPAINT -> Example.DENSEINPAINT;
            default -> Example.INPAINT;
        };
        boolean compared = Files.exists(other.file(out));
        if (compared) {
            models.add(new Named(other, other.load(other.file(out))));
        }
        DataSet test = data.source().test();
        PrintWriter w = json ? new PrintWriter(java.io.Writer.nullWriter()) : spec.commandLine().getOut();
        List<JsonLine> perModel = new ArrayList<>();
        models.forEach(m -> perModel.add(new JsonLine()));
        this.results = perModel;
        Corruption damage = loaded.noise();
        w.printf(Locale.ROOT, "%s: %s; %,d test images%n", chosen.id(), chosen.description(), test.rows());
        if (!compared) {
            w.println("(train " + other.id() + " to compare with it too)");
        }
        w.println();
        row(w, "", models.stream().map(m -> m.example().id()).toList());
        row(w, "test cross-entropy per image", models.stream().map(m -> format(m.model().reconstructionError(test))).toList());
        DataSet damaged = Images.clamp(damage.apply(test, new Rng(seed)));
        double psnrDamaged = Psnr.mean(test, damaged);
        double ssimDamaged = Ssim.mean(test, damaged, 1, 28, 28);
        w.printf(Locale.ROOT, "%nrestoring %s: PSNR %.2f dB, SSIM %.4f of the damaged images%n", damage, psnrDamaged, ssimDamaged);
        row(w, "PSNR of the damaged images (dB)", models.stream().map(m -> format(psnrDamaged)).toList());
        row(w, "SSIM of the damaged images", models.stream().map(m -> format(ssimDamaged)).toList());
        List<DataSet> restored = models.stream().map(m -> m.model().reconstruct(damaged)).toList();
        row(w, "PSNR of the restored images (dB)", restored.stream().map(r -> format(Psnr.mean(test, r))).toList());
        row(w, "SSIM of the restored images", restored.stream().map(r -> format(Ssim.mean(test, r, 1, 28, 28))).toList());
        if (damage.kind() == Noise.BLOCKS) {
            float[] kept = damage.kept(test.rows(), test.cols(), new Rng(seed));
            double blank = Psnr.meanSquaredErrorWhereZero(kept, test, damaged);
            row(w, "squared error per blanked pixel, blank", models.stream().map(m -> format(blank)).toList());
            row(w, "squared error per blanked pixel, restored", restored.stream()
                    .map(r -> format(Psnr.meanSquaredErrorWhereZero(kept, test, r))).toList());
        }
        Files.createDirectories(out);
        DataSet shown = test.head(12);
        DataSet shownDamaged = damaged.head(12);
        Path picture = out.resolve(chosen.id() + "-restoration.png");
        ImageGrid grid = ImageGrid.of(28, 28).row(shownDamaged);
        for (Named m : models) {
            grid.row(m.model().reconstruct(shownDamaged));
        }
        grid.row(shown).write(picture);
        w.printf("%npicture: %s (rows: %s, restored by %s, clean)%n", picture, damage,
                String.join(", then ", models.stream().map(m -> m.example().id()).toList()));
        if (json) {
            JsonLine all = new JsonLine().put("command", "eval").put("example", chosen.id()).put("test_images", test.rows())
                    .put("damage", damage.toString());
            for (int i = 0; i < models.size(); i++) {
                all.put(models.get(i).example().id(), results.get(i));
            }
            spec.commandLine().getOut().println(all);
        }
        return 0;
    }

    static List<Example> comparisons(Example e) {
        switch (e) {
            case SPARSE:
            case DENOISING:
            case GAUSSIAN:
                return List.of(Example.PLAIN);
            case CONTRACTIVE:
                return List.of(Example.PLAIN, Example.DENOISING);
            default:
                return List.of();
        }
    }

    /** One JSON object per model, filled by {@link #row} as the table is printed. */
    private List<JsonLine> results = List.of();

    private void row(PrintWriter w, String label, List<String> cells) {
        if (!label.isEmpty()) {
            String key = label.replaceAll("[^A-Za-z0-9]+", "_").replaceAll("^_|_$", "").toLowerCase(Locale.ROOT);
            for (int i = 0; i < cells.size() && i < results.size(); i++) {
                try {
                    results.get(i).put(key, Double.parseDouble(cells.get(i)));
                } catch (NumberFormatException e) {
                    results.get(i).put(key, cells.get(i));
                }
            }
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-42s", label));
        for (String cell : cells) {
            line.append(String.format(Locale.ROOT, "%14s", cell));
        }
        w.println(line.toString().stripTrailing());
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /**
     * A deep Boltzmann machine's evaluation on the binarized test images: its {@link LikelihoodReport}
     * (log Z by AIS from the base rates with its error bars and convergence checks, the mean-field
     * lower bound, RAISE on the first test images), the cross-entropy of the visible means given the
     * first hidden layer's posterior; and a grid of samples from the persistent chains.
     */
    private int evalBoltzmann(Example chosen, BoltzmannMachineModel model) throws Exception {
        FashionMnist.Source source = data.source();
        DataSet binary = data.binarize.test(source.test());
        PrintWriter w = json ? new PrintWriter(java.io.Writer.nullWriter()) : spec.commandLine().getOut();
        w.printf(Locale.ROOT, "%s: %s%n", chosen.id(), chosen.description());
        LikelihoodReport report = LikelihoodReport.of(model, data.binarize.train(source.train()), binary, settings(),
                data.binarize, source.description());
        report.print(w, "mean-field lower bound");
        double crossEntropy = model.reconstructionError(binary);
        w.printf(Locale.ROOT, "visible means given the first hidden layer's posterior, cross-entropy per image: %.2f%n", crossEntropy);
        Path samples = out.resolve(chosen.id() + "-samples.png");
        ImageGrid grid = ImageGrid.of(28, 28);
        DataSet drawn = model.sample(80, 100, seed);
        for (int r = 0; r < 8; r++) {
            grid.row(drawn.slice(r * 10, r * 10 + 10));
        }
        grid.scale(2).write(samples);
        w.println("picture: " + samples + " (80 samples, each 100 Gibbs sweeps on from one of the persistent chains of training)");
        w.flush();
        if (json) {
            spec.commandLine().getOut().println(report.into(new JsonLine().put("model", chosen.id()))
                    .put("cross_entropy", crossEntropy).put("samples", samples.toString()));
        }
        return 0;
    }

    private LikelihoodReport.Settings settings() {
        return new LikelihoodReport.Settings(aisRuns, aisTemperatures, true, reverseRows, seed);
    }

    /**
     * A belief net's evaluation on the binarized test images: its {@link LikelihoodReport} (the top
     * RBM's log Z by AIS from the base rates, or exactly when small; the variational lower bound;
     * RAISE on the first test images), the first RBM's pseudo-log-likelihood, the up-down
     * reconstruction error; and a grid of samples.
     */
    private int evalBeliefNet(Example chosen, BeliefNetModel model) throws Exception {
        FashionMnist.Source source = data.source();
        DataSet test = source.test();
        DataSet binary = data.binarize.test(test);
        PrintWriter w = json ? new PrintWriter(java.io.Writer.nullWriter()) : spec.commandLine().getOut();
        w.printf(Locale.ROOT, "%s: %s%n", chosen.id(), chosen.description());
        LikelihoodReport report = LikelihoodReport.of(model, data.binarize.train(source.train()), binary, settings(),
                data.binarize, source.description());
        report.print(w, model.layers().size() > 1 ? "variational lower bound" : "exact given log Z");
        double pseudo = model.rbm(0).pseudoLogLikelihood(binary);
        double squared = Images.squaredError(test, model.reconstruct(test));
        w.printf(Locale.ROOT, "first RBM's pseudo-log-likelihood per image: %.2f nats%n", pseudo);
        w.printf(Locale.ROOT, "up-down reconstruction, squared error per image (grey test images): %.2f%n", squared);
        Path samples = out.resolve(chosen.id() + "-samples.png");
        ImageGrid grid = ImageGrid.of(28, 28);
        DataSet drawn = model.sample(80, 1000, 7);
        for (int r = 0; r < 8; r++) {
            grid.row(drawn.slice(r * 10, r * 10 + 10));
        }
        grid.scale(2).write(samples);
        w.println("picture: " + samples + " (80 samples, 1,000 Gibbs sweeps in the top RBM each)");
        w.flush();
        if (json) {
            spec.commandLine().getOut().println(report.into(new JsonLine().put("model", chosen.id()))
                    .put("pseudo_log_likelihood", pseudo).put("squared_error", squared).put("samples", samples.toString()));
        }
        return 0;
    }
}
