package org.aestack.runtime.engine;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.kernel.KernelOps;
import org.aestack.runtime.kernel.Kernels;
import org.aestack.runtime.kernel.Rng;
import org.aestack.runtime.train.EpochRecord;
import org.aestack.runtime.train.Phase;
import org.aestack.runtime.train.PhaseRunner;
import org.aestack.runtime.train.TrainerOptions;
import org.aestack.runtime.train.TrainingConfig;
import org.aestack.runtime.train.TrainingListener;

/**
 * A deep Boltzmann machine turned into a feed-forward classifier and fine-tuned by backpropagation,
 * the discriminative fine-tuning of Salakhutdinov and Hinton (2009, section 4). For a DBM with layers
 * {@code sizes = {v, h¹, …, hᴸ}} (L ≥ 2) each input row v is first given its mean-field posterior
 * q(h²|v) under the DBM, computed once and then held fixed: the "augmented input". The net is
 * a¹ = σ(W₁v + U q² + b₁), aˡ = σ(Wₗaˡ⁻¹ + bₗ) for l = 2 … L, and a softmax head z = V aᴸ + c, trained
 * on the cross-entropy of the labels. U ({@code sizes[1] × sizes[2]}) starts as W₂ᵀ, the top-down
 * weights into h¹ that the DBM's posterior of h¹ sums over; the other weights and biases start as the
 * DBM's, the head at small random values. Every parameter is trained; the DBM whose posterior makes
 * the augmented input is a frozen copy of the starting parameters.
 *
 * <p>Weights are {@code out × in}, row-major (PyTorch's layout), as in {@link DeepBoltzmann}:
 * {@code "w1"} maps v to h¹, {@code "u"} h² to h¹, {@code "w2"} … {@code "wL"} h<sup>l−1</sup> to hˡ,
 * {@code "head.weight"} hᴸ to the classes. Prediction allocates its own scratch and may run on
 * several threads at once, but not while {@link #fit} runs.
 */
public final class DbmClassifier {
    /** The rows of one mean-field or prediction chunk. */
    private static final int CHUNK = 256;
    private static final double TOLERANCE = 1e-5;

    private final int[] sizes;
    private final int layers;
    private final int classes;
    private final int meanFieldIterations;
    private final KernelOps ops = Kernels.ops();
    /** The DBM whose mean-field posterior q(h²|v) is the augmented input; never trained. */
    private final float[][] dbmWeights;
    private final float[][] dbmBiases;
    /** weights[l] is W_{l+1} ({@code sizes[l+1] × sizes[l]}), biases[l] is bₗ (biases[0] unused). */
    private final float[][] weights;
    private final float[][] biases;
    private final float[] u;
    private final float[] headWeight;
    private final float[] headBias;
    private final float[][] weightGrads;
    private final float[][] biasGrads;
    private final float[] uGrad;
    private final float[] headWeightGrad;
    private final float[] headBiasGrad;
    private final Map<String, float[]> parameters = new LinkedHashMap<>();
    private final Map<String, float[]> gradients = new LinkedHashMap<>();
    /** {@link #gradient}'s scratch, mean-field and posteriors, made for the largest batch it has seen. */
    private Scratch batch;
    private DeepBoltzmann batchMeanField;
    private float[][] batchMu;

