package org.aestack.runtime.engine;

import java.util.Arrays;
import org.aestack.dsl.UnitType;
import org.aestack.runtime.kernel.KernelOps;
import org.aestack.runtime.kernel.Kernels;
import org.aestack.runtime.kernel.Rng;

/**
 * Inference and joint training of a multimodal deep Boltzmann machine (Srivastava and Salakhutdinov
 * 2012) over a {@link MultimodalShape}, on the runtime's kernels, buffers sized once: mean-field
 * posteriors with any modalities missing, persistent Gibbs chains, and the gradient that puts the
 * two together, as {@link DeepBoltzmann} does for a chain.
 *
 * <p>Energy E = Σ_Gaussian (vᵢ − bᵢ)²/2 − Σ_Bernoulli bᵀh − Σ_edges h_upperᵀ W h_lower: Gaussian
 * visible units have unit variance (standardized data), every other unit is Bernoulli. Weights and
 * biases are indexed by the shape's edges and nodes.
 */
public final class MultimodalBoltzmann {
    private final MultimodalShape shape;
    private final int nodes;
    private final int capacity;
    private final int chainCount;
    private final int sweeps;
    private final int iterations;
    private final float tolerance;
    private final KernelOps ops = Kernels.ops();
    private final float[][] mu;
    private final float[][] previous;
    private final float[][] chains;
    private final float[][] pre;
    private final float[] noise;
    private final float[] sums;
    private final float[] sumsModel;
    private final float[][] dataMeans;
    private final boolean[] informed;
    /** Each node's biases times {@link MultimodalShape#biasScale}, where that is not 1. */
    private final float[][] scaledBias;
    private final double[] cumulative;
    private boolean chainsStarted;
    private float sparsityTarget;
    private float sparsityCost;
    private float damping;
    private float[][] activity;

    /**
     * @param capacity the most rows a batch has
     * @param chains the persistent chains of the model statistics
     * @param sweeps the Gibbs sweeps each chain takes per update
     * @param iterations the most mean-field sweeps per batch
     * @param tolerance mean-field stops when no posterior moves by more than this
     */
    public MultimodalBoltzmann(MultimodalShape shape, int capacity, int chains, int sweeps, int iterations,
            double tolerance) {
        if (capacity < 1 || chains < 1 || sweeps < 1 || iterations < 1) {
            throw new IllegalArgumentException("capacity, chains, sweeps and iterations must be positive");
        }
        this.shape = shape;
        this.nodes = shape.nodes();
        this.capacity = capacity;
        this.chainCount = chains;
        this.sweeps = sweeps;
        this.iterations = iterations;
        this.tolerance = (float) tolerance;
        int rows = Math.max(capacity, chains);
        mu = new float[nodes][];
        previous = new float[nodes][];
        this.chains = new float[nodes][];
        pre = new float[nodes][];
        dataMeans = new float[nodes][];
        int widest = 0;
        for (int n = 0; n < nodes; n++) {
            mu[n] = new float[capacity * shape.size(n)];
            previous[n] = new float[capacity * shape.size(n)];
            this.chains[n] = new float[chains * shape.size(n)];
            pre[n] = new float[rows * shape.size(n)];
            dataMeans[n] = new float[shape.size(n)];
            widest = Math.max(widest, shape.size(n));
        }
        noise = new float[rows * widest];
        sums = new float[widest];
        sumsModel = new float[widest];
        informed = new boolean[nodes];
        scaledBias = new float[nodes][];
        int widestWords = 1;
        for (int n = 0; n < nodes; n++) {
            if (shape.biasScale(n) != 1f) {
                scaledBias[n] = new float[shape.size(n)];
            }
            if (shape.units(n) == UnitType.REPLICATED_SOFTMAX) {
                widestWords = Math.max(widestWords, shape.size(n));
            }
        }
        cumulative = new double[widestWords];
    }

    public MultimodalShape shape() {
        return shape;
    }

