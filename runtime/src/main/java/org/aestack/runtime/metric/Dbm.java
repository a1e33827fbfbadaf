package org.aestack.runtime.metric;

import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.kernel.KernelOps;
import org.aestack.runtime.kernel.Kernels;
import org.aestack.runtime.kernel.Rng;
import org.aestack.runtime.engine.DeepBoltzmann;

/**
 * The probability model of a deep Boltzmann machine with Bernoulli units, for evaluation: layers
 * h⁰ = v, h¹ … hᴸ (L ≥ 2), weights Wₗ {@code sizes[l+1] × sizes[l]} (PyTorch's layout: Wₗ maps
 * layer l to layer l + 1) and one bias vector per layer, energy
 * E = −Σₗ hₗ₊₁ᵀ Wₗ hₗ − Σₗ bₗᵀ hₗ.
 *
 * <p>Given the odd layers, the even ones (the visible layer among them) are independent of each
 * other, and the other way round. So log Z sums over every state of the odd layers with the even
 * layers summed out in closed form, exactly, when the odd layers have at most
 * {@link #MAX_ENUMERATED} units together; {@link #ais} estimates it for larger models, with the odd
 * layers summed out the same way (Salakhutdinov and Hinton 2009). {@link #meanVariationalBound}
 * is the mean-field lower bound on log p(v).
 */
public final class Dbm {
    /** The most units the odd layers may have together for {@link #exactLogZ}: 2^24 states. */
    public static final int MAX_ENUMERATED = 24;

    /** Mean-field sweeps at most for the posteriors that start reverse chains: they shape the proposal only. */
    public static final int PROPOSAL_SWEEPS = 30;

    /** The tolerance of those sweeps. */
    public static final double PROPOSAL_TOLERANCE = 1e-5;

    private final int[] sizes;
    private final int layers;
    private final double[][] w;
    private final double[][] b;