    /** A classifier over these arrays, live: the frozen DBM's, and the net's own, which training changes. */
    private DbmClassifier(int[] sizes, float[][] dbmWeights, float[][] dbmBiases, float[][] weights, float[][] biases,
            float[] u, float[] headWeight, float[] headBias, int classes, int meanFieldIterations) {
        this.sizes = sizes.clone();
        this.layers = sizes.length - 1;
        this.classes = classes;
        this.meanFieldIterations = meanFieldIterations;
        this.dbmWeights = dbmWeights;
        this.dbmBiases = dbmBiases;
        this.weights = weights;
        this.biases = biases;
        this.weightGrads = new float[layers][];
        this.biasGrads = new float[sizes.length][];
        for (int l = 0; l < layers; l++) {
            weightGrads[l] = new float[weights[l].length];
        }
        for (int l = 1; l < sizes.length; l++) {
            biasGrads[l] = new float[sizes[l]];
        }
        this.u = u;
        this.uGrad = new float[u.length];
        this.headWeight = headWeight;
        this.headBias = headBias;
        this.headWeightGrad = new float[headWeight.length];
        this.headBiasGrad = new float[classes];
        for (int l = 1; l <= layers; l++) {
            parameters.put("w" + l, this.weights[l - 1]);
            gradients.put("w" + l, weightGrads[l - 1]);
            if (l == 1) {
                parameters.put("u", u);
                gradients.put("u", uGrad);
            }
            parameters.put("b" + l, this.biases[l]);
            gradients.put("b" + l, biasGrads[l]);
        }
        parameters.put("head.weight", headWeight);
        parameters.put("head.bias", headBias);
        gradients.put("head.weight", headWeightGrad);
        gradients.put("head.bias", headBiasGrad);
    }

    /** A classifier of its own: copies of the DBM's weights and biases, both as the frozen DBM and as the net's start. */
    private static DbmClassifier copying(int[] sizes, float[][] weights, float[][] biases, float[] u, int classes,
            int meanFieldIterations) {
        int layers = sizes.length - 1;
        float[][] dbmWeights = new float[layers][];
        float[][] netWeights = new float[layers][];
        float[][] dbmBiases = new float[sizes.length][];
        float[][] netBiases = new float[sizes.length][];
        for (int l = 0; l < layers; l++) {
            dbmWeights[l] = weights[l].clone();
            netWeights[l] = weights[l].clone();
        }
        for (int l = 1; l < sizes.length; l++) {
            dbmBiases[l] = biases[l].clone();
            netBiases[l] = biases[l].clone();
        }
        dbmBiases[0] = new float[sizes[0]]; // not read by mean-field
        return new DbmClassifier(sizes, dbmWeights, dbmBiases, netWeights, netBiases, u, new float[classes * sizes[layers]],
                new float[classes], classes, meanFieldIterations);
    }

    /**
     * A classifier over a model's arrays, live, as a generated DBM model with {@code @Supervised} keeps
     * them: the DBM's own weights and biases give the augmented input and are never changed here; the
     * net's ({@code weights}, {@code biases} with {@code biases[0]} unused, {@code u}, the head) are
     * what {@link #startFromDbm} sets and training changes.
     *
     * @throws IllegalArgumentException if the shapes disagree
     */
    public static DbmClassifier over(int[] sizes, float[][] dbmWeights, float[][] dbmBiases, float[][] weights,
            float[][] biases, float[] u, float[] headWeight, float[] headBias, int classes, int meanFieldIterations) {
        checkShapes(sizes, dbmWeights, dbmBiases, classes, meanFieldIterations);
        checkShapes(sizes, weights, biases, classes, meanFieldIterations);
        if (u.length != sizes[1] * sizes[2] || headWeight.length != classes * sizes[sizes.length - 1]
                || headBias.length != classes) {
            throw new IllegalArgumentException("U should be " + sizes[1] + " x " + sizes[2] + " and the head " + classes
                    + " x " + sizes[sizes.length - 1] + " with " + classes + " biases");
        }
        return new DbmClassifier(sizes, dbmWeights, dbmBiases, weights, biases, u, headWeight, headBias, classes,
                meanFieldIterations);
    }

