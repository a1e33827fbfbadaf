package org.aestack.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.aestack.dsl.Optimizer;
import org.aestack.examples.FashionAeModel;
import org.aestack.examples.FashionDbmModel;
import org.aestack.examples.FashionRbmAeModel;
import org.aestack.examples.FashionRbmAeTrainer;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.data.FashionMnist;
import org.aestack.runtime.kernel.Rng;
import org.aestack.runtime.engine.DbmClassifier;
import org.aestack.runtime.train.Progress;
import org.aestack.runtime.train.TrainingConfig;
import org.aestack.runtime.train.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The lecture's "pretrain on everything, fine-tune on few labels": the RBM-pretrained (and
 * autoencoder-fine-tuned) FashionRbmAe encoder with its softmax head, trained on a few labeled
 * images, against the same network trained from scratch on the same labels.
 */
@Command(name = "few-labels", mixinStandardHelpOptions = true,
        description = {"Pretrains FashionRbmAe on all training images without their labels (or loads DIR/rbm.safetensors",
                "from './aestack train rbm'), then trains its softmax head and encoder on a few labeled images (an equal",
                "number per class) and prints test accuracy next to the same network trained from scratch on the same labels."})
final class FewLabelsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--labels", split = ",", defaultValue = "100,1000",
            description = "Labeled training images, comma-separated (default: ${DEFAULT-VALUE}).")
    int[] labels;

    @Option(names = "--repeats", defaultValue = "3", description = "Draws of the labeled images for each count (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--epochs", description = "Supervised epochs (default: the declaration's, 60).")
    Integer epochs;

    @Option(names = "--pretrain-epochs", description = "When pretraining here: RBM epochs per layer (default: 5).")
    Integer pretrainEpochs;

    @Option(names = "--fine-tune-epochs", description = "When pretraining here: autoencoder fine-tuning epochs (default: 10).")
    Integer fineTuneEpochs;

    @Option(names = "--retrain", description = "Pretrain even if DIR/rbm.safetensors exists.")
    boolean retrain;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "aestack-out", description = "Where the pretrained model is kept (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--quiet", description = "No progress bar; only the result lines.")
    boolean quiet;

    @Option(names = "--model", defaultValue = "rbm", description = {"rbm: the RBM-pretrained autoencoder FashionRbmAe (default);",
            "dbm: the deep Boltzmann machine of './aestack train dbm', its classifier against the same net from random initialization."})
    String model;

    @Override
    public Integer call() throws Exception {
        if (repeats < 1) {
            throw new IllegalArgumentException("--repeats must be at least 1, not " + repeats);
        }
        PrintWriter w = spec.commandLine().getOut();
        FashionMnist.Source source = data.source();
        DataSet train = source.train();
        DataSet test = source.test();
        if (!train.hasLabels() || !test.hasLabels()) {
            throw new IllegalArgumentException("the few-labels experiment needs labeled data");
        }
        for (int n : labels) {
            if (n < FashionMnist.CLASSES.length || n > train.rows()) {
                throw new IllegalArgumentException("--labels must lie in 10.." + train.rows() + ", not " + n);
            }
        }
        TrainingListener listener = quiet ? Progress.silent() : Progress.console();
        w.println("data: " + source.description() + String.format(Locale.ROOT, " (%,d train, %,d test images)", train.rows(), test.rows()));
        if (model.equals("dbm")) {
            w.println("binarized: " + data.binarize.description());
            return boltzmann(w, data.binarize.train(train), data.binarize.test(test));
        } else if (!model.equals("rbm")) {
            throw new IllegalArgumentException("--model is rbm or dbm, not " + model);
        }
        Path pretrained = Example.RBM.file(out);
        if (retrain || !Files.exists(pretrained)) {
            w.println("pretraining on " + String.format(Locale.ROOT, "%,d", train.rows()) + " training images, labels unused");
            w.flush();
            FashionRbmAeModel model = FashionRbmAeModel.initialize(seed);
            FashionRbmAeTrainer.Builder builder = FashionRbmAeTrainer.builder(model).seed(seed).listener(listener);
            if (pretrainEpochs != null) {
                builder.pretrain(c -> c.epochs(pretrainEpochs));
            }
            if (fineTuneEpochs != null) {
                builder.fineTune(c -> c.epochs(fineTuneEpochs));
            }
            builder.build().fit(DataSet.of(train.toArray(), train.rows(), train.cols()));
            Files.createDirectories(out);
            model.save(pretrained);
        } else {
            w.println("pretrained encoder: " + pretrained);
        }
        w.println(String.format(Locale.ROOT, "test accuracy on %,d images (mean ± sd over %d draws of the labeled images):",
                test.rows(), repeats));
        w.println(String.format(Locale.ROOT, "  %8s  %-22s %-22s", "labels", "pretrained encoder", "from scratch"));
        w.flush();
        for (int n : labels) {
            double[] withPretraining = new double[repeats];
            double[] fromScratch = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                DataSet labeled = balanced(train, n, new Rng(seed + 1000L * r + n));
                FashionRbmAeModel model = FashionRbmAeModel.load(pretrained);
                supervise(model, labeled, seed + r, listener);
                withPretraining[r] = model.accuracy(test);
                FashionRbmAeModel scratch = scratch(seed + r);
                supervise(scratch, labeled, seed + r, listener);
                fromScratch[r] = scratch.accuracy(test);
            }
            w.println(String.format(Locale.ROOT, "  %8d  %-22s %-22s", n, meanSd(withPretraining), meanSd(fromScratch)));
            w.flush();
        }
        return 0;
    }

    /**
     * The deep Boltzmann machine's classifier (Salakhutdinov and Hinton 2009: the first layer hears the
     * image and the second layer's mean-field posterior) fine-tuned on the labeled binarized images,
     * against the same net from random initialization on the same labels.
     */
    private int boltzmann(PrintWriter w, DataSet train, DataSet test) throws Exception {
        FashionDbmModel dbm = (FashionDbmModel) Example.DBM.loadTrained(out);
        int[] sizes = {FashionDbmModel.INPUT, FashionDbmModel.FEATURES, FashionDbmModel.TOP};
        TrainingConfig config = TrainingConfig.builder().epochs(epochs != null ? epochs : 30).batchSize(50)
                .optimizer(Optimizer.ADAM).learningRate(1e-3).build();
        w.println("deep Boltzmann machine: " + Example.DBM.file(out) + "; classifiers trained " + config);
        w.println(String.format(Locale.ROOT, "test accuracy on %,d images (mean ± sd over %d draws of the labeled images):",
                test.rows(), repeats));
        w.println(String.format(Locale.ROOT, "  %8s  %-22s %-22s", "labels", "DBM-initialized", "random initialization"));
        w.flush();
        for (int n : labels) {
            double[] fromDbm = new double[repeats];
            double[] fromRandom = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                DataSet labeled = balanced(train, n, new Rng(seed + 1000L * r + n));
                DbmClassifier started = dbm.classifier(FashionMnist.CLASSES.length, seed + r);
                started.fit(labeled, config, seed + r);
                fromDbm[r] = started.accuracy(test);
                DbmClassifier random = DbmClassifier.random(sizes, FashionMnist.CLASSES.length, FashionDbmModel.MEAN_FIELD_ITERATIONS,
                        seed + r);
                random.fit(labeled, config, seed + r);
                fromRandom[r] = random.accuracy(test);
            }
            w.println(String.format(Locale.ROOT, "  %8d  %-22s %-22s", n, meanSd(fromDbm), meanSd(fromRandom)));
            w.flush();
        }
        return 0;
    }

    private void supervise(FashionRbmAeModel model, DataSet labeled, long runSeed, TrainingListener listener) {
        FashionRbmAeTrainer.Builder builder = FashionRbmAeTrainer.builder(model).seed(runSeed).listener(listener);
        if (epochs != null) {
            builder.supervised(c -> c.epochs(epochs));
        }
        builder.build().supervise(labeled);
    }

    /**
     * The same network with PyTorch's default initialization (uniform in ±1/√fan-in) everywhere, as
     * {@link FashionAeModel#initialize} draws it: the generated RBM layers start at N(0, 0.01²), which
     * suits contrastive divergence but not backpropagation from scratch.
     */
    static FashionRbmAeModel scratch(long seed) {
        FashionRbmAeModel model = FashionRbmAeModel.initialize(seed);
        Map<String, float[]> target = model.parameters();
        for (Map.Entry<String, float[]> e : FashionAeModel.initialize(seed).parameters().entrySet()) {
            System.arraycopy(e.getValue(), 0, target.get(e.getKey()), 0, e.getValue().length);
        }
        return model;
    }

    /** {@code n} labeled rows, {@code n / classes} of each class (the remainder to the first classes), drawn at random. */
    static DataSet balanced(DataSet data, int n, Rng rng) {
        int classes = data.classes();
        List<List<Integer>> byClass = new ArrayList<>();
        for (int k = 0; k < classes; k++) {
            byClass.add(new ArrayList<>());
        }
        for (int r = 0; r < data.rows(); r++) {
            byClass.get(data.label(r)).add(r);
        }
        int[] chosen = new int[n];
        int next = 0;
        for (int k = 0; k < classes; k++) {
            List<Integer> rows = byClass.get(k);
            int take = n / classes + (k < n % classes ? 1 : 0);
            if (take > rows.size()) {
                throw new IllegalArgumentException("class " + k + " has only " + rows.size() + " images, not " + take);
            }
            int[] order = rows.stream().mapToInt(Integer::intValue).toArray();
            rng.shuffle(order);
            System.arraycopy(order, 0, chosen, next, take);
            next += take;
        }
        return data.select(chosen);
    }

    private static String meanSd(double[] x) {
        double mean = 0;
        for (double v : x) {
            mean += v / x.length;
        }
        double var = 0;
        for (double v : x) {
            var += (v - mean) * (v - mean);
        }
        double sd = x.length > 1 ? Math.sqrt(var / (x.length - 1)) : 0;
        return String.format(Locale.ROOT, "%.2f%% ± %.2f", 100 * mean, 100 * sd);
    }
}
