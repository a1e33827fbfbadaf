package org.aestack.runtime.metric;

import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.kernel.KernelOps;
import org.aestack.runtime.kernel.Kernels;
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
    /** W and b again in float, for the kernels. */
    private final float[] weights;
    private final float[] visibleBias;

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
        this.visibleBias = visibleBias.clone();
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

    /** An AIS estimate of log Z and the spread (standard deviation) of the log importance weights of its runs. */
    public record Estimate(double logZ, double standardDeviation) {}

    /**
     * Annealed importance sampling (Salakhutdinov and Murray 2008) from the base-rate model (the
     * visible biases only, so its log Z is known) to this one, through {@code temperatures} evenly
     * spaced inverse temperatures, with {@code runs} independent chains; returns log of the mean
     * importance weight. The chains advance together as the rows of float matrices, so each Gibbs
     * sweep is two matrix products on the kernels; the log weights accumulate in double.
     */
    public Estimate ais(int runs, int temperatures, Rng rng) {
        if (runs < 1 || temperatures < 1) {
            throw new IllegalArgumentException("AIS needs at least one run and one temperature, not " + runs + " and "
                    + temperatures);
        }
        KernelOps ops = Kernels.ops();
        float[] v = new float[runs * visible];
        float[] visibleInput = new float[runs * visible];
        float[] hiddenInput = new float[runs * hidden];
        float[] hiddenProbability = new float[runs * hidden];
        float[] h = new float[runs * hidden];
        float[] uniforms = new float[runs * Math.max(visible, hidden)];
        double[] logW = new double[runs];

        // Exact samples of the base-rate model: v ~ σ(b), independently.
        for (int r = 0; r < runs; r++) {
            for (int i = 0; i < visible; i++) {
                visibleInput[r * visible + i] = (float) sigmoid(b[i]);
            }
        }
        rng.fillUniform(uniforms, runs * visible, 0f, 1f);
        ops.sampleBernoulli(visibleInput, uniforms, v, runs * visible);

        double previous = 0;
        for (int t = 1; t <= temperatures; t++) {
            double beta = t / (double) temperatures;
            // log p*_β(v) = bᵀv + Σ_j softplus(β (c_j + W_j·v)); the step's weight is its change from the previous β.
            ops.gemmNT(runs, hidden, visible, 1f, v, visible, weights, visible, 0f, hiddenInput, hidden);
            for (int r = 0; r < runs; r++) {
                double step = 0;
                for (int j = 0; j < hidden; j++) {
                    int k = r * hidden + j;
                    double z = hiddenInput[k] + c[j];
                    double a = beta * z;
                    double e = Math.exp(-Math.abs(a));
                    step += Math.max(a, 0) + Math.log1p(e) - softplus(previous * z);
                    hiddenProbability[k] = (float) (a >= 0 ? 1 / (1 + e) : e / (1 + e));
                }
                logW[r] += step;
            }
            previous = beta;
            if (t == temperatures) {
                break; // the last weight is in; a further sweep would change nothing
            }
            // One Gibbs sweep at β: p_β(v, h) ∝ exp(bᵀv + β (cᵀh + hᵀWv)).
            rng.fillUniform(uniforms, runs * hidden, 0f, 1f);
            ops.sampleBernoulli(hiddenProbability, uniforms, h, runs * hidden);
            ops.gemmNN(runs, visible, hidden, (float) beta, h, hidden, weights, visible, 0f, visibleInput, visible);
            ops.sigmoidWithBias(visibleInput, visibleBias, runs, visible);
            rng.fillUniform(uniforms, runs * visible, 0f, 1f);
            ops.sampleBernoulli(visibleInput, uniforms, v, runs * visible);
        }

        double logZBase = hidden * Math.log(2);
        for (int i = 0; i < visible; i++) {
            logZBase += softplus(b[i]);
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
