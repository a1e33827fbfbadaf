package org.aestack.runtime.metric;

import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.kernel.Rng;

/**
 * The probability model of a Bernoulli–Bernoulli restricted Boltzmann machine, for evaluation:
 * E(v, h) = −bᵀv − cᵀh − hᵀWv, with W {@code hidden × visible} (PyTorch's layout), b the visible and
 * c the hidden biases. Free energy, exact log Z by enumerating the smaller layer (up to
 * {@link #MAX_ENUMERATED} units), exact log-likelihood from it, and annealed importance sampling
 * (Salakhutdinov and Murray 2008) for models too large to enumerate.
 */
public final class Rbm {
    /** The most units of one layer {@link #exactLogZ} enumerates: 2^24 states. */
    public static final int MAX_ENUMERATED = 24;

    private final int visible;
    private final int hidden;
    private final double[] w;
    private final double[] b;
    private final double[] c;

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
        double sum = 0;
        for (int r = 0; r < data.rows(); r++) {
            sum -= freeEnergy(data.row(r));
        }
        return sum / data.rows() - logZ;
    }

    /** An AIS estimate of log Z and the spread of its runs. */
    public record Estimate(double logZ, double standardDeviation) {}

    /**
     * Annealed importance sampling from the base-rate model (the visible biases only, so its
     * log Z is known) to this one, through {@code temperatures} evenly spaced inverse temperatures,
     * with {@code runs} independent chains; returns log of the mean importance weight.
     */
    public Estimate ais(int runs, int temperatures, Rng rng) {
        double[] logW = new double[runs];
        double logZBase = hidden * Math.log(2);
        for (int i = 0; i < visible; i++) {
            logZBase += softplus(b[i]);
        }
        double[] v = new double[visible];
        double[] h = new double[hidden];
        for (int run = 0; run < runs; run++) {
            for (int i = 0; i < visible; i++) {
                v[i] = rng.nextDouble() < sigmoid(b[i]) ? 1 : 0;
            }
            double weight = 0;
            for (int t = 1; t <= temperatures; t++) {
                double prev = (t - 1) / (double) temperatures;
                double beta = t / (double) temperatures;
                weight += logUnnormalized(v, beta) - logUnnormalized(v, prev);
                // One Gibbs sweep at inverse temperature beta: p_beta(v, h) ∝ exp(bᵀv + beta (cᵀh + hᵀWv)).
                for (int j = 0; j < hidden; j++) {
                    double z = c[j];
                    for (int i = 0; i < visible; i++) {
                        z += w[j * visible + i] * v[i];
                    }
                    h[j] = rng.nextDouble() < sigmoid(beta * z) ? 1 : 0;
                }
                for (int i = 0; i < visible; i++) {
                    double z = 0;
                    for (int j = 0; j < hidden; j++) {
                        z += w[j * visible + i] * h[j];
                    }
                    v[i] = rng.nextDouble() < sigmoid(b[i] + beta * z) ? 1 : 0;
                }
            }
            logW[run] = weight;
        }
        double logMean = logSumExp(logW) - Math.log(runs);
        double mean = 0;
        for (double x : logW) {
            mean += x;
        }
        mean /= runs;
        double var = 0;
        for (double x : logW) {
            var += (x - mean) * (x - mean);
        }
        return new Estimate(logZBase + logMean, Math.sqrt(var / Math.max(1, runs - 1)));
    }

    /** log of the unnormalized marginal of v at inverse temperature beta, hidden units summed out. */
    private double logUnnormalized(double[] v, double beta) {
        double s = 0;
        for (int i = 0; i < visible; i++) {
            s += b[i] * v[i];
        }
        for (int j = 0; j < hidden; j++) {
            double z = c[j];
            for (int i = 0; i < visible; i++) {
                z += w[j * visible + i] * v[i];
            }
            s += softplus(beta * z);
        }
        return s;
    }

    static double softplus(double x) {
        return x > 30 ? x : Math.log1p(Math.exp(x));
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
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
