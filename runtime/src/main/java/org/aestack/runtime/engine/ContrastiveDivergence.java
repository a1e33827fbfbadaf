package org.aestack.runtime.engine;

import org.aestack.dsl.UnitType;
import org.aestack.runtime.kernel.KernelOps;
import org.aestack.runtime.kernel.Kernels;
import org.aestack.runtime.kernel.Rng;

/**
 * The contrastive-divergence gradient of a restricted Boltzmann machine (Hinton 2002), CD-k or
 * persistent (Tieleman 2008), on the runtime's kernels with buffers sized once. Visible and hidden
 * units are Bernoulli or unit-variance Gaussian. The parameters are the caller's arrays: weights
 * {@code hidden × visible} (PyTorch's layout, as an encoder layer's), visible biases b, hidden
 * biases c.
 *
 * <p>Conventions (those of the benchmark's W3 and of Hinton's code): hidden states are sampled in
 * the Gibbs chain; CD keeps the visible reconstruction as probabilities (means, for Gaussian
 * visibles), while persistent chains sample their visible states so they stay a Markov chain of
 * the model; the statistics use hidden probabilities. The gradient written is that of the
 * <em>negative</em> mean log-likelihood plus the weight decay, so an {@link org.aestack.runtime.train.Updater} descends it:
 * ⟨v hᵀ⟩<sub>model</sub> − ⟨v hᵀ⟩<sub>data</sub> + decay·W.
 *
 * <p>Visible units may also be {@link UnitType#REPLICATED_SOFTMAX} (Salakhutdinov and Hinton 2009):
 * a row is a document's word counts over the visible units, its length D the counts' sum; a hidden
 * unit's input is Wv + D·c, and the visible means given h are D·softmax(b + Wᵀh), a multinomial of D
 * draws when sampled. The hidden biases' gradient weighs each row by its D, as the exact gradient
 * does; persistent chains keep the length of the row each started from.
 */
public final class ContrastiveDivergence {
    private final int visible;
    private final int hidden;
    private final UnitType visibleType;
    private final UnitType hiddenType;
    private final int capacity;
    private final int steps;
    private final boolean persistent;
    private final int chainCount;
    private final KernelOps ops = Kernels.ops();
    private final float[] h0;
    private final float[] hSample;
    private final float[] vk;
    private final float[] hk;
    private final float[] noise;
    private final float[] chains;
    private final float[] reconstruction;
    private final float[] sumsA;
    private final float[] sumsB;
    private final float[] zeros;
    private final double[] cumulative;
    private final float[] dataLengths;
    private final float[] negativeLengths;
    private final float[] chainLengths;
    private boolean chainsStarted;
    private float up = 1f;
    private float down = 1f;

    /**
     * A Bernoulli–Bernoulli CD-k (or PCD with one chain per batch row).
     *
     * @param capacity the most rows a batch has
     */
    public ContrastiveDivergence(int visible, int hidden, int capacity, int steps, boolean persistent) {
        this(visible, hidden, UnitType.BERNOULLI, UnitType.BERNOULLI, capacity, steps, persistent, 0);
    }