    /**
     * Starts the net from the DBM, as {@link #fromDbm} does: its weights and hidden biases copied,
     * U = W₂ᵀ, the head's weights from N(0, 0.01²) drawn from {@code rng} and its biases zero.
     */
    public void startFromDbm(Rng rng) {
        for (int l = 0; l < layers; l++) {
            System.arraycopy(dbmWeights[l], 0, weights[l], 0, weights[l].length);
        }
        for (int l = 1; l < sizes.length; l++) {
            System.arraycopy(dbmBiases[l], 0, biases[l], 0, sizes[l]);
        }
        transpose(dbmWeights[1], sizes[2], sizes[1], u);
        rng.fillGaussian(headWeight, headWeight.length, 0f, 0.01f);
        Arrays.fill(headBias, 0f);
    }

    /**
     * The classifier of a trained DBM: copies its weights and hidden biases (the visible biases are
     * not used), sets U to W₂ᵀ and draws the head's weights from N(0, 0.01²); the augmented input is
     * q(h²|v) after at most {@code meanFieldIterations} mean-field sweeps (fewer when no posterior
     * moves by more than 1e-5), under this DBM as it is now.
     *
     * @param sizes the units of each layer, visible first; at least two hidden layers
     * @param weights Wₗ ({@code sizes[l+1] × sizes[l]}) for l = 0 … L − 1
     * @param biases one vector per layer; {@code biases[0]} (the visible) may be null
     * @param seed draws the head's weights
     * @throws IllegalArgumentException if the shapes disagree, there are fewer than two classes or
     *     no mean-field sweeps
     */
    public static DbmClassifier fromDbm(int[] sizes, float[][] weights, float[][] biases, int classes,
            int meanFieldIterations, long seed) {
        checkShapes(sizes, weights, biases, classes, meanFieldIterations);
        DbmClassifier c = copying(sizes, weights, biases, new float[sizes[1] * sizes[2]], classes, meanFieldIterations);
        c.startFromDbm(new Rng(seed));
        return c;
    }

    /**
     * The same architecture without pretraining, the baseline for {@link #fromDbm}: every Wₗ and U
     * Glorot-uniform, biases zero, the head as in {@link #fromDbm}, and the augmented input the
     * mean-field q(h²|v) of the DBM with these random weights and zero biases, so the two nets differ
     * only in where their parameters start.
     *
     * @throws IllegalArgumentException if a layer is empty, there are fewer than two hidden layers or
     *     two classes, or no mean-field sweeps
     */
    public static DbmClassifier random(int[] sizes, int classes, int meanFieldIterations, long seed) {
        checkSizes(sizes, classes, meanFieldIterations);
        Rng rng = new Rng(seed);
        float[][] weights = new float[sizes.length - 1][];
        float[][] biases = new float[sizes.length][];
        for (int l = 0; l < weights.length; l++) {
            weights[l] = glorot(sizes[l + 1], sizes[l], rng.split());
        }
        for (int l = 0; l < sizes.length; l++) {
            biases[l] = new float[sizes[l]];
        }
        float[] u = glorot(sizes[1], sizes[2], rng.split());
        DbmClassifier c = copying(sizes, weights, biases, u, classes, meanFieldIterations);
        rng.split().fillGaussian(c.headWeight, c.headWeight.length, 0f, 0.01f);
        return c;
    }

    /** A {@code rows × cols} matrix uniform in ±√(6 / (rows + cols)) (Glorot and Bengio 2010). */
    private static float[] glorot(int rows, int cols, Rng rng) {
        float[] w = new float[rows * cols];
        float limit = (float) Math.sqrt(6.0 / (rows + cols));
        rng.fillUniform(w, w.length, -limit, limit);
        return w;
    }

    private static void checkSizes(int[] sizes, int classes, int meanFieldIterations) {
        if (sizes == null || sizes.length < 3) {
            throw new IllegalArgumentException("a deep Boltzmann machine has a visible layer and at least two hidden layers, not "
                    + Arrays.toString(sizes));
        }
        for (int l = 0; l < sizes.length; l++) {
            if (sizes[l] < 1) {
                throw new IllegalArgumentException("layer " + l + " has " + sizes[l] + " units; every layer needs at least one");
            }
        }
        if (classes < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, not " + classes);
        }
        if (meanFieldIterations < 1) {
            throw new IllegalArgumentException("mean-field needs at least one sweep, not " + meanFieldIterations);
        }
    }

