package org.aestack.runtime.metric;

import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.kernel.Rng;

/**
 * The probability model of a Bernoulli–Bernoulli restricted Boltzmann machine, for evaluation:
 * E(v, h) = −bᵀv − cᵀh − hᵀWv, with W {@code hidden × visible} (PyTorch's layout), b the visible and
 * c the hidden biases. Free energy, exact log Z by enumerating the smaller layer (up to
 * {@link #MAX_ENUMERATED} units), exact log-likelihood from it, annealed importance sampling
 * (Salakhutdinov and Murray 2008) for models too large to enumerate, and the pseudo-log-likelihood,
 * which needs no partition function at all.
 */
public final class Rbm {
    /** The most units of one layer {@link #exactLogZ} enumerates: 2^24 states. */
    public static final int MAX_ENUMERATED = 24;

    private final int visible;
    private final int hidden;
    private final double[] w;
    private final double[] b;
    private final double[] c;
    /** W again in float, for the kernels. */
    private final float[] weights;

    /** Copies the parameters; weights are {@code hidden × visible}, row-major. */
    public Rbm(int visible, int hidden, float[] weights, float[] visibleBias, float[] hiddenBias) {
        if (weights.length != visible * hidden || visibleBias.length != visible || hiddenBias.length != hidden) {
            throw new IllegalArgumentException("an RBM of " + visible + " visible and " + hidden + " hidden units needs "
                    + visible * hidden + " weights, " + visible + " and " + hidden + " biases");
        }
        this.visible = visible;
        this.hidden = hidden;
        this.w = toDouble(weights);
        this.b = toDouble(visibleBias);
        this.c = toDouble(hiddenBias);
        this.weights = weights.clone();
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    /** F(v) = −bᵀv − Σⱼ softplus(cⱼ + Wⱼ·v), so that p(v) = e^−F(v) / Z. */
    public double freeEnergy(float[] v) {
        double f = 0;
        for (int i = 0; i < visible; i++) {
            f -= b[i] * v[i];
        }
        for (int j = 0; j < hidden; j++) {
            double z = c[j];
            for (int i = 0; i < visible; i++) {
                z += w[j * visible + i] * v[i];
            }
            f -= softplus(z);
        }
        return f;
    }

    /** log Z, exactly, by summing over every state of the smaller layer (the other sums out in closed form). */
    public double exactLogZ() {
        boolean overHidden = hidden <= visible;
        int n = overHidden ? hidden : visible;
        int m = overHidden ? visible : hidden;
        if (n > MAX_ENUMERATED) {
            throw new IllegalArgumentException("exact log Z enumerates 2^" + n + " states; the limit is 2^" + MAX_ENUMERATED
                    + " (use ais)");
        }
        double[] terms = new double[1 << n];
        double[] z = new double[m];
        for (long s = 0; s < (1L << n); s++) {
            // log Σ_other exp(−E) = (bias of the enumerated layer)·s + Σ_k softplus(other bias_k + W·s)
            double sum = 0;
            for (int k = 0; k < m; k++) {
                z[k] = overHidden ? b[k] : c[k];
            }
            for (int j = 0; j < n; j++) {
                if ((s >>> j & 1) != 0) {
                    sum += overHidden ? c[j] : b[j];
                    for (int k = 0; k < m; k++) {
                        z[k] += overHidden ? w[j * visible + k] : w[k * visible + j];
                    }
                }
            }
            for (int k = 0; k < m; k++) {
                sum += softplus(z[k]);
            }
            terms[(int) s] = sum;
        }
        return logSumExp(terms);
    }

    /** The mean log-probability of the rows of {@code data} (binary), given log Z. */
    public double meanLogLikelihood(DataSet data, double logZ) {
        requireWidth(data);
        double sum = 0;
        for (int r = 0; r < data.rows(); r++) {
            sum -= freeEnergy(data.row(r));
        }
        return sum / data.rows() - logZ;
    }

    /**
     * The mean over the rows of {@code data} of the exact pseudo-log-likelihood
     * Σ<sub>i</sub> log p(v<sub>i</sub> | v<sub>−i</sub>) = Σ<sub>i</sub> log σ(F(ṽ<sup>(i)</sup>) − F(v)), where ṽ<sup>(i)</sup> is v
     * with component i replaced by 1 − v<sub>i</sub>. It needs no partition function, so it can
     * follow training of models far too large for {@link #exactLogZ}. Unlike scikit-learn's
     * estimate, which scores one random component (times the width), it sums every component, so it
     * is deterministic; it keeps the hidden pre-activations c + Wv and moves them by ±W<sub>:,i</sub>
     * per flip, which costs O(visible · hidden) a row.
     */
    public double pseudoLogLikelihood(DataSet data) {
        requireWidth(data);
        double[] columns = new double[visible * hidden];
        for (int j = 0; j < hidden; j++) {
            for (int i = 0; i < visible; i++) {
                columns[i * hidden + j] = w[j * visible + i];
            }
        }
        double[] z = new double[hidden];
        double[] softplusZ = new double[hidden];
        double sum = 0;
        for (int r = 0; r < data.rows(); r++) {
            float[] v = data.row(r);
            for (int j = 0; j < hidden; j++) {
                double zj = c[j];
                for (int i = 0; i < visible; i++) {
                    zj += w[j * visible + i] * v[i];
                }
                z[j] = zj;
                softplusZ[j] = softplus(zj);
            }
            for (int i = 0; i < visible; i++) {
                double delta = 1 - 2.0 * v[i];
                // F(ṽ) − F(v), from the change in each term of the free energy
                double difference = -b[i] * delta;
                int column = i * hidden;
                for (int j = 0; j < hidden; j++) {
                    difference -= softplus(z[j] + columns[column + j] * delta) - softplusZ[j];
                }
                sum -= softplus(-difference); // log σ(x) = −softplus(−x)
            }
        }
        return sum / data.rows();
    }

    private void requireWidth(DataSet data) {
        if (data.cols() != visible) {
            throw new IllegalArgumentException("the data has " + data.cols() + " columns; this RBM has " + visible
                    + " visible units");
        }
    }

    /**
     * log Z by annealed importance sampling (Salakhutdinov and Murray 2008) from the model of this
     * RBM's visible biases alone: {@code runs} runs through {@code temperatures} inverse
     * temperatures. {@link #ais(int, int, double[], Rng)} from the data's base rates is the better start.
     */
    public LogZEstimate ais(int runs, int temperatures, Rng rng) {
        return annealing().forward(runs, temperatures, b.clone(), false, rng);
    }

    /**
     * log Z by annealed importance sampling from the base-rate model (Salakhutdinov and Murray
     * 2008): independent visible units with the biases {@code baseRates} (from
     * {@link BaseRates#of}, on the training data), uniform hidden units; {@code runs} runs through
     * {@code temperatures} inverse temperatures, all advancing together on the kernels.
     */
    public LogZEstimate ais(int runs, int temperatures, double[] baseRates, Rng rng) {
        return annealing().forward(runs, temperatures, baseRates, true, rng);
    }

    /**
     * Conservative estimates of log p(v) for each row of binary {@code data}: one reverse annealing
     * chain each (RAISE; Burda, Grosse and Salakhutdinov 2015) from the row down to the base-rate
     * model of {@code baseRates} through {@code temperatures} inverse temperatures. Each estimate's
     * exponent is unbiased for the annealed model's probability, so its mean errs low; beside
     * {@link #meanLogLikelihood} with the log Z of {@link #ais}, which errs high, it brackets the truth.
     */
    public double[] reverseLogLikelihoods(DataSet data, int temperatures, double[] baseRates, Rng rng) {
        requireWidth(data);
        Annealing annealing = annealing();
        double[] out = new double[data.rows()];
        float[] rows = new float[Math.min(REVERSE_BATCH, data.rows()) * visible];
        for (int from = 0; from < data.rows(); from += REVERSE_BATCH) {
            int n = Math.min(REVERSE_BATCH, data.rows() - from);
            data.copyRows(from, n, rows);
            annealing.reverse(rows, null, n, temperatures, baseRates, rng, out, from);
        }
        return out;
    }

    /** Rows annealed together in {@link #reverseLogLikelihoods}. */
    static final int REVERSE_BATCH = 100;

    private Annealing annealing() {
        return new Annealing(new int[] {visible, hidden}, new float[][] {weights}, new double[][] {b, c});
    }

    static double softplus(double x) {
        return x > 30 ? x : Math.log1p(Math.exp(x));
    }

    static double logSumExp(double[] x) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : x) {
            sum += Math.exp(v - max);
        }
        return max + Math.log(sum);
    }
}
