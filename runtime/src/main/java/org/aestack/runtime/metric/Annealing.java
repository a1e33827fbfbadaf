package org.aestack.runtime.metric;

import java.util.Arrays;
import org.aestack.runtime.kernel.KernelOps;
import org.aestack.runtime.kernel.Kernels;
import org.aestack.runtime.kernel.Rng;

/**
 * Annealing between a Bernoulli machine of layers h⁰ = v, h¹ … hᴸ (L = 1: an RBM; L ≥ 2: a deep
 * Boltzmann machine), weights Wₗ {@code sizes[l+1] × sizes[l]} and biases bₗ, and a base model
 * whose visible units are independent with biases b<sub>A</sub> and whose hidden units are
 * uniform; both ways.
 *
 * <p>The odd layers are summed out, so a state is the even layers (v among them) and the
 * intermediate distributions are, for an inverse temperature β,
 * log f<sub>β</sub>(x) = (1 − β) b<sub>A</sub>ᵀv + β b₀ᵀv + β Σ<sub>even e ≥ 2</sub> bₑᵀhₑ
 * + Σ<sub>odd o</sub> Σⱼ softplus(β · (bₒ + input from the layers beside o))ⱼ,
 * with log Z₀ = Σᵢ softplus(b<sub>A,i</sub>) + log 2 · (hidden units). The transition at β samples
 * the odd layers given the even ones, then the even ones given the odd: it leaves f<sub>β</sub>
 * invariant and is reversible, so it serves both directions.
 *
 * <ul>
 *   <li>{@link #forward}: annealed importance sampling (Salakhutdinov and Murray 2008) from the
 *       base model up to the machine; its estimate of Z is unbiased, so that of log Z errs low and a
 *       likelihood that rests on it errs high.
 *   <li>{@link #reverse}: reverse annealed importance sampling (RAISE; Burda, Grosse and
 *       Salakhutdinov 2015), from a test image down to the base model, for an unbiased estimate of
 *       the likelihood of the annealed model; its log errs low, the conservative side.
 * </ul>
 *
 * <p>The β follow the schedule of Salakhutdinov's code in its proportions: a fifteenth of the
 * temperatures spaced evenly over [0, 0.5], four fifteenths over [0.5, 0.9], the rest over
 * [0.9, 1], where the distributions change fastest. Runs advance together as matrix rows, so each
 * transition is a few matrix products on the kernels; weights accumulate in double.
 */
final class Annealing {
    private final int[] sizes;
    private final int layers;
    private final float[][] weights;
    private final double[][] bias;

    /** Keeps the arrays given and only reads them. */
    Annealing(int[] sizes, float[][] weights, double[][] bias) {
        this.sizes = sizes;
        this.layers = sizes.length - 1;
        this.weights = weights;
        this.bias = bias;
    }

    /** β₀ = 0 … β_K = 1 for {@code temperatures} = K steps, in the proportions of the class comment. */
    static double[] schedule(int temperatures) {
        if (temperatures < 1) {
            throw new IllegalArgumentException("annealing needs at least one temperature, not " + temperatures);
        }
        double[] beta = new double[temperatures + 1];
        if (temperatures < 3) {
            for (int k = 0; k <= temperatures; k++) {
                beta[k] = k / (double) temperatures;
            }
            return beta;
        }
        int first = Math.max(1, temperatures / 15);
        int second = Math.max(1, 4 * temperatures / 15);
        int third = temperatures - first - second;
        int k = 0;
        for (int i = 1; i <= first; i++) {
            beta[++k] = 0.5 * i / first;
        }
        for (int i = 1; i <= second; i++) {
            beta[++k] = 0.5 + 0.4 * i / second;
        }
        for (int i = 1; i <= third; i++) {
            beta[++k] = 0.9 + 0.1 * i / third;
        }
        beta[temperatures] = 1;
        return beta;
    }

    /** log Z₀ of the base model: independent visible units with biases {@code base}, uniform hidden ones. */
    double logZBase(double[] base) {
        double logZ = 0;
        for (double x : base) {
            logZ += Rbm.softplus(x);
        }
        for (int l = 1; l < sizes.length; l++) {
            logZ += sizes[l] * Math.log(2);
        }
        return logZ;
    }

