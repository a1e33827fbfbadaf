package org.aestack.runtime.metric;

import java.util.Arrays;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.kernel.KernelOps;
import org.aestack.runtime.kernel.Kernels;
import org.aestack.runtime.kernel.Rng;

/**
 * The variational lower bound on log p(v) of a deep belief net (Hinton, Osindero and Teh 2006;
 * Salakhutdinov and Murray 2008), the usual way to score a DBN, whose exact likelihood is
 * intractable. The net is a stack of L Bernoulli RBMs, layer l with weights W<sub>l</sub>
 * ({@code sizes[l + 1] × sizes[l]}), visible biases b<sub>l</sub> and hidden biases c<sub>l</sub>;
 * h<sub>−1</sub> = v. Its generative model: the top RBM is an undirected prior over h<sub>L−2</sub>, and
 * each lower layer a directed sigmoid belief net p(h<sub>l−1</sub> | h<sub>l</sub>) = σ(W<sub>l</sub>ᵀh<sub>l</sub> + b<sub>l</sub>).
 * The approximate posterior is the factorial up-pass q(h<sub>l</sub> | h<sub>l−1</sub>) = σ(W<sub>l</sub>h<sub>l−1</sub> + c<sub>l</sub>), and
 *
 * <p>log p(v) ≥ E<sub>q</sub>[ −F<sub>top</sub>(h<sub>L−2</sub>) − log Z<sub>top</sub> + Σ<sub>l&lt;L−1</sub> log p(h<sub>l−1</sub> | h<sub>l</sub>)
 * − Σ<sub>l&lt;L−1</sub> log q(h<sub>l</sub> | h<sub>l−1</sub>) ],
 *
 * <p>with F<sub>top</sub> the top RBM's free energy. For L = 1 there is nothing to sample and the bound is
 * the RBM's exact log-likelihood.
 */
public final class BeliefNetBound {
    /** Rows pushed through the layers together, so that each step is one matrix product. */
    private static final int BATCH = 256;

    private final int[] sizes;
    private final float[][] weights;
    private final float[][] visibleBias;
    private final float[][] hiddenBias;

    /**
     * Copies the parameters of the stack.
     *
     * @param sizes the widths of the L + 1 layers, input first: RBM l has {@code sizes[l]} visible
     *     and {@code sizes[l + 1]} hidden units
     * @param weights L row-major {@code sizes[l + 1] × sizes[l]} matrices
     * @param visibleBias L vectors of {@code sizes[l]}
     * @param hiddenBias L vectors of {@code sizes[l + 1]}
     */
    public BeliefNetBound(int[] sizes, float[][] weights, float[][] visibleBias, float[][] hiddenBias) {
        int layers = weights.length;
        if (layers < 1 || sizes.length != layers + 1 || visibleBias.length != layers || hiddenBias.length != layers) {
            throw new IllegalArgumentException("a belief net of " + layers + " RBMs needs " + (layers + 1)
                    + " layer sizes and one weight matrix and two bias vectors per RBM; got " + sizes.length + " sizes, "
                    + visibleBias.length + " visible and " + hiddenBias.length + " hidden bias vectors");
        }
        for (int l = 0; l < layers; l++) {
            if (sizes[l] < 1 || sizes[l + 1] < 1 || weights[l].length != sizes[l] * sizes[l + 1]
                    || visibleBias[l].length != sizes[l] || hiddenBias[l].length != sizes[l + 1]) {
                throw new IllegalArgumentException("RBM " + l + " of " + sizes[l] + " visible and " + sizes[l + 1]
                        + " hidden units needs " + sizes[l] * sizes[l + 1] + " weights, " + sizes[l] + " and "
                        + sizes[l + 1] + " biases");
            }
        }
        this.sizes = sizes.clone();
        this.weights = new float[layers][];
        this.visibleBias = new float[layers][];
        this.hiddenBias = new float[layers][];
        for (int l = 0; l < layers; l++) {
            this.weights[l] = weights[l].clone();
            this.visibleBias[l] = visibleBias[l].clone();
            this.hiddenBias[l] = hiddenBias[l].clone();
        }
    }