    private static void checkShapes(int[] sizes, float[][] weights, float[][] biases, int classes,
            int meanFieldIterations) {
        checkSizes(sizes, classes, meanFieldIterations);
        int layers = sizes.length - 1;
        if (weights == null || weights.length != layers) {
            throw new IllegalArgumentException("sizes " + Arrays.toString(sizes) + " need " + layers + " weight matrices, not "
                    + (weights == null ? "none" : weights.length));
        }
        if (biases == null || biases.length != sizes.length) {
            throw new IllegalArgumentException("sizes " + Arrays.toString(sizes) + " need " + sizes.length + " bias vectors, not "
                    + (biases == null ? "none" : biases.length));
        }
        for (int l = 0; l < layers; l++) {
            long expected = (long) sizes[l + 1] * sizes[l];
            if (weights[l] == null || weights[l].length != expected) {
                throw new IllegalArgumentException("weights " + l + " should be " + sizes[l + 1] + " x " + sizes[l] + " = "
                        + expected + " values, not " + (weights[l] == null ? "null" : weights[l].length));
            }
        }
        for (int l = 0; l < sizes.length; l++) {
            if (l == 0 && biases[0] == null) {
                continue;
            }
            if (biases[l] == null || biases[l].length != sizes[l]) {
                throw new IllegalArgumentException("biases " + l + " should have " + sizes[l] + " values, not "
                        + (biases[l] == null ? "null" : biases[l].length));
            }
        }
    }