    /**
     * @param capacity the most rows a batch has
     * @param steps k, the Gibbs steps of the negative phase
     * @param persistent whether the negative chains carry over from batch to batch (PCD)
     * @param chains the number of persistent chains; 0 for one per batch row ({@code capacity})
     */
    public ContrastiveDivergence(int visible, int hidden, UnitType visibleType, UnitType hiddenType, int capacity,
            int steps, boolean persistent, int chains) {
        if (steps < 1) {
            throw new IllegalArgumentException("contrastive divergence needs at least one Gibbs step, not " + steps);
        }
        if (visible < 1 || hidden < 1 || capacity < 1 || chains < 0) {
            throw new IllegalArgumentException("bad RBM shape: " + visible + " visible, " + hidden + " hidden, "
                    + capacity + " rows, " + chains + " chains");
        }
        this.visible = visible;
        this.hidden = hidden;
        this.visibleType = visibleType;
        this.hiddenType = hiddenType;
        this.capacity = capacity;
        this.steps = steps;
        this.persistent = persistent;
        this.chainCount = persistent ? (chains == 0 ? capacity : chains) : 0;
        int negativeRows = Math.max(capacity, chainCount);
        this.h0 = new float[capacity * hidden];
        this.hSample = new float[negativeRows * hidden];
        this.vk = new float[negativeRows * visible];
        this.hk = new float[negativeRows * hidden];
        this.noise = new float[negativeRows * Math.max(visible, hidden)];
        this.chains = persistent ? new float[chainCount * visible] : null;
        this.reconstruction = persistent ? new float[capacity * visible] : null;
        this.sumsA = new float[Math.max(visible, hidden)];
        this.sumsB = new float[Math.max(visible, hidden)];
        if (hiddenType == UnitType.REPLICATED_SOFTMAX) {
            throw new IllegalArgumentException("replicated softmax units are visible units (word counts), not hidden ones");
        }
        boolean counts = visibleType == UnitType.REPLICATED_SOFTMAX;
        this.zeros = counts ? new float[hidden] : null;
        this.cumulative = counts ? new double[visible] : null;
        this.dataLengths = counts ? new float[capacity] : null;
        this.negativeLengths = counts ? new float[negativeRows] : null;
        this.chainLengths = counts && persistent ? new float[chainCount] : null;
    }

    private boolean counts() {
        return visibleType == UnitType.REPLICATED_SOFTMAX;
    }