    /**
     * The Monte Carlo estimate of the bound, averaged over the rows of {@code data} (binary): for
     * each row, {@code samples} binary up-passes drawn from q, given the top RBM's log partition
     * function (from {@link Rbm#exactLogZ} or {@link Rbm#ais}). Each sample of the bound is a
     * lower bound in expectation only, so its mean over many samples is what compares to log p(v).
     */
    public double meanBound(DataSet data, double logZTop, int samples, Rng rng) {
        if (data.cols() != sizes[0]) {
            throw new IllegalArgumentException("the data has " + data.cols() + " columns; this net has " + sizes[0]
                    + " inputs");
        }
        if (data.rows() < 1 || samples < 1) {
            throw new IllegalArgumentException("the bound needs at least one row and one sample, not " + data.rows()
                    + " and " + samples);
        }
        int layers = weights.length;
        // With one RBM the bound is exact and deterministic: one pass is all the samples.
        int passes = layers == 1 ? 1 : samples;
        int batch = Math.min(BATCH, data.rows());
        UpPass up = new UpPass(batch);
        float[] input = new float[batch * sizes[0]];
        double sum = 0;
        for (int from = 0; from < data.rows(); from += batch) {
            int rows = Math.min(batch, data.rows() - from);
            data.copyRows(from, rows, input);
            for (int pass = 0; pass < passes; pass++) {
                float[] topVisible = up.sample(input, rows, rng);
                for (int r = 0; r < rows; r++) {
                    sum += up.directed[r];
                }
                sum -= freeEnergies(up.ops, topVisible, rows, up.preActivation);
            }
        }
        return sum / ((double) data.rows() * passes) - logZTop;
    }

    /** The widths of the layers, input first. */
    public int[] sizes() {
        return sizes.clone();
    }

    /** The top RBM as a probability model. */
    public Rbm topRbm() {
        int top = weights.length - 1;
        return new Rbm(sizes[top], sizes[top + 1], weights[top], visibleBias[top], hiddenBias[top]);
    }

    /**
     * The base rates for AIS in the top RBM: the biases of independent units each on as often as the
     * top RBM's visible layer is on average over {@code training} (the data itself for one RBM, else
     * the up-pass probabilities of the layer below the top).
     */
    public double[] topBaseRates(DataSet training) {
        requireWidth(training);
        int top = weights.length - 1;
        if (top == 0) {
            return BaseRates.of(training);
        }
        int batch = Math.min(BATCH, training.rows());
        float[] input = new float[batch * sizes[0]];
        float[][] up = new float[top][];
        for (int l = 0; l < top; l++) {
            up[l] = new float[batch * sizes[l + 1]];
        }
        KernelOps ops = Kernels.ops();
        double[] sum = new double[sizes[top]];
        for (int from = 0; from < training.rows(); from += batch) {
            int rows = Math.min(batch, training.rows() - from);
            training.copyRows(from, rows, input);
            float[] below = input;
            for (int l = 0; l < top; l++) {
                ops.gemmNT(rows, sizes[l + 1], sizes[l], 1f, below, sizes[l], weights[l], sizes[l], 0f, up[l], sizes[l + 1]);
                ops.sigmoidWithBias(up[l], hiddenBias[l], rows, sizes[l + 1]);
                below = up[l];
            }
            for (int k = 0; k < rows * sizes[top]; k++) {
                sum[k % sizes[top]] += below[k];
            }
        }
        return BaseRates.fromSums(sum, training.rows());
    }

    /**
     * Conservative estimates of log p(v), one per row of binary {@code data} (RAISE; Burda, Grosse and
     * Salakhutdinov 2015): one binary up-pass from q, then a reverse annealing chain in the top RBM
     * from the sampled top-visible state down to its base-rate model ({@code topBaseRates}, from
     * {@link #topBaseRates}) through {@code temperatures} inverse temperatures; the estimate is
     * log p(v | h¹) p(h¹ | h²) … / q(h¹, … | v) plus the top RBM's reverse estimate. Its exponent is
     * unbiased for the annealed net's p(v), so its log errs low: the conservative side.
     */
    public double[] reverseLogLikelihoods(DataSet data, int temperatures, double[] topBaseRates, Rng rng) {
        requireWidth(data);
        int layers = weights.length;
        int top = layers - 1;
        Annealing annealing = new Annealing(new int[] {sizes[top], sizes[top + 1]}, new float[][] {weights[top]},
                new double[][] {toDouble(visibleBias[top]), toDouble(hiddenBias[top])});
        int batch = Math.min(Rbm.REVERSE_BATCH, data.rows());
        UpPass up = new UpPass(batch);
        float[] input = new float[batch * sizes[0]];
        double[] out = new double[data.rows()];
        for (int from = 0; from < data.rows(); from += batch) {
            int rows = Math.min(batch, data.rows() - from);
            data.copyRows(from, rows, input);
            float[] topVisible = up.sample(input, rows, rng);
            annealing.reverse(topVisible, null, rows, temperatures, topBaseRates, rng, out, from);
            for (int r = 0; r < rows; r++) {
                out[from + r] += up.directed[r];
            }
        }
        return out;
    }

