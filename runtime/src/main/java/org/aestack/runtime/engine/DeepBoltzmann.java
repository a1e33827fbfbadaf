package org.aestack.runtime.engine;

import java.util.Arrays;
import org.aestack.runtime.kernel.KernelOps;
import org.aestack.runtime.kernel.Kernels;
import org.aestack.runtime.kernel.Rng;

/**
 * The joint training of a deep Boltzmann machine (Salakhutdinov and Hinton 2009) on the runtime's
 * kernels, buffers sized once: the data-dependent statistics from mean-field posteriors, the model's
 * from persistent Gibbs chains. Bernoulli units; layers h⁰ = v, h¹ … hᴸ with weights Wₗ
 * {@code sizes[l+1] × sizes[l]} and one bias vector per layer, as in
 * {@link org.aestack.runtime.metric.Dbm}.
 */
public final class DeepBoltzmann {
    private final int[] sizes;
    private final int layers;
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
    private final float[] sums;
    private final float[] sumsModel;
    private final float[] sumsBelow;
    private boolean chainsStarted;
    private float sparsityTarget;
    private float sparsityCost;
    private float damping;
    private float[][] activity;

    /**
     * @param sizes the units of each layer, visible first; at least two hidden layers
     * @param capacity the most rows a batch has
     * @param chains the persistent chains of the model statistics (Salakhutdinov and Hinton used 100)
     * @param sweeps the Gibbs sweeps each chain takes per update
     * @param iterations the most mean-field sweeps per batch
     * @param tolerance mean-field stops when no posterior moves by more than this
     */
    public DeepBoltzmann(int[] sizes, int capacity, int chains, int sweeps, int iterations, double tolerance) {
        if (sizes.length < 3) {
            throw new IllegalArgumentException("a deep Boltzmann machine has at least two hidden layers");
        }
        if (capacity < 1 || chains < 1 || sweeps < 1 || iterations < 1) {
            throw new IllegalArgumentException("capacity, chains, sweeps and iterations must be positive");
        }
        this.sizes = sizes.clone();
        this.layers = sizes.length - 1;
        this.capacity = capacity;
        this.chainCount = chains;
        this.sweeps = sweeps;
        this.iterations = iterations;
        this.tolerance = (float) tolerance;
        this.mu = new float[sizes.length][];
        this.previous = new float[sizes.length][];
        this.chains = new float[sizes.length][];
        this.pre = new float[sizes.length][];
        int widest = 0;
        int rows = Math.max(capacity, chains);
        for (int l = 0; l < sizes.length; l++) {
            mu[l] = new float[capacity * sizes[l]];
            previous[l] = new float[capacity * sizes[l]];
            this.chains[l] = new float[chains * sizes[l]];
            pre[l] = new float[rows * sizes[l]];
            widest = Math.max(widest, sizes[l]);
        }
        this.sums = new float[widest];
        this.sumsModel = new float[widest];
        this.sumsBelow = new float[widest];
    }

    /**
     * Adds sparsity targets: a damped running mean q̂ of each hidden unit's mean-field activation,
     * q̂ ← damping·q̂ + (1 − damping)·(batch mean), and {@code cost·(q̂ − target)} added to the unit's
     * bias gradient and {@code cost·(q̂ − target)·(mean input)} to the gradient of its incoming
     * weights from the layer below, the input being v or that layer's mean-field posteriors: the
     * gradient through the sigmoid of cost times the cross-entropy between the target and q̂, with the
     * damped q̂ and the batch's mean input standing in for the per-row terms (Lee, Ekanadham and Ng
     * 2008). Over-active units are pushed down, quiet ones up. The running means start at the target.
     */
    public DeepBoltzmann sparsity(double target, double cost, double damping) {
        checkSparsity(target, cost, damping);
        this.sparsityTarget = (float) target;
        this.sparsityCost = (float) cost;
        this.damping = (float) damping;
        this.activity = new float[sizes.length][];
        for (int l = 1; l < sizes.length; l++) {
            activity[l] = new float[sizes[l]];
            Arrays.fill(activity[l], (float) target);
        }
        return this;
    }

    /** The arguments of a sparsity target, as {@link #sparsity} and {@link MultimodalBoltzmann#sparsity} take them. */
    static void checkSparsity(double target, double cost, double damping) {
        if (!(target > 0 && target < 1) || !(cost >= 0) || !(damping >= 0 && damping < 1)) {
            throw new IllegalArgumentException("sparsity needs a target in (0, 1), a cost ≥ 0 and a damping in [0, 1)");
        }
    }

    /** The persistent chains' states, layer by layer ({@code chains × sizes[l]}), live; for checkpoints. */
    public float[][] chainStates() {
        return chains;
    }

    /**
     * The damped running mean activations of the sparsity targets, by layer (entry 0 unused), live;
     * null without {@link #sparsity}. For checkpoints, so a resumed run pushes as the stopped one would.
     */
    public float[][] sparsityState() {
        return activity;
    }

