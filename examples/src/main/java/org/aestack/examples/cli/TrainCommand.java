package org.aestack.examples.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.aestack.runtime.AutoencoderModel;
import org.aestack.runtime.BoltzmannMachineModel;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.data.FashionMnist;
import org.aestack.runtime.train.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Trains an example on Fashion-MNIST (the colorizers on CIFAR-10) and saves it. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Trains an example on Fashion-MNIST's training images (colorize and densecolorize: CIFAR-10's) and saves",
                "the model. Examples: plain, sparse, denoising, gaussian, contractive, anomaly, deep, rbm, rbm2, dbn, dbm,",
                "convdae, inpaint, densedae, denseinpaint, colorize, densecolorize, multimodal (spoken and handwritten digits from",
                "../shared/data; --epochs sets its joint training)."})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXAMPLE", description = "Which example to train.")
    String example;

    @Mixin
    DataOptions data;

    @Mixin
    TrainingOptions training;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "aestack-out", description = "Where the model goes (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--checkpoint-every", paramLabel = "N",
            description = "Write DIR/EXAMPLE.checkpoint every N epochs and at the end of each phase.")
    Integer checkpointEvery;

    @Option(names = "--resume", paramLabel = "FILE", description = "Continue from a checkpoint (same data and settings).")
    Path resume;

    @Option(names = "--quiet", description = "No progress bar; only the result lines.")
    boolean quiet;

    @Option(names = "--json", description = "Print one JSON line of results instead of text (implies --quiet).")
    boolean json;

    @Option(names = "--ais-runs", defaultValue = "100", description = "Deep Boltzmann machines: AIS runs (default: ${DEFAULT-VALUE}).")
    int aisRuns;

    @Option(names = "--ais-temperatures", defaultValue = "1000",
            description = "Deep Boltzmann machines: AIS inverse temperatures for the quick estimate after training; eval takes more"
                    + " (default: ${DEFAULT-VALUE}).")
    int aisTemperatures;

    @Override
    public Integer call() throws Exception {
        if (Colorization.handles(example)) {
            return trainColorizer();
        }
        if (MultimodalExample.handles(example)) {
            return MultimodalExample.train(data, training.pretrainEpochs, training.epochs, training.seed, quiet || json ? Progress.silent() : Progress.console(),
                    out, checkpointEvery, resume, json ? new java.io.PrintWriter(java.io.Writer.nullWriter()) : spec.commandLine().getOut(),
                    json ? spec.commandLine().getOut() : null);
        }
        Example chosen = Example.named(example);
        training.check();
        FashionMnist.Source source = data.source();
        DataSet train = source.train();
        DataSet test = source.test();
        var w = json ? new java.io.PrintWriter(java.io.Writer.nullWriter()) : spec.commandLine().getOut();
        w.printf(Locale.ROOT, "training %s: %s%ndata: %s (%,d train, %,d test images)%n", chosen.id(),
                chosen.description(), source.description(), train.rows(), test.rows());
        long start = System.nanoTime();
        Example.Settings settings = training.settings(quiet || json ? Progress.silent() : Progress.console());
        settings.binarization = data.binarize;
        if (checkpointEvery != null) {
            if (checkpointEvery < 1) {
                throw new IllegalArgumentException("--checkpoint-every must be at least 1, not " + checkpointEvery);
            }
            settings.checkpoint = out.resolve(chosen.id() + ".checkpoint");
            settings.checkpointEvery = checkpointEvery;
        }
        if (resume != null && !java.nio.file.Files.exists(resume)) {
            throw new IllegalArgumentException("no checkpoint at " + resume);
        }
        settings.resume = resume;
        AutoencoderModel model = chosen.train(train, settings);
        double seconds = (System.nanoTime() - start) / 1e9;
        Path file = chosen.file(out);
        model.save(file);
        DataSet scored = chosen.binary() ? data.binarize.test(test) : test;
        double error = model.reconstructionError(scored);
        w.printf(Locale.ROOT, "trained in %.1f s; test cross-entropy per image %.2f%nsaved %s%n", seconds, error, file);
        var line = new org.aestack.runtime.io.JsonLine().put("command", "train")
                .put("example", chosen.id()).put("seconds", seconds).put("test_loss", error)
                .put("train_rows", train.rows()).put("model", file.toString()).put("data", source.description());
        if (model instanceof BoltzmannMachineModel dbm) {
            LikelihoodReport report = LikelihoodReport.of(dbm, data.binarize.train(train), scored,
                    new LikelihoodReport.Settings(aisRuns, aisTemperatures, false, 0, 1), data.binarize, source.description());
            report.print(w, "mean-field lower bound");
            report.into(line);
        }
        w.flush();
        if (json) {
            spec.commandLine().getOut().println(line);
        }
        return 0;
    }

    /** {@code train colorize|densecolorize}: on CIFAR-10's photos, pairs of their luminance and chroma. */
    private int trainColorizer() throws Exception {
        if (training.epochs != null && training.epochs < 1) {
            throw new IllegalArgumentException("--epochs must be at least 1");
        }
        Colorization.Data source = Colorization.load(data);
        var w = json ? new java.io.PrintWriter(java.io.Writer.nullWriter()) : spec.commandLine().getOut();
        String name = example.toLowerCase(Locale.ROOT);
        w.printf(Locale.ROOT, "training %s: predicts the chroma (Cb, Cr) of 32x32 photos from their luminance%ndata: %s"
                + " (%,d train, %,d test photos)%n", name, source.description(), source.train().rows(), source.test().rows());
        long start = System.nanoTime();
        AutoencoderModel model = Colorization.train(name, source.train(), training.epochs, training.seed,
                quiet || json ? Progress.silent() : Progress.console());
        double seconds = (System.nanoTime() - start) / 1e9;
        java.nio.file.Files.createDirectories(out);
        Path file = Colorization.file(out, name);
        model.save(file);
        double error = model.reconstructionError(Colorization.pairs(source.test()));
        w.printf(Locale.ROOT, "trained in %.1f s; test chroma squared error per photo %.3f%nsaved %s%n", seconds, error, file);
        w.flush();
        if (json) {
            spec.commandLine().getOut().println(new org.aestack.runtime.io.JsonLine().put("command", "train").put("example", name)
                    .put("seconds", seconds).put("test_loss", error).put("train_rows", source.train().rows())
                    .put("model", file.toString()).put("data", source.description()));
        }
        return 0;
    }
}