    /**
     * One binary up-pass of a batch through the directed layers, with its scratch: each hᵢ drawn
     * from q(hᵢ | hᵢ₋₁) = σ(Wᵢhᵢ₋₁ + cᵢ), and per row the log-ratio of the generative to the
     * recognition probabilities of the draw, Σᵢ log p(hᵢ₋₁ | hᵢ) − log q(hᵢ | hᵢ₋₁).
     */
    private final class UpPass {
        final KernelOps ops = Kernels.ops();
        final float[][] states;
        final float[] preActivation;
        final float[] probability;
        /** Per row of the last {@link #sample}: log p(h₀ … | hₜₒₚ) − log q(h₁ … hₜₒₚ | v). */
        final double[] directed;

        UpPass(int batch) {
            int top = weights.length - 1;
            int widest = 0;
            for (int size : sizes) {
                widest = Math.max(widest, size);
            }
            states = new float[top][];
            for (int l = 0; l < top; l++) {
                states[l] = new float[batch * sizes[l + 1]];
            }
            preActivation = new float[batch * widest];
            probability = new float[batch * widest];
            directed = new double[batch];
        }

        /** Draws the up-pass of {@code rows} rows of {@code input}; returns the top RBM's visible states. */
        float[] sample(float[] input, int rows, Rng rng) {
            Arrays.fill(directed, 0);
            float[] below = input;
            for (int l = 0; l < weights.length - 1; l++) {
                int in = sizes[l];
                int n = sizes[l + 1];
                float[] h = states[l];
                // h_l ~ q(h_l | h_{l−1}) = σ(W_l h_{l−1} + c_l), and its log-probability
                ops.gemmNT(rows, n, in, 1f, below, in, weights[l], in, 0f, preActivation, n);
                System.arraycopy(preActivation, 0, probability, 0, rows * n);
                ops.sigmoidWithBias(probability, hiddenBias[l], rows, n);
                rng.sampleBernoulli(probability, h, rows * n);
                addLogBernoulli(preActivation, hiddenBias[l], h, rows, n, directed, -1);
                // log p(h_{l−1} | h_l) = log σ(W_lᵀ h_l + b_l) at h_{l−1}
                ops.gemmNN(rows, in, n, 1f, h, n, weights[l], in, 0f, preActivation, in);
                addLogBernoulli(preActivation, visibleBias[l], below, rows, in, directed, 1);
                below = h;
            }
            return below;
        }
    }

    private void requireWidth(DataSet data) {
        if (data.cols() != sizes[0]) {
            throw new IllegalArgumentException("the data has " + data.cols() + " columns; this net has " + sizes[0]
                    + " inputs");
        }
        if (data.rows() < 1) {
            throw new IllegalArgumentException("the data set is empty");
        }
    }

    /** out[r] += sign · Σⱼ log Bernoulli(xᵣⱼ | σ(aᵣⱼ)), a = pre-activation + bias. */
    private static void addLogBernoulli(float[] preActivation, float[] bias, float[] x, int rows, int cols, double[] out,
            int sign) {
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                int k = r * cols + j;
                double a = (double) preActivation[k] + bias[j];
                sum += x[k] * a - Rbm.softplus(a);
            }
            out[r] += sign * sum;
        }
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    /** The top RBM's free energies of the {@code rows} states {@code v}, summed: Σ −bᵀv − Σ_j softplus(c_j + W_j·v). */
    private double freeEnergies(KernelOps ops, float[] v, int rows, float[] preActivation) {
        int top = weights.length - 1;
        int in = sizes[top];
        int out = sizes[top + 1];
        ops.gemmNT(rows, out, in, 1f, v, in, weights[top], in, 0f, preActivation, out);
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < in; i++) {
                sum -= (double) visibleBias[top][i] * v[r * in + i];
            }
            for (int j = 0; j < out; j++) {
                sum -= Rbm.softplus((double) preActivation[r * out + j] + hiddenBias[top][j]);
            }
        }
        return sum;
    }
}