    /** Marks the chains as restored from {@link #chainStates()}, so they are not started afresh. */
    public void chainsRestored() {
        chainsStarted = true;
    }

    /**
     * The mean-field posteriors of the batch {@code v} ({@code rows × sizes[0]}) into {@code out[l]}
     * for l ≥ 1 ({@code rows × sizes[l]}; out[0] is not used): a bottom-up pass with doubled weights
     * into the layers with one above, then fixed-point sweeps μₗ = σ(W_{l−1}μ_{l−1} + Wₗᵀμ_{l+1} + bₗ)
     * until nothing moves by more than the tolerance. Layer-indexed like the weights and biases, so
     * {@code out} is the same shape as {@link #chainStates()} with out[0] left alone.
     *
     * @param rows at most the capacity
     * @return the sweeps done
     */
    public int meanField(float[] v, int rows, float[][] weights, float[][] biases, float[][] out) {
        if (rows < 1 || rows > capacity) {
            throw new IllegalArgumentException("mean-field takes 1 to " + capacity + " rows, not " + rows);
        }
        for (int l = 1; l < sizes.length; l++) {
            float[] below = l == 1 ? v : out[l - 1];
            ops.gemmNT(rows, sizes[l], sizes[l - 1], l < layers ? 2f : 1f, below, sizes[l - 1], weights[l - 1],
                    sizes[l - 1], 0f, out[l], sizes[l]);
            ops.sigmoidWithBias(out[l], biases[l], rows, sizes[l]);
        }
        int done = 0;
        while (done < iterations) {
            done++;
            float change = 0f;
            for (int l = 1; l < sizes.length; l++) {
                int n = rows * sizes[l];
                System.arraycopy(out[l], 0, previous[l], 0, n);
                float[] below = l == 1 ? v : out[l - 1];
                ops.gemmNT(rows, sizes[l], sizes[l - 1], 1f, below, sizes[l - 1], weights[l - 1], sizes[l - 1], 0f,
                        out[l], sizes[l]);
                if (l < layers) {
                    ops.gemmNN(rows, sizes[l], sizes[l + 1], 1f, out[l + 1], sizes[l + 1], weights[l], sizes[l], 1f,
                            out[l], sizes[l]);
                }
                ops.sigmoidWithBias(out[l], biases[l], rows, sizes[l]);
                for (int i = 0; i < n; i++) {
                    change = Math.max(change, Math.abs(out[l][i] - previous[l][i]));
                }
            }
            if (change < tolerance) {
                break;
            }
        }
        return done;
    }

    /**
     * Writes the gradient estimate for the batch {@code v} ({@code rows × sizes[0]}, binary or
     * probabilities): the descent direction, ⟨hₗ₊₁hₗᵀ⟩_model − ⟨hₗ₊₁hₗᵀ⟩_data + decay·Wₗ for each
     * weight matrix and ⟨hₗ⟩_model − ⟨hₗ⟩_data for each bias, averaged over rows and chains; the
     * data statistics from mean-field posteriors, the model's from the persistent chains after
     * their sweeps. On the first call the chains start at the batch's rows (cycling), their hidden
     * layers sampled from the batch's posteriors; with {@link #sparsity} the sparsity terms are added.
     *
     * @return the batch's summed squared error of the visible means given μ¹ against v
     */
    public double gradient(float[] v, int rows, float[][] weights, float[][] biases, Rng rng, float weightDecay,
            float[][] weightGrads, float[][] biasGrads) {
        if (rows < 1 || rows > capacity) {
            throw new IllegalArgumentException("a batch must have 1 to " + capacity + " rows, not " + rows);
        }
        meanField(v, rows, weights, biases, mu);
        if (!chainsStarted) {
            startChains(v, rows, rng);
        }
        for (int s = 0; s < sweeps; s++) {
            for (int o = 1; o < sizes.length; o += 2) {
                resample(o, chainCount, weights, biases, rng);
            }
            for (int e = 0; e < sizes.length; e += 2) {
                resample(e, chainCount, weights, biases, rng);
            }
        }
        for (int l = 0; l < layers; l++) {
            float[] lower = l == 0 ? v : mu[l];
            ops.gemmTNPair(sizes[l + 1], sizes[l], rows, -1f / rows, mu[l + 1], lower, chainCount, 1f / chainCount,
                    chains[l + 1], chains[l], 0f, weightGrads[l]);
            if (weightDecay != 0f) {
                float[] g = weightGrads[l];
                float[] w = weights[l];
                for (int i = 0; i < g.length; i++) {
                    g[i] += weightDecay * w[i];
                }
            }
        }
        for (int l = 0; l < sizes.length; l++) {
            float[] data = l == 0 ? v : mu[l];
            ops.columnSums(data, rows, sizes[l], sums);
            ops.columnSums(chains[l], chainCount, sizes[l], sumsModel);
            for (int j = 0; j < sizes[l]; j++) {
                biasGrads[l][j] = sumsModel[j] / chainCount - sums[j] / rows;
            }
            if (activity != null && l > 0) {
                float[] g = weightGrads[l - 1];
                int inputs = sizes[l - 1];
                for (int j = 0; j < sizes[l]; j++) {
                    activity[l][j] = damping * activity[l][j] + (1 - damping) * sums[j] / rows;
                    float push = sparsityCost * (activity[l][j] - sparsityTarget);
                    biasGrads[l][j] += push;
                    for (int i = 0; i < inputs; i++) {
                        g[j * inputs + i] += push * sumsBelow[i] / rows;
                    }
                }
            }
            System.arraycopy(sums, 0, sumsBelow, 0, sizes[l]);
        }
        // How well the posterior explains the data: the visible means given μ¹.
        ops.gemmNN(rows, sizes[0], sizes[1], 1f, mu[1], sizes[1], weights[0], sizes[0], 0f, pre[0], sizes[0]);
        ops.sigmoidWithBias(pre[0], biases[0], rows, sizes[0]);
        return ops.squaredError(pre[0], v, rows * sizes[0]);
    }