    /**
     * log Z by AIS: {@code runs} runs from exact samples of the base model with visible biases
     * {@code base} through {@code temperatures} inverse temperatures.
     */
    LogZEstimate forward(int runs, int temperatures, double[] base, boolean baseRates, Rng rng) {
        if (runs < 1) {
            throw new IllegalArgumentException("AIS needs at least one run, not " + runs);
        }
        requireBase(base);
        double[] beta = schedule(temperatures);
        Chains c = new Chains(runs, base);
        // Exact samples of the base model: v ~ σ(b_A), the hidden layers uniform.
        for (int l = 0; l < sizes.length; l += 2) {
            c.sampleBase(l, runs, rng);
        }
        double[] logW = new double[runs];
        for (int k = 1; k <= temperatures; k++) {
            c.oddInputs(runs);
            c.addLogRatio(beta[k], beta[k - 1], runs, logW);
            if (k < temperatures) {
                c.transition(beta[k], runs, rng);
            }
        }
        return LogZEstimate.of(logZBase(base), logW, temperatures, baseRates);
    }

    /**
     * RAISE: for each of {@code rows} visible vectors, one reverse chain from it to the base model;
     * writes an estimate of log p(v) to {@code out[offset + r]} whose exponent is unbiased for the
     * annealed model's p(v). The chains keep the even layers (v among them) and sum out the odd; the
     * even hidden layers start from samples of {@code proposal[e]} ({@code rows × sizes[e]}
     * probabilities, e.g. a mean-field posterior; null for an RBM), whose log-probability the
     * estimate subtracts.
     */
    void reverse(float[] visible, float[][] proposal, int rows, int temperatures, double[] base, Rng rng, double[] out,
            int offset) {
        requireBase(base);
        double[] beta = schedule(temperatures);
        Chains c = new Chains(rows, base);
        System.arraycopy(visible, 0, c.state[0], 0, rows * sizes[0]);
        double[] logW = new double[rows];
        for (int e = 2; e < sizes.length; e += 2) {
            int n = sizes[e];
            rng.fillUniform(c.uniforms, rows * n, 0f, 1f);
            for (int k = 0; k < rows * n; k++) {
                double p = proposal[e][k];
                boolean on = c.uniforms[k] < p;
                c.state[e][k] = on ? 1f : 0f;
                logW[k / n] -= Math.log(on ? p : 1 - p);
            }
        }
        c.oddInputs(rows);
        c.addLogF(1, rows, logW);
        for (int k = temperatures - 1; k >= 0; k--) {
            c.transition(beta[k + 1], rows, rng);
            c.oddInputs(rows);
            c.addLogRatio(beta[k], beta[k + 1], rows, logW);
        }
        double logZ0 = logZBase(base);
        for (int r = 0; r < rows; r++) {
            out[offset + r] = logW[r] - logZ0;
        }
    }

    private void requireBase(double[] base) {
        if (base.length != sizes[0]) {
            throw new IllegalArgumentException("the base model needs " + sizes[0] + " visible biases, not " + base.length);
        }
    }

    /**
     * The state of a batch of chains, which keep the even layers (v among them) and sum out the odd
     * ones, and its scratch: one matrix per layer. With a = b<sub>A</sub> for the visible layer and 0
     * for the hidden ones, layer l's bias at β is (1 − β) aₗ + β bₗ, so
     * log f<sub>β</sub>(x) = Σ<sub>even l</sub> ((1 − β) aₗ + β bₗ)ᵀhₗ + Σ<sub>odd s</sub> Σⱼ softplus((1 − β) aₛ + β (bₛ + inputₛ))ⱼ.
     */
    private final class Chains {
        final KernelOps ops = Kernels.ops();
        final double[][] anchor = new double[sizes.length][];
        final float[][] state = new float[sizes.length][];
        /** For an odd layer, bₛ + its input from the even layers; scratch for an even one. */
        final float[][] pre = new float[sizes.length][];
        final float[][] scaledBias = new float[sizes.length][];
        final float[] uniforms;

        Chains(int rows, double[] base) {
            int widest = 0;
            for (int l = 0; l < sizes.length; l++) {
                anchor[l] = l == 0 ? base : new double[sizes[l]];
                state[l] = new float[rows * sizes[l]];
                pre[l] = new float[rows * sizes[l]];
                scaledBias[l] = new float[sizes[l]];
                widest = Math.max(widest, sizes[l]);
            }
            uniforms = new float[rows * widest];
        }

        /** pre[s] = bₛ + W_{s−1} h_{s−1} + Wₛᵀ h_{s+1} for every odd layer s. */
        void oddInputs(int rows) {
            for (int s = 1; s < sizes.length; s += 2) {
                fromNeighbours(s, rows, 1f);
                float[] b = scaledBias[s];
                for (int j = 0; j < sizes[s]; j++) {
                    b[j] = (float) bias[s][j];
                }
                ops.addBias(pre[s], b, rows, sizes[s]);
            }
        }