    /**
     * Copies the parameters.
     *
     * @param sizes the units of each layer, visible first: at least three layers
     * @param weights {@code weights[l]} is {@code sizes[l+1] × sizes[l]}, row-major
     * @param biases {@code biases[l]} has {@code sizes[l]} entries, the visible biases first
     */
    public Dbm(int[] sizes, float[][] weights, float[][] biases) {
        if (sizes.length < 3 || weights.length != sizes.length - 1 || biases.length != sizes.length) {
            throw new IllegalArgumentException("a DBM needs at least two hidden layers, a weight matrix between each pair of"
                    + " layers and a bias vector per layer");
        }
        this.sizes = sizes.clone();
        this.layers = sizes.length - 1;
        this.w = new double[layers][];
        this.b = new double[sizes.length][];
        for (int l = 0; l < layers; l++) {
            if (weights[l].length != sizes[l + 1] * sizes[l]) {
                throw new IllegalArgumentException("weights " + l + " must be " + sizes[l + 1] + " x " + sizes[l]);
            }
            w[l] = toDouble(weights[l]);
        }
        for (int l = 0; l < sizes.length; l++) {
            if (biases[l].length != sizes[l]) {
                throw new IllegalArgumentException("biases " + l + " must have " + sizes[l] + " entries");
            }
            b[l] = toDouble(biases[l]);
        }
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    /** The units of the odd layers together: the bits {@link #exactLogZ} enumerates. */
    public int oddUnits() {
        int n = 0;
        for (int l = 1; l < sizes.length; l += 2) {
            n += sizes[l];
        }
        return n;
    }

    /** The layer and unit of bit {@code bit} of an enumerated odd-layer state. */
    private int[] oddUnit(int bit) {
        for (int l = 1; l < sizes.length; l += 2) {
            if (bit < sizes[l]) {
                return new int[] {l, bit};
            }
            bit -= sizes[l];
        }
        throw new AssertionError(bit);
    }

    /**
     * log Z exactly: every state of the odd layers, in Gray-code order so that each step flips one
     * unit and updates the even layers' inputs by one column, the even layers summed out.
     *
     * @throws IllegalArgumentException when the odd layers have more than {@link #MAX_ENUMERATED} units
     */
    public double exactLogZ() {
        double[] terms = oddStateTerms(true);
        return Rbm.logSumExp(terms);
    }

    /**
     * For each odd-layer state, in Gray-code order: the odd layers' bias terms plus the even layers
     * summed out, including the visible layer when {@code withVisible}, else leaving it out (for
     * {@link #exactLogProbabilities}, where v is given).
     */
    private double[] oddStateTerms(boolean withVisible) {
        int n = oddUnits();
        if (n > MAX_ENUMERATED) {
            throw new IllegalArgumentException("exact log Z enumerates the " + n + " units of the odd layers; the limit is "
                    + MAX_ENUMERATED + " (use ais)");
        }
        int[][] unitOf = new int[n][];
        for (int bit = 0; bit < n; bit++) {
            unitOf[bit] = oddUnit(bit);
        }
        // The inputs of every even layer, starting from all odd units off: the biases.
        double[][] input = new double[sizes.length][];
        for (int e = 0; e < sizes.length; e += 2) {
            input[e] = b[e].clone();
        }
        double[][] odd = new double[sizes.length][];
        for (int o = 1; o < sizes.length; o += 2) {
            odd[o] = new double[sizes[o]];
        }
        double biasTerm = 0;
        long states = 1L << n;
        double[] terms = new double[(int) states];
        for (long s = 0; s < states; s++) {
            if (s > 0) {
                int bit = Long.numberOfTrailingZeros(s);
                int l = unitOf[bit][0];
                int j = unitOf[bit][1];
                double sign = odd[l][j] == 0 ? 1 : -1;
                odd[l][j] += sign;
                biasTerm += sign * b[l][j];
                addColumn(input, l, j, sign);
            }
            double t = biasTerm;
            for (int e = withVisible ? 0 : 2; e < sizes.length; e += 2) {
                for (double x : input[e]) {
                    t += Rbm.softplus(x);
                }
            }
            terms[(int) s] = t;
        }
        return terms;
    }

    /** Adds {@code sign} times odd unit (l, j)'s weights into the inputs of the layers beside it. */
    private void addColumn(double[][] input, int l, int j, double sign) {
        // Layer l − 1 (even, below): input_i += W_{l−1}[j][i]
        double[] below = input[l - 1];
        int cols = sizes[l - 1];
        for (int i = 0; i < cols; i++) {
            below[i] += sign * w[l - 1][j * cols + i];
        }
        if (l + 1 < sizes.length) {
            // Layer l + 1 (even, above): input_k += W_l[k][j]
            double[] above = input[l + 1];
            for (int k = 0; k < sizes[l + 1]; k++) {
                above[k] += sign * w[l][k * sizes[l] + j];
            }
        }
    }

    /**
     * log p(v) of every row of binary {@code data}, exactly: {@link #exactLogProbabilities(DataSet,
     * double)} with the {@link #exactLogZ} it computes first.
     */
    public double[] exactLogProbabilities(DataSet data) {
        return exactLogProbabilities(data, exactLogZ());
    }

    /**
     * log p(v) of every row of binary {@code data}, exactly, given log Z (for callers that already
     * have it): the odd layers enumerated (in the order of {@link #exactLogZ}), the terms that do not
     * depend on v computed once per odd state, the even hidden layers summed out.
     */
    public double[] exactLogProbabilities(DataSet data, double logZ) {
        if (data.cols() != sizes[0]) {
            throw new IllegalArgumentException("the DBM has " + sizes[0] + " visible units, the data " + data.cols() + " columns");
        }
        double[] base = oddStateTerms(false);
        int n = oddUnits();
        int[][] unitOf = new int[n][];
        for (int bit = 0; bit < n; bit++) {
            unitOf[bit] = oddUnit(bit);
        }
        double[] out = new double[data.rows()];
        double[] u = new double[sizes[1]];
        double[] values = new double[base.length];
        for (int r = 0; r < data.rows(); r++) {
            float[] v = data.row(r);
            double visibleTerm = 0;
            for (int i = 0; i < sizes[0]; i++) {
                visibleTerm += b[0][i] * v[i];
            }
            // u = W₀ v: what each unit of layer 1 adds when it is on
            for (int j = 0; j < sizes[1]; j++) {
                double z = 0;
                for (int i = 0; i < sizes[0]; i++) {
                    z += w[0][j * sizes[0] + i] * v[i];
                }
                u[j] = z;
            }
            double dot = 0;
            boolean[] on = new boolean[sizes[1]];
            double max = Double.NEGATIVE_INFINITY;
            for (int s = 0; s < base.length; s++) {
                if (s > 0) {
                    int bit = Integer.numberOfTrailingZeros(s);
                    if (unitOf[bit][0] == 1) {
                        int j = unitOf[bit][1];
                        on[j] = !on[j];
                        dot += on[j] ? u[j] : -u[j];
                    }
                }
                values[s] = base[s] + dot;
                max = Math.max(max, values[s]);
            }
            double sum = 0;
            for (double x : values) {
                sum += Math.exp(x - max);
            }
            out[r] = visibleTerm + max + Math.log(sum) - logZ;
        }
        return out;
    }

    /** The mean of {@link #exactLogProbabilities}: the exact mean test log-likelihood. */
    public double meanExactLogLikelihood(DataSet data) {
        double[] logP = exactLogProbabilities(data);
        double sum = 0;
        for (double x : logP) {
            sum += x;
        }
        return sum / logP.length;
    }

    /**
     * log Z by annealed importance sampling from the model of the visible biases alone (hidden units
     * free) through {@code temperatures} inverse temperatures, the odd layers summed out (Salakhutdinov
     * and Hinton 2009). {@link #ais(int, int, double[], Rng)} from the data's base rates is the better start.
     */
    public LogZEstimate ais(int runs, int temperatures, Rng rng) {
        return annealing().forward(runs, temperatures, b[0].clone(), false, rng);
    }

    /**
     * log Z by annealed importance sampling from the base-rate model: independent visible units with
     * the biases {@code baseRates} (from {@link BaseRates#of} on the training data), every hidden unit
     * uniform; {@code runs} runs through {@code temperatures} inverse temperatures, the odd layers
     * summed out, all runs advancing together as matrix rows on the kernels.
     */
    public LogZEstimate ais(int runs, int temperatures, double[] baseRates, Rng rng) {
        return annealing().forward(runs, temperatures, baseRates, true, rng);
    }

    /**
     * Conservative estimates of log p(v) for each row of binary {@code data} (RAISE; Burda, Grosse
     * and Salakhutdinov 2015): the even hidden layers drawn from the row's mean-field posterior (at
     * most {@code iterations} sweeps, to {@code tolerance}), then one reverse annealing chain down to
     * the base-rate model of {@code baseRates} through {@code temperatures} inverse temperatures.
     * Each estimate's exponent is unbiased for the annealed model's probability, so the mean errs
     * low, the other side from a likelihood resting on AIS's log Z.
     */
    public double[] reverseLogLikelihoods(DataSet data, int temperatures, double[] baseRates, int iterations, double tolerance,
            Rng rng) {
        if (data.cols() != sizes[0]) {
            throw new IllegalArgumentException("the DBM has " + sizes[0] + " visible units, the data " + data.cols() + " columns");
        }
        float[][] wf = toFloat(w);
        Annealing annealing = new Annealing(sizes, wf, b);
        float[][] bf = toFloat(b);
        int chunk = Math.min(Rbm.REVERSE_BATCH, Math.max(1, data.rows()));
        DeepBoltzmann meanField = new DeepBoltzmann(sizes, chunk, 1, 1, iterations, tolerance);
        float[][] mu = new float[sizes.length][];
        for (int l = 0; l < sizes.length; l++) {
            mu[l] = new float[chunk * sizes[l]];
        }
        double[] out = new double[data.rows()];
        for (int from = 0; from < data.rows(); from += chunk) {
            int rows = Math.min(chunk, data.rows() - from);
            data.copyRows(from, rows, mu[0]);
            meanField.meanField(mu[0], rows, wf, bf, mu);
            annealing.reverse(mu[0], mu, rows, temperatures, baseRates, rng, out, from);
        }
        return out;
    }

    private Annealing annealing() {
        return new Annealing(sizes, toFloat(w), b);
    }

    /**
     * The mean-field posteriors μ¹ … μᴸ of every row of {@code data}: a bottom-up pass with doubled
     * weights into the layers that have one above (they will hear from it too), then the fixed-point
     * updates μₗ = σ(W_{l−1} μ_{l−1} + Wₗᵀ μ_{l+1} + bₗ), layer by layer, until no value moves by more
     * than {@code tolerance} or after {@code iterations} sweeps. {@code result[l]} is
     * {@code rows × sizes[l]} (result[0] is the data).
     */
    public double[][] meanField(DataSet data, int iterations, double tolerance) {
        int rows = data.rows();
        double[][] mu = new double[sizes.length][];
        mu[0] = new double[rows * sizes[0]];
        float[] x = data.toArray();
        for (int i = 0; i < x.length; i++) {
            mu[0][i] = x[i];
        }
        for (int l = 1; l < sizes.length; l++) {
            mu[l] = new double[rows * sizes[l]];
            double scale = l < layers ? 2 : 1;
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < sizes[l]; j++) {
                    mu[l][r * sizes[l] + j] = sigmoid(b[l][j] + scale * fromBelow(mu, l, r, j));
                }
            }
        }
        for (int it = 0; it < iterations; it++) {
            double change = 0;
            for (int l = 1; l < sizes.length; l++) {
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < sizes[l]; j++) {
                        double z = b[l][j] + fromBelow(mu, l, r, j) + (l < layers ? fromAbove(mu, l, r, j) : 0);
                        double m = sigmoid(z);
                        change = Math.max(change, Math.abs(m - mu[l][r * sizes[l] + j]));
                        mu[l][r * sizes[l] + j] = m;
                    }
                }
            }
            if (change < tolerance) {
                break;
            }
        }
        return mu;
    }

    private double fromBelow(double[][] mu, int l, int r, int j) {
        int n = sizes[l - 1];
        double z = 0;
        for (int i = 0; i < n; i++) {
            z += w[l - 1][j * n + i] * mu[l - 1][r * n + i];
        }
        return z;
    }

    private double fromAbove(double[][] mu, int l, int r, int j) {
        int n = sizes[l + 1];
        double z = 0;
        for (int k = 0; k < n; k++) {
            z += w[l][k * sizes[l] + j] * mu[l + 1][r * n + k];
        }
        return z;
    }

    /**
     * The mean over rows of the mean-field lower bound on log p(v):
     * E_q[−E(v, h)] + H(q) − log Z, with q the factorial posterior of {@link #meanField}.
     */
    public double meanVariationalBound(DataSet data, double logZ, int iterations) {
        double[][] mu = meanField(data, iterations, 1e-6);
        int rows = data.rows();
        double total = 0;
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int l = 0; l < sizes.length; l++) {
                for (int i = 0; i < sizes[l]; i++) {
                    double m = mu[l][r * sizes[l] + i];
                    s += b[l][i] * m;
                    if (l > 0) {
                        s -= entropyTerm(m);
                    }
                }
                if (l < layers) {
                    for (int k = 0; k < sizes[l + 1]; k++) {
                        double z = 0;
                        for (int i = 0; i < sizes[l]; i++) {
                            z += w[l][k * sizes[l] + i] * mu[l][r * sizes[l] + i];
                        }
                        s += z * mu[l + 1][r * sizes[l + 1] + k];
                    }
                }
            }
            total += s - logZ;
        }
        return total / rows;
    }

    /**
     * {@link #meanVariationalBound(DataSet, double, int)} on the kernels, in float and 256 rows at a
     * time, for models and data sets too large for the reference loops (a 784-500-1000 DBM on 10,000
     * images): the posteriors from {@link DeepBoltzmann#meanField}, which stops early when no
     * posterior moves by more than {@code tolerance}, then E_q[−E(v, h)] + H(q) − log Z row by row.
     */
    public double meanVariationalBound(DataSet data, double logZ, int iterations, double tolerance) {
        if (data.cols() != sizes[0]) {
            throw new IllegalArgumentException("the DBM has " + sizes[0] + " visible units, the data " + data.cols() + " columns");
        }
        if (data.rows() == 0) {
            throw new IllegalArgumentException("the data set is empty");
        }
        KernelOps ops = Kernels.ops();
        float[][] wf = toFloat(w);
        float[][] bf = toFloat(b);
        int chunk = Math.min(256, data.rows());
        DeepBoltzmann meanField = new DeepBoltzmann(sizes, chunk, 1, 1, iterations, tolerance);
        float[][] mu = new float[sizes.length][];
        int widest = 0;
        for (int l = 0; l < sizes.length; l++) {
            mu[l] = new float[chunk * sizes[l]];
            widest = Math.max(widest, sizes[l]);
        }
        float[] up = new float[chunk * widest];
        double total = 0;
        for (int from = 0; from < data.rows(); from += chunk) {
            int rows = Math.min(chunk, data.rows() - from);
            data.copyRows(from, rows, mu[0]);
            meanField.meanField(mu[0], rows, wf, bf, mu);
            for (int l = 0; l < sizes.length; l++) {
                int n = sizes[l];
                for (int r = 0; r < rows; r++) {
                    double s = 0;
                    for (int i = 0; i < n; i++) {
                        double m = mu[l][r * n + i];
                        s += b[l][i] * m;
                        if (l > 0) {
                            s -= entropyTerm(m);
                        }
                    }
                    total += s;
                }
                if (l < layers) {
                    // μₗ₊₁ᵀ Wₗ μₗ per row: the products Wₗ μₗ on the kernels, then the dot with μₗ₊₁.
                    int above = sizes[l + 1];
                    ops.gemmNT(rows, above, n, 1f, mu[l], n, wf[l], n, 0f, up, above);
                    for (int k = 0; k < rows * above; k++) {
                        total += (double) up[k] * mu[l + 1][k];
                    }
                }
            }
        }
        return total / data.rows() - logZ;
    }

    /** μ log μ + (1 − μ) log(1 − μ), 0 at the ends. */
    private static double entropyTerm(double m) {
        double t = 0;
        if (m > 0) {
            t += m * Math.log(m);
        }
        if (m < 1) {
            t += (1 - m) * Math.log(1 - m);
        }
        return t;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static float[][] toFloat(double[][] a) {
        float[][] f = new float[a.length][];
        for (int i = 0; i < a.length; i++) {
            f[i] = toFloat(a[i]);
        }
        return f;
    }

    private static float[] toFloat(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }
}