    /**
     * Sparsity targets for the hidden layers, as {@link DeepBoltzmann#sparsity}: a damped running
     * mean q̂ of each hidden unit's mean-field activation, {@code cost·(q̂ − target)} added to its
     * bias gradient and that times the mean input to the gradient of its weights from below.
     */
    public MultimodalBoltzmann sparsity(double target, double cost, double damping) {
        DeepBoltzmann.checkSparsity(target, cost, damping);
        this.sparsityTarget = (float) target;
        this.sparsityCost = (float) cost;
        this.damping = (float) damping;
        this.activity = new float[nodes][];
        for (int n = 0; n < nodes; n++) {
            if (!shape.isVisible(n)) {
                activity[n] = new float[shape.size(n)];
                Arrays.fill(activity[n], (float) target);
            }
        }
        return this;
    }

    /** The persistent chains' states, node by node ({@code chains × size}), live; for checkpoints. */
    public float[][] chainStates() {
        return chains;
    }

    /** The running mean activations of the sparsity targets by node (null for visible nodes), live; null without sparsity. */
    public float[][] sparsityState() {
        return activity;
    }

    /** Marks the chains as restored from {@link #chainStates()}, so they are not started afresh. */
    public void chainsRestored() {
        chainsStarted = true;
    }

    /**
     * The mean-field posteriors given the modalities present: {@code data[p]} is pathway p's visible
     * data ({@code rows × input}) or null when that modality is missing; at least one is present.
     * Writes every node's means into {@code out[node]} ({@code rows × size}): a present modality's
     * data as it is, a missing one's means (σ(input) for Bernoulli units, the input itself for
     * Gaussian ones), every hidden layer's posterior.
     *
     * <p>Starts with a bottom-up pass from the present modalities, weights doubled into layers with
     * a layer above (whose input is missing on this pass), then a top-down pass into the layers no
     * data reached (a missing modality's pathway, from the joint layer down); then sweeps over every
     * layer that is not data, in node order, until no mean moves by more than the tolerance. Each
     * sweep sets a layer to the best factorized posterior given its neighbours, so the bound rises.
     *
     * @return the sweeps done
     */
    public int meanField(float[][] data, int rows, float[][] weights, float[][] biases, float[][] out) {
        if (rows < 1 || rows > capacity) {
            throw new IllegalArgumentException("mean-field takes 1 to " + capacity + " rows, not " + rows);
        }
        if (data.length != shape.pathways().size()) {
            throw new IllegalArgumentException("data for " + shape.pathways().size() + " pathways, not " + data.length);
        }
        Arrays.fill(informed, false);
        boolean any = false;
        for (int p = 0; p < data.length; p++) {
            if (data[p] != null) {
                int v = shape.visibleNode(p);
                checkLengths(p, data[p], rows);
                System.arraycopy(data[p], 0, out[v], 0, rows * shape.size(v));
                informed[v] = true;
                any = true;
            }
        }
        if (!any) {
            throw new IllegalArgumentException("mean-field needs at least one modality present");
        }
        for (int n = 0; n < nodes; n++) {
            if (!informed[n] && fromBelow(n, rows, weights, out)) {
                activate(n, out[n], biases[n], rows);
                informed[n] = true;
            }
        }
        for (int n = nodes - 1; n >= 0; n--) {
            if (!informed[n]) {
                input(out, n, rows, weights, out[n]);
                activate(n, out[n], biases[n], rows);
                informed[n] = true;
            }
        }
        int done = 0;
        while (done < iterations) {
            done++;
            float change = 0f;
            for (int n = 0; n < nodes; n++) {
                if (isData(n, data)) {
                    continue;
                }
                int count = rows * shape.size(n);
                System.arraycopy(out[n], 0, previous[n], 0, count);
                input(out, n, rows, weights, out[n]);
                activate(n, out[n], biases[n], rows);
                for (int i = 0; i < count; i++) {
                    change = Math.max(change, Math.abs(out[n][i] - previous[n][i]));
                }
            }
            if (change < tolerance) {
                break;
            }
        }
        return done;
    }