    /** Each row's document length, the sum of its counts, into {@code out}. */
    private void lengths(float[] v, int rows, float[] out) {
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int i = 0; i < visible; i++) {
                sum += v[r * visible + i];
            }
            out[r] = (float) sum;
        }
    }

    /**
     * Counts the weights {@code up} times on the way up (hidden given visible) and {@code down}
     * times on the way down, as the pretraining of a deep Boltzmann machine does (Salakhutdinov and
     * Hinton 2009): its bottom RBM sees the data twice going up, (2, 1), its top RBM its hidden layer
     * twice going down, (1, 2). The statistics of the gradient are unchanged.
     */
    public ContrastiveDivergence scales(float up, float down) {
        this.up = up;
        this.down = down;
        return this;
    }

    /** The number of negative-phase chains: the persistent chains, or 0 when each batch starts its own. */
    public int chains() {
        return chainCount;
    }

    /** The persistent chains' visible states ({@code chains × visible}), live; null for CD. For checkpoints. */
    public float[] chainStates() {
        return chains;
    }

    /** Marks the persistent chains as started from restored {@link #chainStates()}. */
    public void chainsRestored() {
        chainsStarted = true;
    }

    /**
     * Writes the gradient estimate for the batch {@code v0} ({@code rows × visible}) into gW, gb, gc.
     *
     * @param weightDecay the L2 coefficient added to the weights' gradient (not the biases')
     * @return the batch's summed squared error of the one-step reconstruction: the visible means
     *     given hidden states sampled from the data
     */
    public double gradient(float[] v0, int rows, float[] w, float[] b, float[] c, Rng rng, float weightDecay,
            float[] gW, float[] gb, float[] gc) {
        if (rows > capacity || rows < 1) {
            throw new IllegalArgumentException("a batch must have 1 to " + capacity + " rows, not " + rows);
        }
        // Positive phase: hidden probabilities (means) given the data.
        if (counts()) {
            lengths(v0, rows, dataLengths);
        }
        hiddenMeans(true, v0, rows, w, c, h0, dataLengths);
        double error;
        int negatives;
        if (persistent) {
            if (!chainsStarted) {
                for (int r = 0; r < chainCount; r++) { // the chains start at the first batch's rows
                    System.arraycopy(v0, (r % rows) * visible, chains, r * visible, visible);
                    if (counts()) {
                        chainLengths[r] = dataLengths[r % rows];
                    }
                }
                chainsStarted = true;
            }
            negatives = chainCount;
            if (counts()) {
                System.arraycopy(chainLengths, 0, negativeLengths, 0, chainCount);
            }
            sampleHidden(h0, rows, rng, hSample);
            visibleMeans(hSample, rows, w, b, reconstruction, dataLengths);
            error = ops.squaredError(reconstruction, v0, rows * visible);
            hiddenMeans(false, chains, negatives, w, c, hk, negativeLengths);
            for (int s = 0; s < steps; s++) {
                sampleHidden(hk, negatives, rng, hSample);
                visibleMeans(hSample, negatives, w, b, vk, negativeLengths);
                sampleVisible(vk, negatives, rng, negativeLengths);
                hiddenMeans(false, vk, negatives, w, c, hk, negativeLengths);
            }
            System.arraycopy(vk, 0, chains, 0, negatives * visible);
        } else {
            negatives = rows;
            if (counts()) {
                System.arraycopy(dataLengths, 0, negativeLengths, 0, rows);
            }
            System.arraycopy(h0, 0, hk, 0, rows * hidden);
            error = 0;
            for (int s = 0; s < steps; s++) {
                sampleHidden(hk, rows, rng, hSample);
                visibleMeans(hSample, rows, w, b, vk, negativeLengths);
                if (s == 0) {
                    error = ops.squaredError(vk, v0, rows * visible);
                }
                hiddenMeans(false, vk, rows, w, c, hk, negativeLengths);
            }
        }
        ops.gemmTNPair(hidden, visible, rows, -1f / rows, h0, v0, negatives, 1f / negatives, hk, vk, 0f, gW);
        if (weightDecay != 0f) {
            for (int i = 0; i < hidden * visible; i++) {
                gW[i] += weightDecay * w[i];
            }
        }
        meanDifference(vk, negatives, v0, rows, visible, gb);
        if (counts()) {
            lengthWeightedDifference(hk, negatives, negativeLengths, h0, rows, dataLengths, gc);
        } else {
            meanDifference(hk, negatives, h0, rows, hidden, gc);
        }
        return error;
    }

    /**
     * Runs {@code sweeps} Gibbs sweeps from the visible states {@code v} ({@code rows × visible},
     * at most the capacity or chain count), in place; leaves in {@code v} the last sweep's visible
     * means, the usual picture of a sample. For drawing samples from a trained RBM.
     */
    public void gibbs(float[] v, int rows, int sweeps, float[] w, float[] b, float[] c, Rng rng) {
        if (rows > hk.length / hidden) {
            throw new IllegalArgumentException("at most " + hk.length / hidden + " chains, not " + rows);
        }
        if (counts()) {
            lengths(v, rows, negativeLengths);
        }
        for (int s = 0; s < sweeps; s++) {
            hiddenMeans(s == 0, v, rows, w, c, hk, negativeLengths);
            sampleHidden(hk, rows, rng, hSample);
            visibleMeans(hSample, rows, w, b, v, negativeLengths);
            if (s < sweeps - 1) {
                sampleVisible(v, rows, rng, negativeLengths);
            }
        }
    }

    /**
     * The hidden probabilities given visible rows {@code v} ({@code rows × visible}, at most the
     * capacity) into {@code out}, as the gradient's positive phase has them: the weights counted
     * {@code up} times ({@link #scales}), and with word counts each row's hidden biases times its
     * length. What the RBMs above this one are trained on.
     */
    public void hiddenProbabilities(float[] v, int rows, float[] w, float[] c, float[] out) {
        if (rows > capacity || rows < 1) {
            throw new IllegalArgumentException("1 to " + capacity + " rows, not " + rows);
        }
        if (counts()) {
            lengths(v, rows, dataLengths);
        }
        hiddenMeans(true, v, rows, w, c, out, dataLengths);
    }

    /**
     * The hidden means given {@code v}; with word counts, each row's hidden biases scaled by its
     * length. Not {@code fresh}: the weights are those of the last fresh call, so the product may
     * reuse what it made of them then.
     */
    private void hiddenMeans(boolean fresh, float[] v, int rows, float[] w, float[] c, float[] out, float[] lengths) {
        ops.gemmNTKept(fresh, rows, hidden, visible, up, v, visible, w, visible, 0f, out, hidden);
        if (counts()) {
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < hidden; j++) {
                    out[r * hidden + j] += lengths[r] * c[j];
                }
            }
        }
        if (counts() && hiddenType == UnitType.BERNOULLI) {
            ops.sigmoidWithBias(out, zeros, rows, hidden);
        } else if (counts()) {
            ops.addBias(out, zeros, rows, hidden);
        } else if (hiddenType == UnitType.BERNOULLI) {
            ops.sigmoidWithBias(out, c, rows, hidden);
        } else {
            ops.addBias(out, c, rows, hidden);
        }
    }

    /** The visible means given {@code h}: probabilities, Gaussian means, or a row's length times a softmax. */
    private void visibleMeans(float[] h, int rows, float[] w, float[] b, float[] out, float[] lengths) {
        ops.gemmNN(rows, visible, hidden, down, h, hidden, w, visible, 0f, out, visible);
        if (visibleType == UnitType.BERNOULLI) {
            ops.sigmoidWithBias(out, b, rows, visible);
        } else if (visibleType == UnitType.GAUSSIAN) {
            ops.addBias(out, b, rows, visible);
        } else {
            ops.addBias(out, b, rows, visible);
            for (int r = 0; r < rows; r++) {
                ReplicatedSoftmax.softmax(out, r * visible, visible, lengths[r]);
            }
        }
    }

    private void sampleHidden(float[] means, int rows, Rng rng, float[] out) {
        sample(hiddenType, means, rows * hidden, rng, out);
    }

    private void sampleVisible(float[] means, int rows, Rng rng, float[] lengths) {
        if (counts()) {
            for (int r = 0; r < rows; r++) {
                ReplicatedSoftmax.sampleCounts(means, r * visible, visible, Math.round(lengths[r]), rng, cumulative);
            }
        } else {
            sample(visibleType, means, rows * visible, rng, means);
        }
    }

    private void sample(UnitType type, float[] means, int n, Rng rng, float[] out) {
        if (type == UnitType.BERNOULLI) {
            rng.sampleBernoulli(means, out, n);
        } else {
            rng.fillGaussian(noise, n, 0f, 1f);
            ops.add(means, noise, out, n);
        }
    }

    /** {@code out[j] = Σ_r lengthsA[r]·a[r][j] / rowsA − Σ_r lengthsB[r]·b[r][j] / rowsB}: a hidden bias's gradient under word counts. */
    private void lengthWeightedDifference(float[] a, int rowsA, float[] lengthsA, float[] b, int rowsB, float[] lengthsB,
            float[] out) {
        for (int j = 0; j < hidden; j++) {
            double sa = 0;
            for (int r = 0; r < rowsA; r++) {
                sa += lengthsA[r] * a[r * hidden + j];
            }
            double sb = 0;
            for (int r = 0; r < rowsB; r++) {
                sb += lengthsB[r] * b[r * hidden + j];
            }
            out[j] = (float) (sa / rowsA - sb / rowsB);
        }
    }

    /** {@code out[j] = mean of a's column j − mean of b's column j}. */
    private void meanDifference(float[] a, int rowsA, float[] b, int rowsB, int cols, float[] out) {
        ops.columnSums(a, rowsA, cols, sumsA);
        ops.columnSums(b, rowsB, cols, sumsB);
        for (int j = 0; j < cols; j++) {
            out[j] = sumsA[j] / rowsA - sumsB[j] / rowsB;
        }
    }
}