    /** {@code to = fromᵀ}, for a {@code rows × cols} matrix. */
    private static void transpose(float[] from, int rows, int cols, float[] to) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                to[c * rows + r] = from[r * cols + c];
            }
        }
    }

    /** The units of each layer, visible first (a copy). */
    public int[] sizes() {
        return sizes.clone();
    }

    /** The number of classes. */
    public int classes() {
        return classes;
    }

    /**
     * Fine-tunes every parameter by backpropagation of the mean cross-entropy over mini-batches:
     * the config's epochs, batch size, optimizer (fresh optimizer state each call) and learning rate,
     * moved each epoch by its schedule ({@link TrainingConfig#learningRate(int)}); the weight decay is
     * not applied, as in the runtime's other backpropagation phases. The augmented inputs of all rows
     * are computed first, and the batches are shuffled each epoch from {@code seed}.
     *
     * @return the mean training loss (cross-entropy per row, in nats) of each epoch, as it trained
     * @throws IllegalArgumentException if the data's width is not {@code sizes[0]}, it has no labels,
     *     a label is outside [0, classes) or the data declares another number of classes
     * @throws org.aestack.runtime.train.TrainingDivergedException if the loss stops being finite; the parameters are those of
     *     the last finished epoch
     */
    public double[] fit(DataSet labeled, TrainingConfig config, long seed) {
        return fit(labeled, config, seed, List.of());
    }

    /**
     * As {@link #fit(DataSet, TrainingConfig, long)}, with {@code listeners} hearing the phase, its
     * batches and epochs, as a generated trainer's listeners do: the epochs run on the runtime's
     * {@link PhaseRunner}, like every trainer's.
     */
    public double[] fit(DataSet labeled, TrainingConfig config, long seed, List<TrainingListener> listeners) {
        checkLabeled(labeled);
        int rows = labeled.rows();
        if (rows == 0 || config.epochs() == 0) {
            return new double[config.epochs()];
        }
        // Each row's input and augmented input side by side, so one shuffle moves both.
        int visible = sizes[0];
        int augmented = sizes[2];
        int width = visible + augmented;
        float[] q2 = augmentedInput(labeled);
        float[] joined = new float[rows * width];
        for (int r = 0; r < rows; r++) {
            labeled.copyRow(r, joined, r * width);
            System.arraycopy(q2, r * augmented, joined, r * width + visible, augmented);
        }
        DataSet both = new DataSet(joined, rows, width, labeled.labels(), labeled.classes());
        int capacity = Math.min(config.batchSize(), rows);
        Scratch s = new Scratch(capacity);
        float[] batch = new float[capacity * width];
        TrainerOptions options = new TrainerOptions();
        options.seed(seed);
        listeners.forEach(options::listener);
        Map<String, int[]> shapes = new LinkedHashMap<>();
        parameters.forEach((name, p) -> shapes.put(name, new int[] {p.length}));
        PhaseRunner runner = PhaseRunner.builder(options, "DbmClassifier")
                .settings("fine-tune: " + config)
                .input(batch)
                .tensors(this::parameters, () -> shapes)
                .build();
        Phase.Builder phase = Phase.of(0, "DBM fine-tuning", config, n -> {
            for (int r = 0; r < n; r++) {
                System.arraycopy(batch, r * width, s.v, r * visible, visible);
                System.arraycopy(batch, r * width + visible, s.q2, r * augmented, augmented);
            }
            return backpropagate(s, n);
        }).labels(s.labels);
        for (String name : parameters.keySet()) {
            phase.trains(name, parameters.get(name), gradients.get(name));
        }
        runner.run(phase.build(), both);
        return runner.history().stream().mapToDouble(EpochRecord::meanLoss).toArray();
    }

    /**
     * The class probabilities of each row, {@code rows × classes}: the augmented input by
     * mean-field, then the net. Allocates its own scratch, so it is safe on several threads.
     *
     * @throws IllegalArgumentException if the data's width is not {@code sizes[0]}
     */
    public float[] classProbabilities(DataSet data) {
        checkWidth(data);
        int rows = data.rows();
        float[] out = new float[rows * classes];
        if (rows == 0) {
            return out;
        }
        float[] q2 = augmentedInput(data);
        Scratch s = new Scratch(Math.min(CHUNK, rows));
        for (int from = 0; from < rows; from += CHUNK) {
            int n = Math.min(CHUNK, rows - from);
            data.copyRows(from, n, s.v);
            System.arraycopy(q2, from * sizes[2], s.q2, 0, n * sizes[2]);
            forward(s, n);
            Softmax.probabilities(s.logits, n, classes);
            System.arraycopy(s.logits, 0, out, from * classes, n * classes);
        }
        return out;
    }

    /** The most probable class of each row. @throws IllegalArgumentException as {@link #classProbabilities} */
    public int[] classify(DataSet data) {
        return Softmax.argmax(classProbabilities(data), data.rows(), classes);
    }

    /**
     * The fraction of rows classified as labelled.
     *
     * @throws IllegalArgumentException as {@link #fit}, or if there are no rows
     */
    public double accuracy(DataSet labeled) {
        checkLabeled(labeled);
        if (labeled.rows() == 0) {
            throw new IllegalArgumentException("accuracy needs at least one row");
        }
        int[] predicted = classify(labeled);
        int right = 0;
        for (int r = 0; r < predicted.length; r++) {
            if (predicted[r] == labeled.label(r)) {
                right++;
            }
        }
        return (double) right / predicted.length;
    }

    /**
     * The mean cross-entropy of a labeled batch and, in {@link #gradients()}, its gradient with
     * respect to every parameter; the parameters are not changed. For diagnostics such as gradient
     * checks: the augmented input is computed afresh from the frozen DBM, so it does not depend on
     * the parameters being checked, as in training.
     *
     * @throws IllegalArgumentException as {@link #fit}, or if the batch has no rows
     */
    public double computeGradients(DataSet labeledBatch) {
        checkLabeled(labeledBatch);
        int rows = labeledBatch.rows();
        if (rows == 0) {
            throw new IllegalArgumentException("a batch needs at least one row");
        }
        Scratch s = new Scratch(rows);
        labeledBatch.copyRows(0, rows, s.v);
        System.arraycopy(augmentedInput(labeledBatch), 0, s.q2, 0, rows * sizes[2]);
        for (int r = 0; r < rows; r++) {
            s.labels[r] = labeledBatch.label(r);
        }
        return backpropagate(s, rows) / rows;
    }

    /**
     * One training step's loss and gradients, for a generated trainer's phase: the batch's summed
     * cross-entropy of {@code rows} rows of {@code v} (the inputs, row-major) with {@code labels},
     * the augmented input computed from the frozen DBM for these rows; the gradients of the mean
     * go to {@link #gradients()}. Scratch for the largest batch is made on the first call with it,
     * so steps allocate nothing after that.
     */
    public double gradient(float[] v, int[] labels, int rows) {
        if (batch == null || batch.capacity < rows) {
            batch = new Scratch(rows);
            batchMeanField = new DeepBoltzmann(sizes, rows, 1, 1, meanFieldIterations, TOLERANCE);
            batchMu = new float[sizes.length][];
            for (int l = 1; l < sizes.length; l++) {
                batchMu[l] = new float[rows * sizes[l]];
            }
        }
        System.arraycopy(v, 0, batch.v, 0, rows * sizes[0]);
        System.arraycopy(labels, 0, batch.labels, 0, rows);
        batchMeanField.meanField(batch.v, rows, dbmWeights, dbmBiases, batchMu);
        System.arraycopy(batchMu[2], 0, batch.q2, 0, rows * sizes[2]);
        return backpropagate(batch, rows);
    }

    /**
     * Every parameter by name, in order {@code w1, u, b1, w2, b2, …, wL, bL, head.weight,
     * head.bias}; live arrays, so a caller may read, save or perturb them.
     */
    public Map<String, float[]> parameters() {
        return Collections.unmodifiableMap(parameters);
    }

    /** The gradient buffers of the last {@link #computeGradients} or training batch, by the names of {@link #parameters()}; live. */
    public Map<String, float[]> gradients() {
        return Collections.unmodifiableMap(gradients);
    }

    /** The mean-field q(h²|v) of every row under the frozen DBM, {@code rows × sizes[2]}. */
    private float[] augmentedInput(DataSet data) {
        int rows = data.rows();
        int chunk = Math.max(1, Math.min(CHUNK, rows));
        DeepBoltzmann dbm = new DeepBoltzmann(sizes, chunk, 1, 1, meanFieldIterations, TOLERANCE);
        float[][] mu = new float[sizes.length][];
        for (int l = 1; l < sizes.length; l++) {
            mu[l] = new float[chunk * sizes[l]];
        }
        float[] v = new float[chunk * sizes[0]];
        float[] q2 = new float[rows * sizes[2]];
        for (int from = 0; from < rows; from += chunk) {
            int n = Math.min(chunk, rows - from);
            data.copyRows(from, n, v);
            dbm.meanField(v, n, dbmWeights, dbmBiases, mu);
            System.arraycopy(mu[2], 0, q2, from * sizes[2], n * sizes[2]);
        }
        return q2;
    }

    /** The activations and their gradients for up to {@code capacity} rows. */
    private final class Scratch {
        final int capacity;
        final float[] v;
        final float[] q2;
        final int[] labels;
        final float[][] a;
        final float[][] delta;
        final float[] logits;
        final float[] logitGrad;

        Scratch(int capacity) {
            this.capacity = capacity;
            v = new float[capacity * sizes[0]];
            q2 = new float[capacity * sizes[2]];
            labels = new int[capacity];
            a = new float[sizes.length][];
            delta = new float[sizes.length][];
            for (int l = 1; l < sizes.length; l++) {
                a[l] = new float[capacity * sizes[l]];
                delta[l] = new float[capacity * sizes[l]];
            }
            logits = new float[capacity * classes];
            logitGrad = new float[capacity * classes];
        }
    }

    /** The net on the rows of {@code s.v} and {@code s.q2}: activations into {@code s.a}, logits into {@code s.logits}. */
    private void forward(Scratch s, int rows) {
        ops.gemmNT(rows, sizes[1], sizes[0], 1f, s.v, sizes[0], weights[0], sizes[0], 0f, s.a[1], sizes[1]);
        ops.gemmNT(rows, sizes[1], sizes[2], 1f, s.q2, sizes[2], u, sizes[2], 1f, s.a[1], sizes[1]);
        ops.sigmoidWithBias(s.a[1], biases[1], rows, sizes[1]);
        for (int l = 2; l <= layers; l++) {
            ops.gemmNT(rows, sizes[l], sizes[l - 1], 1f, s.a[l - 1], sizes[l - 1], weights[l - 1], sizes[l - 1], 0f,
                    s.a[l], sizes[l]);
            ops.sigmoidWithBias(s.a[l], biases[l], rows, sizes[l]);
        }
        ops.gemmNT(rows, classes, sizes[layers], 1f, s.a[layers], sizes[layers], headWeight, sizes[layers], 0f,
                s.logits, classes);
        ops.addBias(s.logits, headBias, rows, classes);
    }

    /** Forward, then backward: returns the batch's summed cross-entropy and fills every gradient with that of the mean. */
    private double backpropagate(Scratch s, int rows) {
        forward(s, rows);
        int top = sizes[layers];
        // Softmax cross-entropy: the gradient at the logits is (p − onehot(label)) / rows.
        double loss = Softmax.crossEntropyWithGradient(s.logits, s.labels, rows, classes, s.logitGrad, 1f / rows);
        ops.gemmTN(classes, top, rows, 1f, s.logitGrad, classes, s.a[layers], top, 0f, headWeightGrad, top);
        ops.columnSums(s.logitGrad, rows, classes, headBiasGrad);
        ops.gemmNN(rows, top, classes, 1f, s.logitGrad, classes, headWeight, top, 0f, s.delta[layers], top);
        for (int l = layers; l >= 1; l--) {
            int n = sizes[l];
            int below = sizes[l - 1];
            float[] input = l == 1 ? s.v : s.a[l - 1];
            ops.sigmoidBackward(s.a[l], s.delta[l], rows * n);
            ops.gemmTN(n, below, rows, 1f, s.delta[l], n, input, below, 0f, weightGrads[l - 1], below);
            ops.columnSums(s.delta[l], rows, n, biasGrads[l]);
            if (l > 1) {
                ops.gemmNN(rows, below, n, 1f, s.delta[l], n, weights[l - 1], below, 0f, s.delta[l - 1], below);
            }
        }
        ops.gemmTN(sizes[1], sizes[2], rows, 1f, s.delta[1], sizes[1], s.q2, sizes[2], 0f, uGrad, sizes[2]);
        return loss;
    }

    private void checkWidth(DataSet data) {
        if (data.cols() != sizes[0]) {
            throw new IllegalArgumentException("the DBM classifier takes " + sizes[0] + " inputs, but the data has "
                    + data.cols() + " columns");
        }
    }

    private void checkLabeled(DataSet data) {
        checkWidth(data);
        if (!data.hasLabels()) {
            throw new IllegalArgumentException("the DBM classifier needs labeled data, but there are no labels in " + data);
        }
        for (int r = 0; r < data.rows(); r++) {
            int label = data.label(r);
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("label " + label + " of row " + r + " is outside the classifier's "
                        + classes + " classes (0 to " + (classes - 1) + ")");
            }
        }
        if (data.classes() != classes) {
            throw new IllegalArgumentException("the data has " + data.classes() + " classes, the classifier " + classes);
        }
    }
}