    /** Word counts must come to the pathway's document length D in every row. */
    private void checkLengths(int p, float[] data, int rows) {
        int length = shape.pathways().get(p).length();
        if (length == 0) {
            return;
        }
        int words = shape.pathways().get(p).input();
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int k = 0; k < words; k++) {
                sum += data[r * words + k];
            }
            if (Math.abs(sum - length) > 1e-3 * length) {
                throw new IllegalArgumentException("row " + r + " of " + shape.pathways().get(p).name() + "'s word counts sums to "
                        + sum + ", not the pathway's document length " + length + "; scale the counts with Modalities.toLength");
            }
        }
    }

    private boolean isData(int node, float[][] data) {
        return shape.isVisible(node) && data[shape.pathwayOf(node)] != null;
    }

    /**
     * out[n] = the input from the informed nodes below n, doubled when n has a node above; false
     * (out[n] untouched) when none below is informed.
     */
    private boolean fromBelow(int n, int rows, float[][] weights, float[][] out) {
        float factor = shape.above(n).length > 0 ? 2f : 1f;
        boolean first = true;
        int size = shape.size(n);
        for (int e : shape.below(n)) {
            int low = shape.lower(e);
            if (informed[low]) {
                ops.gemmNT(rows, size, shape.size(low), factor, out[low], shape.size(low), weights[e], shape.size(low),
                        first ? 0f : 1f, out[n], size);
                first = false;
            }
        }
        return !first;
    }

    /** out = Σ the weighted states of every node beside n (without n's bias). */
    private void input(float[][] states, int n, int rows, float[][] weights, float[] out) {
        int size = shape.size(n);
        boolean first = true;
        for (int e : shape.below(n)) {
            int low = shape.lower(e);
            ops.gemmNT(rows, size, shape.size(low), 1f, states[low], shape.size(low), weights[e], shape.size(low),
                    first ? 0f : 1f, out, size);
            first = false;
        }
        for (int e : shape.above(n)) {
            int up = shape.upper(e);
            ops.gemmNN(rows, size, shape.size(up), 1f, states[up], shape.size(up), weights[e], size, first ? 0f : 1f,
                    out, size);
            first = false;
        }
    }

    /**
     * Adds the bias (times the node's bias scale) and turns inputs into means: σ for Bernoulli
     * units, the identity for Gaussian ones, D·softmax for word counts.
     */
    private void activate(int n, float[] z, float[] bias, int rows) {
        int size = shape.size(n);
        if (scaledBias[n] != null) {
            float scale = shape.biasScale(n);
            for (int j = 0; j < size; j++) {
                scaledBias[n][j] = scale * bias[j];
            }
            bias = scaledBias[n];
        }
        if (shape.units(n) == UnitType.GAUSSIAN) {
            ops.addBias(z, bias, rows, size);
        } else if (shape.units(n) == UnitType.REPLICATED_SOFTMAX) {
            ops.addBias(z, bias, rows, size);
            for (int r = 0; r < rows; r++) {
                ReplicatedSoftmax.softmax(z, r * size, size, shape.length(n));
            }
        } else {
            ops.sigmoidWithBias(z, bias, rows, size);
        }
    }

    /** Draws node n's states from its means {@code means} into {@code states}: Bernoulli or unit-variance Gaussian. */
    private void draw(int n, float[] means, float[] states, int rows, Rng rng) {
        int count = rows * shape.size(n);
        if (shape.units(n) == UnitType.REPLICATED_SOFTMAX) {
            if (states != means) {
                System.arraycopy(means, 0, states, 0, count);
            }
            for (int r = 0; r < rows; r++) {
                ReplicatedSoftmax.sampleCounts(states, r * shape.size(n), shape.size(n), shape.length(n), rng, cumulative);
            }
        } else if (shape.units(n) == UnitType.GAUSSIAN) {
            rng.fillGaussian(noise, count, 0f, 1f);
            ops.add(means, noise, states, count);
        } else {
            rng.sampleBernoulli(means, states, count);
        }
    }

    /**
     * Writes the gradient estimate for a batch with every modality present ({@code data[p]},
     * {@code rows × input}): the descent direction, ⟨h_upper h_lowerᵀ⟩_model − ⟨…⟩_data + decay·W
     * for each edge and ⟨h⟩_model − ⟨h⟩_data for each node's biases, averaged over rows and chains;
     * the data statistics from mean-field posteriors, the model's from the persistent chains after
     * their sweeps. On the first call the chains start at the batch's rows (cycling), their hidden
     * layers sampled from the batch's posteriors.
     *
     * @return the batch's summed squared error of every modality's visible means given the
     *     posterior of the layer above it, against the data
     */
    public double gradient(float[][] data, int rows, float[][] weights, float[][] biases, Rng rng, float weightDecay,
            float[][] weightGrads, float[][] biasGrads) {
        for (int p = 0; p < data.length; p++) {
            if (data[p] == null) {
                throw new IllegalArgumentException("training needs every modality; pathway " + shape.pathways().get(p).name()
                        + " has no data");
            }
        }
        meanField(data, rows, weights, biases, mu);
        if (!chainsStarted) {
            startChains(rows, rng);
        }
        int first = shape.hiddenClass() < 0 ? 0 : shape.hiddenClass();
        for (int s = 0; s < sweeps; s++) {
            resampleClass(first, chainCount, weights, biases, rng, chains, null);
            resampleClass(1 - first, chainCount, weights, biases, rng, chains, null);
        }
        for (int n = 0; n < nodes; n++) {
            int size = shape.size(n);
            ops.columnSums(mu[n], rows, size, dataMeans[n]);
            ops.columnSums(chains[n], chainCount, size, sumsModel);
            float scale = shape.biasScale(n);
            for (int j = 0; j < size; j++) {
                dataMeans[n][j] /= rows;
                biasGrads[n][j] = scale * (sumsModel[j] / chainCount - dataMeans[n][j]);
            }
        }
        for (int e = 0; e < shape.edges(); e++) {
            int low = shape.lower(e);
            int up = shape.upper(e);
            int cols = shape.size(low);
            ops.gemmTNPair(shape.size(up), cols, rows, -1f / rows, mu[up], mu[low], chainCount, 1f / chainCount,
                    chains[up], chains[low], 0f, weightGrads[e]);
            if (weightDecay != 0f) {
                float[] g = weightGrads[e];
                float[] w = weights[e];
                for (int i = 0; i < g.length; i++) {
                    g[i] += weightDecay * w[i];
                }
            }
        }
        if (activity != null) {
            pushTowardTargets(weightGrads, biasGrads);
        }
        double error = 0;
        for (int p = 0; p < data.length; p++) {
            int v = shape.visibleNode(p);
            int h = v + 1;
            int size = shape.size(v);
            ops.gemmNN(rows, size, shape.size(h), 1f, mu[h], shape.size(h), weights[shape.below(h)[0]], size, 0f, pre[v],
                    size);
            activate(v, pre[v], biases[v], rows);
            error += ops.squaredError(pre[v], data[p], rows * size);
        }
        return error;
    }

    private void pushTowardTargets(float[][] weightGrads, float[][] biasGrads) {
        for (int n = 0; n < nodes; n++) {
            if (activity[n] == null) {
                continue;
            }
            int size = shape.size(n);
            float scale = shape.biasScale(n);
            for (int j = 0; j < size; j++) {
                activity[n][j] = damping * activity[n][j] + (1 - damping) * dataMeans[n][j];
                sums[j] = sparsityCost * (activity[n][j] - sparsityTarget);
                biasGrads[n][j] += scale * sums[j];
            }
            for (int e : shape.below(n)) {
                int low = shape.lower(e);
                int inputs = shape.size(low);
                float[] g = weightGrads[e];
                for (int j = 0; j < size; j++) {
                    for (int i = 0; i < inputs; i++) {
                        g[j * inputs + i] += sums[j] * dataMeans[low][i];
                    }
                }
            }
        }
    }

    /** Chains start at the batch's rows (cycling), their hidden layers sampled from its posteriors. */
    private void startChains(int rows, Rng rng) {
        for (int n = 0; n < nodes; n++) {
            int size = shape.size(n);
            for (int c = 0; c < chainCount; c++) {
                System.arraycopy(mu[n], (c % rows) * size, chains[n], c * size, size);
            }
            if (!shape.isVisible(n)) {
                draw(n, chains[n], chains[n], chainCount, rng);
            }
        }
        chainsStarted = true;
    }

    /** Resamples every layer of one parity class given the other, except the clamped nodes. */
    private void resampleClass(int parityClass, int rows, float[][] weights, float[][] biases, Rng rng,
            float[][] states, boolean[] clamped) {
        for (int n = 0; n < nodes; n++) {
            if (shape.parity(n) == parityClass && (clamped == null || !clamped[n])) {
                input(states, n, rows, weights, pre[n]);
                activate(n, pre[n], biases[n], rows);
                draw(n, pre[n], states[n], rows, rng);
            }
        }
    }

    /**
     * Runs {@code sweeps} Gibbs sweeps from {@code states} (node by node, {@code rows × size}, at
     * most the chain count or capacity rows), in place, leaving the nodes marked in {@code clamped}
     * as they are: with a modality's visible layer clamped to data, the chains sample the rest given
     * it. The last sweep leaves each unclamped visible layer's means (its probabilities, or the
     * Gaussian mean) rather than a sample: the picture of the sample.
     */
    public void sample(float[][] states, int rows, int sweeps, boolean[] clamped, float[][] weights, float[][] biases,
            Rng rng) {
        if (rows > pre[0].length / shape.size(0)) {
            throw new IllegalArgumentException("at most " + pre[0].length / shape.size(0) + " samples at once, not " + rows);
        }
        if (clamped.length != nodes) {
            throw new IllegalArgumentException("clamped needs one flag per node: " + nodes + ", not " + clamped.length);
        }
        int first = shape.hiddenClass() < 0 ? 0 : shape.hiddenClass();
        for (int s = 0; s < sweeps; s++) {
            resampleClass(first, rows, weights, biases, rng, states, clamped);
            resampleClass(1 - first, rows, weights, biases, rng, states, clamped);
        }
        // pre holds each node's means from the last sweep: the unclamped visible layers keep those
        for (int n = 0; n < nodes; n++) {
            if (shape.isVisible(n) && !clamped[n]) {
                System.arraycopy(pre[n], 0, states[n], 0, rows * shape.size(n));
            }
        }
    }

    /**
     * Rescales each hidden unit's incoming weights, from every layer below it together (the joint
     * layer's from every pathway's top), whose L2 norm exceeds {@code limit}.
     */
    public static void maxNorm(MultimodalShape shape, float[][] weights, float limit) {
        for (int n = 0; n < shape.nodes(); n++) {
            int[] below = shape.below(n);
            for (int j = 0; j < shape.size(n); j++) {
                double squares = 0;
                for (int e : below) {
                    int cols = shape.size(shape.lower(e));
                    for (int i = 0; i < cols; i++) {
                        double w = weights[e][j * cols + i];
                        squares += w * w;
                    }
                }
                double norm = Math.sqrt(squares);
                if (norm > limit) {
                    float f = (float) (limit / norm);
                    for (int e : below) {
                        int cols = shape.size(shape.lower(e));
                        for (int i = 0; i < cols; i++) {
                            weights[e][j * cols + i] *= f;
                        }
                    }
                }
            }
        }
    }
}