    /** Chains start at the batch's rows (cycling), their hidden layers sampled from its posteriors. */
    private void startChains(float[] v, int rows, Rng rng) {
        for (int c = 0; c < chainCount; c++) {
            int r = c % rows;
            for (int l = 0; l < sizes.length; l++) {
                float[] from = l == 0 ? v : mu[l];
                System.arraycopy(from, r * sizes[l], chains[l], c * sizes[l], sizes[l]);
            }
        }
        for (int l = 1; l < sizes.length; l++) {
            int n = chainCount * sizes[l];
            rng.sampleBernoulli(chains[l], chains[l], n);
        }
        chainsStarted = true;
    }

    /** Layer l of {@code rows} states given its neighbours, sampled in place. */
    private void resample(int l, int rows, float[][] weights, float[][] biases, Rng rng) {
        inputs(chains, l, rows, weights, biases, pre[l]);
        int n = rows * sizes[l];
        rng.sampleBernoulli(pre[l], chains[l], n);
    }

    /** out = σ(bₗ + W_{l−1} h_{l−1} + Wₗᵀ h_{l+1}) for the given states. */
    private void inputs(float[][] states, int l, int rows, float[][] weights, float[][] biases, float[] out) {
        if (l > 0) {
            ops.gemmNT(rows, sizes[l], sizes[l - 1], 1f, states[l - 1], sizes[l - 1], weights[l - 1], sizes[l - 1], 0f,
                    out, sizes[l]);
        }
        if (l < layers) {
            ops.gemmNN(rows, sizes[l], sizes[l + 1], 1f, states[l + 1], sizes[l + 1], weights[l], sizes[l],
                    l > 0 ? 1f : 0f, out, sizes[l]);
        }
        ops.sigmoidWithBias(out, biases[l], rows, sizes[l]);
    }

    /**
     * Runs {@code sweeps} Gibbs sweeps of all layers from {@code states} (layer by layer,
     * {@code rows × sizes[l]}, at most the chain count or capacity rows), in place, and leaves in
     * {@code states[0]} the last sweep's visible probabilities: the picture of a sample.
     */
    public void sample(float[][] states, int rows, int sweeps, float[][] weights, float[][] biases, Rng rng) {
        if (rows > pre[0].length / sizes[0]) {
            throw new IllegalArgumentException("at most " + pre[0].length / sizes[0] + " samples at once, not " + rows);
        }
        for (int s = 0; s < sweeps; s++) {
            for (int o = 1; o < sizes.length; o += 2) {
                inputs(states, o, rows, weights, biases, pre[o]);
                rng.sampleBernoulli(pre[o], states[o], rows * sizes[o]);
            }
            for (int e = 0; e < sizes.length; e += 2) {
                inputs(states, e, rows, weights, biases, pre[e]);
                if (e == 0 && s == sweeps - 1) {
                    System.arraycopy(pre[0], 0, states[0], 0, rows * sizes[0]);
                } else {
                    rng.sampleBernoulli(pre[e], states[e], rows * sizes[e]);
                }
            }
        }
    }

    /** Rescales each row of {@code w} ({@code rows × cols}: one unit's incoming weights) whose L2 norm exceeds {@code limit}. */
    public static void maxNorm(float[] w, int rows, int cols, float limit) {
        for (int r = 0; r < rows; r++) {
            double sq = 0;
            for (int c = 0; c < cols; c++) {
                sq += (double) w[r * cols + c] * w[r * cols + c];
            }
            double norm = Math.sqrt(sq);
            if (norm > limit) {
                float f = (float) (limit / norm);
                for (int c = 0; c < cols; c++) {
                    w[r * cols + c] *= f;
                }
            }
        }
    }
}