        /** pre[l] = alpha · (W_{l−1} h_{l−1} + Wₗᵀ h_{l+1}). */
        void fromNeighbours(int l, int rows, float alpha) {
            int n = sizes[l];
            float beta = 0f;
            if (l > 0) {
                ops.gemmNT(rows, n, sizes[l - 1], alpha, state[l - 1], sizes[l - 1], weights[l - 1], sizes[l - 1], 0f, pre[l], n);
                beta = 1f;
            }
            if (l < layers) {
                ops.gemmNN(rows, n, sizes[l + 1], alpha, state[l + 1], sizes[l + 1], weights[l], n, beta, pre[l], n);
            }
        }

        /** Kept layer l ~ the base model: σ(b_A) for the visible layer, uniform for a hidden one. */
        void sampleBase(int l, int rows, Rng rng) {
            Arrays.fill(pre[l], 0, rows * sizes[l], 0f);
            draw(l, rows, 0, rng);
        }

        /** state[l] ~ Bernoulli(σ(pre[l] + (1 − β) aₗ + β bₗ)); pre[l] is overwritten. */
        private void draw(int l, int rows, double beta, Rng rng) {
            float[] b = scaledBias[l];
            for (int i = 0; i < sizes[l]; i++) {
                b[i] = (float) ((1 - beta) * anchor[l][i] + beta * bias[l][i]);
            }
            ops.sigmoidWithBias(pre[l], b, rows, sizes[l]);
            rng.sampleBernoulli(pre[l], state[l], rows * sizes[l]);
        }

        /** One transition at β: the odd layers given the even ones (their pre current), then the even given those. */
        void transition(double beta, int rows, Rng rng) {
            for (int s = 1; s < sizes.length; s += 2) {
                float[] z = pre[s];
                int n = rows * sizes[s];
                // the argument (1 − β) aₛ + β (bₛ + input): scale, and let draw add (1 − β) aₛ with β = 0's bias
                for (int k = 0; k < n; k++) {
                    z[k] *= (float) beta;
                }
                float[] b = scaledBias[s];
                for (int j = 0; j < sizes[s]; j++) {
                    b[j] = (float) ((1 - beta) * anchor[s][j]);
                }
                ops.sigmoidWithBias(z, b, rows, sizes[s]);
                rng.sampleBernoulli(z, state[s], n);
            }
            for (int l = 0; l < sizes.length; l += 2) {
                fromNeighbours(l, rows, (float) beta);
                draw(l, rows, beta, rng);
            }
        }

        /** logW[r] += log f_β(xᵣ) − log f_β'(xᵣ), the odd layers' inputs current. */
        void addLogRatio(double beta, double previous, int rows, double[] logW) {
            double step = beta - previous;
            for (int r = 0; r < rows; r++) {
                double linear = 0;
                for (int l = 0; l < sizes.length; l += 2) {
                    int n = sizes[l];
                    for (int i = 0; i < n; i++) {
                        linear += (bias[l][i] - anchor[l][i]) * state[l][r * n + i];
                    }
                }
                double s = step * linear;
                for (int l = 1; l < sizes.length; l += 2) {
                    int n = sizes[l];
                    double[] a = anchor[l];
                    for (int j = 0; j < n; j++) {
                        double z = pre[l][r * n + j];
                        s += Rbm.softplus((1 - beta) * a[j] + beta * z) - Rbm.softplus((1 - previous) * a[j] + previous * z);
                    }
                }
                logW[r] += s;
            }
        }

        /** logW[r] += log f_β(xᵣ), the odd layers' inputs current. */
        void addLogF(double beta, int rows, double[] logW) {
            for (int r = 0; r < rows; r++) {
                double s = 0;
                for (int l = 0; l < sizes.length; l += 2) {
                    int n = sizes[l];
                    for (int i = 0; i < n; i++) {
                        s += ((1 - beta) * anchor[l][i] + beta * bias[l][i]) * state[l][r * n + i];
                    }
                }
                for (int l = 1; l < sizes.length; l += 2) {
                    int n = sizes[l];
                    double[] a = anchor[l];
                    for (int j = 0; j < n; j++) {
                        s += Rbm.softplus((1 - beta) * a[j] + beta * pre[l][r * n + j]);
                    }
                }
                logW[r] += s;
            }
        }
    }
}
