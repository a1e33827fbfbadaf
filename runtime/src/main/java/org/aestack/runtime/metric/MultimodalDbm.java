package org.aestack.runtime.metric;

import org.aestack.dsl.UnitType;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.data.Standardizer;
import org.aestack.runtime.engine.MultimodalBoltzmann;
import org.aestack.runtime.engine.MultimodalShape;
import org.aestack.runtime.engine.ReplicatedSoftmax;
import org.aestack.runtime.kernel.KernelOps;
import org.aestack.runtime.kernel.Kernels;
import org.aestack.runtime.kernel.Rng;

/**
 * The probability model of a multimodal deep Boltzmann machine ({@link MultimodalShape}), for
 * evaluation, in double precision: energy E = Σ_Gaussian (vᵢ − bᵢ)²/2 − Σ_Bernoulli bᵀh −
 * Σ_edges h_upperᵀ W h_lower, p = exp(−E)/Z over binary states and, for Gaussian visible units,
 * densities of standardized values.
 *
 * <p>The graph is a tree, so given the layers of one parity class those of the other are
 * independent. The class without visible layers ({@link MultimodalShape#hiddenClass}) is enumerated
 * when it has at most {@link Dbm#MAX_ENUMERATED} units, and the other class summed or integrated out
 * in closed form: a Bernoulli layer with input x gives Σ softplus(x), a Gaussian visible layer with
 * bias b and input u from above gives Σ (bᵢuᵢ + uᵢ²/2 + ½ log 2π). That makes exact log Z, exact
 * log p of any subset of the modalities, exact conditionals p(missing | present) and the exact
 * conditional mean of a missing modality, against which mean-field, Gibbs sampling and training
 * are tested.
 */
public final class MultimodalDbm {
    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
    private static final KernelOps OPS = Kernels.ops();

    private final MultimodalShape shape;
    private final float[][] weightsFloat;
    private final float[][] biasesFloat;
    private final double[][] w;
    private final double[][] b;

    /** Copies the parameters, by the shape's edges and nodes. */
    public MultimodalDbm(MultimodalShape shape, float[][] weights, float[][] biases) {
        if (weights.length != shape.edges() || biases.length != shape.nodes()) {
            throw new IllegalArgumentException("the machine has " + shape.edges() + " weight matrices and " + shape.nodes()
                    + " bias vectors, not " + weights.length + " and " + biases.length);
        }
        this.shape = shape;
        this.weightsFloat = new float[weights.length][];
        this.biasesFloat = new float[biases.length][];
        this.w = new double[weights.length][];
        this.b = new double[biases.length][];
        for (int e = 0; e < weights.length; e++) {
            if (weights[e].length != shape.weights(e)) {
                throw new IllegalArgumentException("weights " + e + " must be " + shape.size(shape.upper(e)) + " x "
                        + shape.size(shape.lower(e)));
            }
            weightsFloat[e] = weights[e].clone();
            w[e] = toDouble(weights[e]);
        }
        for (int n = 0; n < biases.length; n++) {
            if (biases[n].length != shape.size(n)) {
                throw new IllegalArgumentException("biases " + n + " must have " + shape.size(n) + " entries");
            }
            biasesFloat[n] = biases[n].clone();
            b[n] = toDouble(biases[n]);
        }
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    public MultimodalShape shape() {
        return shape;
    }

    /** log Z exactly: every state of the hidden class enumerated, the other class summed or integrated out. */
    public double exactLogZ() {
        return logSum(new float[shape.pathways().size()][]);
    }

    /**
     * log p of the modalities present in one row, exactly: {@code row[p]} is pathway p's visible
     * values, or null when that modality is marginalized out. For a Gaussian modality, a log density;
     * for word counts, the probability of one word sequence with those counts (the count vector's
     * own is D!/Πₖ v̂ₖ! times it).
     */
    public double exactLogProbability(float[][] row, double logZ) {
        return logSum(row) - logZ;
    }

    /**
     * log p(target | the others present in {@code row}) exactly, Z cancelling: {@code row[target]}
     * must be present and at least one other modality too.
     */
    public double exactLogConditional(float[][] row, int target) {
        if (row[target] == null) {
            throw new IllegalArgumentException("the target modality must be given");
        }
        float[][] given = row.clone();
        given[target] = null;
        return logSum(row) - logSum(given);
    }

    /**
     * The exact mean of a missing modality's visible units given the present ones:
     * E[v_target | present] = Σ_states p(state | present)·(mean of v_target given the state), the
     * mean being b + u for Gaussian units, σ(b + u) for Bernoulli ones, D·softmax(b + u) for word counts.
     */
    public double[] exactConditionalMean(float[][] row, int target) {
        if (row[target] != null) {
            throw new IllegalArgumentException("the target modality must be missing");
        }
        int v = shape.visibleNode(target);
        double[] mean = new double[shape.size(v)];
        double logTotal = logSum(row);
        enumerate(row, (logWeight, inputs) -> {
            double weight = Math.exp(logWeight - logTotal);
            double[] x = new double[mean.length];
            for (int i = 0; i < mean.length; i++) {
                x[i] = b[v][i] + inputs[v][i];
            }
            double lse = shape.units(v) == UnitType.REPLICATED_SOFTMAX ? Rbm.logSumExp(x) : 0;
            for (int i = 0; i < mean.length; i++) {
                double m = switch (shape.units(v)) {
                    case GAUSSIAN -> x[i];
                    case REPLICATED_SOFTMAX -> shape.length(v) * Math.exp(x[i] - lse);
                    default -> sigmoid(x[i]);
                };
                mean[i] += weight * m;
            }
        });
        return mean;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /**
     * The log of the sum over the hidden class of exp(−E) with the present modalities clamped, the
     * rest summed out: one pass, the running sum rescaled whenever a larger term comes.
     */
    private double logSum(float[][] row) {
        double[] state = {Double.NEGATIVE_INFINITY, 0}; // the largest term so far, and Σ exp(term − largest)
        enumerate(row, (t, inputs) -> {
            if (t <= state[0]) {
                state[1] += Math.exp(t - state[0]);
            } else {
                state[1] = state[1] * Math.exp(state[0] - t) + 1;
                state[0] = t;
            }
        });
        return state[0] + Math.log(state[1]);
    }

    private interface StateTerm {
        /** One enumerated state's log weight, and the inputs (without biases) of every other-class node given it. */
        void accept(double logWeight, double[][] inputs);
    }

    /**
     * Visits every state of the hidden class in Gray-code order (one unit flips a step and adds or
     * takes its weights from its neighbours' inputs), with the state's log weight: its biases, and
     * each other-class node summed out or, when it is a present modality, its clamped energy.
     */
    private void enumerate(float[][] row, StateTerm visit) {
        int hidden = shape.hiddenClass();
        if (hidden < 0) {
            throw new IllegalStateException("the pathways' depths differ in parity, so both classes of layers hold visible"
                    + " units and neither can be enumerated");
        }
        int units = shape.classUnits(hidden);
        if (units > Dbm.MAX_ENUMERATED) {
            throw new IllegalStateException("exact sums enumerate the " + units + " units of the hidden class; the limit is "
                    + Dbm.MAX_ENUMERATED);
        }
        if (row.length != shape.pathways().size()) {
            throw new IllegalArgumentException("a row has one entry per pathway: " + shape.pathways().size());
        }
        int nodes = shape.nodes();
        int[] nodeOf = new int[units];
        int[] unitOf = new int[units];
        int bit = 0;
        for (int n = 0; n < nodes; n++) {
            if (shape.parity(n) == hidden) {
                for (int j = 0; j < shape.size(n); j++) {
                    nodeOf[bit] = n;
                    unitOf[bit] = j;
                    bit++;
                }
            }
        }
        double[][] state = new double[nodes][];
        double[][] inputs = new double[nodes][];
        for (int n = 0; n < nodes; n++) {
            state[n] = new double[shape.size(n)];
            inputs[n] = new double[shape.size(n)];
        }
        double biasTerm = 0;
        long states = 1L << units;
        for (long s = 0; s < states; s++) {
            if (s > 0) {
                int flip = Long.numberOfTrailingZeros(s);
                int n = nodeOf[flip];
                int j = unitOf[flip];
                double sign = state[n][j] == 0 ? 1 : -1;
                state[n][j] += sign;
                biasTerm += sign * b[n][j] * shape.biasScale(n);
                addUnit(inputs, n, j, sign);
            }
            double t = biasTerm;
            for (int n = 0; n < nodes; n++) {
                if (shape.parity(n) != hidden) {
                    t += summedOut(n, inputs[n], row);
                }
            }
            visit.accept(t, inputs);
        }
    }

    /** Adds {@code sign} times unit j of node n's weights into the inputs of the nodes beside it. */
    private void addUnit(double[][] inputs, int n, int j, double sign) {
        for (int e : shape.edgesBelow(n)) {
            int low = shape.lower(e);
            int cols = shape.size(low);
            for (int i = 0; i < cols; i++) {
                inputs[low][i] += sign * w[e][j * cols + i];
            }
        }
        for (int e : shape.edgesAbove(n)) {
            int up = shape.upper(e);
            int cols = shape.size(n);
            for (int k = 0; k < shape.size(up); k++) {
                inputs[up][k] += sign * w[e][k * cols + j];
            }
        }
    }

    /**
     * Node n's term given its input u from the enumerated class: summed or integrated out, or
     * clamped to data. Word counts that are not data are D words summed in closed form,
     * D·log Σₖ exp(bₖ + uₖ), over ordered word sequences.
     */
    private double summedOut(int n, double[] u, float[][] row) {
        double t = 0;
        boolean gaussian = shape.units(n) == UnitType.GAUSSIAN;
        float[] data = shape.isVisible(n) ? row[shape.pathwayOf(n)] : null;
        if (data == null && shape.units(n) == UnitType.REPLICATED_SOFTMAX) {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < u.length; i++) {
                max = Math.max(max, b[n][i] + u[i]);
            }
            double sum = 0;
            for (int i = 0; i < u.length; i++) {
                sum += Math.exp(b[n][i] + u[i] - max);
            }
            return shape.length(n) * (max + Math.log(sum));
        }
        double scale = shape.biasScale(n);
        for (int i = 0; i < u.length; i++) {
            if (data != null) {
                double v = data[i];
                t += gaussian ? -(v - b[n][i]) * (v - b[n][i]) / 2 + v * u[i] : v * (b[n][i] + u[i]);
            } else {
                t += gaussian ? b[n][i] * u[i] + u[i] * u[i] / 2 + HALF_LOG_TWO_PI : Rbm.softplus(scale * b[n][i] + u[i]);
            }
        }
        return t;
    }

    /**
     * The mean-field lower bound on log p(present modalities) of one row, E_q[−E] + H(q) − log Z, q
     * the factorized posterior {@link MultimodalBoltzmann#meanField} finds over every unit that is not
     * data (a missing Gaussian modality's units as unit-variance Gaussians about their means).
     */
    public double meanFieldBound(float[][] row, double logZ, int iterations, double tolerance) {
        return bound(row, meanField(row, iterations, tolerance), logZ);
    }

    /** The mean-field means of every node for one row, by the training engine in float. */
    public float[][] meanField(float[][] row, int iterations, double tolerance) {
        float[][] mu = new float[shape.nodes()][];
        for (int n = 0; n < shape.nodes(); n++) {
            mu[n] = new float[shape.size(n)];
        }
        new MultimodalBoltzmann(shape, 1, 1, 1, iterations, tolerance).meanField(row, 1, weightsFloat, biasesFloat, mu);
        return mu;
    }

    /** E_q[−E] + H(q) − log Z for the factorized q with means {@code mu}, the present modalities being data. */
    public double bound(float[][] row, float[][] mu, double logZ) {
        double value = -logZ;
        for (int n = 0; n < shape.nodes(); n++) {
            boolean data = shape.isVisible(n) && row[shape.pathwayOf(n)] != null;
            boolean gaussian = shape.units(n) == UnitType.GAUSSIAN;
            double scale = shape.biasScale(n);
            if (shape.units(n) == UnitType.REPLICATED_SOFTMAX) {
                // D word slots, each q = π = μ/D: E[bᵀv̂] = bᵀμ, entropy −D Σ π log π when not data
                int length = shape.length(n);
                for (int i = 0; i < shape.size(n); i++) {
                    double m = mu[n][i];
                    value += b[n][i] * m;
                    if (!data && m > 0) {
                        value -= m * Math.log(m / length);
                    }
                }
                continue;
            }
            for (int i = 0; i < shape.size(n); i++) {
                double m = mu[n][i];
                if (gaussian) {
                    double d = m - b[n][i];
                    value -= data ? d * d / 2 : (d * d + 1) / 2;
                    if (!data) {
                        value += HALF_LOG_TWO_PI + 0.5;
                    }
                } else {
                    value += scale * b[n][i] * m;
                    if (!data) {
                        value += entropy(m);
                    }
                }
            }
        }
        for (int e = 0; e < shape.edges(); e++) {
            int low = shape.lower(e);
            int up = shape.upper(e);
            int cols = shape.size(low);
            for (int k = 0; k < shape.size(up); k++) {
                double z = 0;
                for (int i = 0; i < cols; i++) {
                    z += w[e][k * cols + i] * mu[low][i];
                }
                value += mu[up][k] * z;
            }
        }
        return value;
    }

    private static double entropy(double p) {
        double h = 0;
        if (p > 0) {
            h -= p * Math.log(p);
        }
        if (p < 1) {
            h -= (1 - p) * Math.log(1 - p);
        }
        return h;
    }

    /**
     * The base biases annealing starts from, by pathway, fitted to training data ({@code data[p]},
     * that pathway's rows): for Bernoulli visible units the smoothed logits of their means
     * ({@link BaseRates}), for Gaussian ones their means, so the base model is the independent model
     * nearest the data.
     */
    public double[][] baseBiases(DataSet... data) {
        if (data.length != shape.pathways().size()) {
            throw new IllegalArgumentException("training data for each of the " + shape.pathways().size() + " pathways");
        }
        double[][] base = new double[data.length][];
        for (int p = 0; p < data.length; p++) {
            int v = shape.visibleNode(p);
            if (data[p].cols() != shape.size(v)) {
                throw new IllegalArgumentException(shape.pathways().get(p).name() + " has " + shape.size(v) + " units, the data "
                        + data[p].cols() + " columns");
            }
            if (shape.units(v) == UnitType.REPLICATED_SOFTMAX) {
                // the smoothed frequency of each word
                float[] x = data[p].toArray();
                int words = shape.size(v);
                double[] counts = new double[words];
                double total = 0;
                for (int i = 0; i < x.length; i++) {
                    counts[i % words] += x[i];
                    total += x[i];
                }
                base[p] = new double[words];
                for (int k = 0; k < words; k++) {
                    base[p][k] = Math.log((counts[k] + 1) / (total + words));
                }
            } else if (shape.units(v) == UnitType.GAUSSIAN) {
                float[] mean = Standardizer.fit(data[p]).mean();
                base[p] = new double[mean.length];
                for (int i = 0; i < mean.length; i++) {
                    base[p][i] = mean[i];
                }
            } else {
                base[p] = BaseRates.of(data[p]);
            }
        }
        return base;
    }

    /**
     * log Z by annealed importance sampling (Salakhutdinov and Murray 2008): {@code runs} runs from
     * exact samples of a base model through {@code temperatures} inverse temperatures, on the
     * schedule of {@link Annealing#schedule}. The base model has no weights, each pathway's visible
     * units independent with the biases {@code base[p]} (see {@link #baseBiases}) and every hidden unit
     * uniform. The hidden class ({@link MultimodalShape#hiddenClass}) is summed out, so a run's state
     * is the other class, visible layers among them: at inverse temperature β,
     * log f<sub>β</sub>(x) = Σ_Bernoulli visible b<sub>β</sub>ᵀv − Σ_Gaussian visible (v − b<sub>β</sub>)²/2
     * + β Σ bᵀh (the class's hidden layers) + Σ<sub>summed layers</sub> Σⱼ softplus(β (b + input))ⱼ,
     * b<sub>β</sub> = (1 − β) b<sub>A</sub> + β b. Each transition samples the summed class given the
     * state, then the state given it; runs advance together as matrix rows on the kernels.
     */
    public LogZEstimate ais(int runs, int temperatures, double[][] base, Rng rng) {
        int hidden = shape.hiddenClass();
        if (hidden < 0) {
            throw new IllegalStateException("the pathways' depths differ in parity, so no class of layers is free of visible"
                    + " units to sum out");
        }
        if (runs < 1) {
            throw new IllegalArgumentException("AIS needs at least one run, not " + runs);
        }
        if (base.length != shape.pathways().size()) {
            throw new IllegalArgumentException("base biases for each of the " + shape.pathways().size() + " pathways");
        }
        double[] beta = Annealing.schedule(temperatures);
        int nodes = shape.nodes();
        float[][] state = new float[nodes][];
        float[][] input = new float[nodes][];
        for (int n = 0; n < nodes; n++) {
            state[n] = new float[runs * shape.size(n)];
            input[n] = new float[runs * shape.size(n)];
        }
        double[][] baseOf = new double[nodes][];
        double logZBase = 0;
        for (int n = 0; n < nodes; n++) {
            if (shape.isVisible(n)) {
                baseOf[n] = base[shape.pathwayOf(n)];
                if (baseOf[n].length != shape.size(n)) {
                    throw new IllegalArgumentException("base biases of " + shape.pathways().get(shape.pathwayOf(n)).name()
                            + ": " + shape.size(n) + ", not " + baseOf[n].length);
                }
                if (shape.units(n) == UnitType.REPLICATED_SOFTMAX) {
                    logZBase += shape.length(n) * Rbm.logSumExp(baseOf[n]);
                } else {
                    for (double b0 : baseOf[n]) {
                        logZBase += shape.units(n) == UnitType.GAUSSIAN ? HALF_LOG_TWO_PI : Rbm.softplus(b0);
                    }
                }
            } else {
                logZBase += shape.size(n) * Math.log(2);
            }
        }
        // exact samples of the base model: the state's visible layers from their base, its hidden layers uniform
        float[] noise = new float[runs * Math.max(1, maxSize())];
        for (int n = 0; n < nodes; n++) {
            if (shape.parity(n) != hidden) {
                drawState(n, 0, state, input, baseOf, runs, rng, noise);
            }
        }
        double[] logW = new double[runs];
        for (int k = 1; k <= temperatures; k++) {
            summedInputs(hidden, state, input, runs);
            for (int r = 0; r < runs; r++) {
                logW[r] += logF(beta[k], r, hidden, state, input, baseOf) - logF(beta[k - 1], r, hidden, state, input, baseOf);
            }
            if (k < temperatures) {
                // the summed class given the state, then the state given it, at β_k
                for (int n = 0; n < nodes; n++) {
                    if (shape.parity(n) == hidden) {
                        int count = runs * shape.size(n);
                        double scale = shape.biasScale(n);
                        for (int i = 0; i < count; i++) {
                            input[n][i] = (float) (beta[k] * (scale * b[n][i % shape.size(n)] + input[n][i]));
                        }
                        rng.fillUniform(noise, count, 0f, 1f);
                        for (int i = 0; i < count; i++) {
                            state[n][i] = noise[i] < sigmoid(input[n][i]) ? 1f : 0f;
                        }
                    }
                }
                for (int n = 0; n < nodes; n++) {
                    if (shape.parity(n) != hidden) {
                        inputFrom(n, state, input[n], runs);
                        drawState(n, beta[k], state, input, baseOf, runs, rng, noise);
                    }
                }
            }
        }
        return LogZEstimate.of(logZBase, logW, temperatures, true);
    }

    private int maxSize() {
        int max = 0;
        for (int n = 0; n < shape.nodes(); n++) {
            max = Math.max(max, shape.size(n));
        }
        return max;
    }

    /** The inputs (without biases) of every node of the summed class, from the state. */
    private void summedInputs(int hidden, float[][] state, float[][] input, int runs) {
        for (int n = 0; n < shape.nodes(); n++) {
            if (shape.parity(n) == hidden) {
                inputFrom(n, state, input[n], runs);
            }
        }
    }

    /** out = Σ the weighted states of the nodes beside n, one row per run. */
    private void inputFrom(int n, float[][] state, float[] out, int runs) {
        int size = shape.size(n);
        boolean first = true;
        for (int e : shape.edgesBelow(n)) {
            int low = shape.lower(e);
            OPS.gemmNT(runs, size, shape.size(low), 1f, state[low], shape.size(low), weightsFloat[e], shape.size(low),
                    first ? 0f : 1f, out, size);
            first = false;
        }
        for (int e : shape.edgesAbove(n)) {
            int up = shape.upper(e);
            OPS.gemmNN(runs, size, shape.size(up), 1f, state[up], shape.size(up), weightsFloat[e], size, first ? 0f : 1f, out,
                    size);
            first = false;
        }
    }

    /**
     * Draws node n of the state at inverse temperature β given {@code input[n]} (the weighted summed
     * class; ignored at β = 0): visible units from (1 − β) b_A + β (b + input), Bernoulli or
     * unit-variance Gaussian; hidden ones from σ(β (b + input)).
     */
    private void drawState(int n, double beta, float[][] state, float[][] input, double[][] baseOf, int runs,
            Rng rng, float[] noise) {
        int size = shape.size(n);
        int count = runs * size;
        boolean gaussian = shape.units(n) == UnitType.GAUSSIAN;
        boolean words = shape.units(n) == UnitType.REPLICATED_SOFTMAX;
        if (gaussian) {
            rng.fillGaussian(noise, count, 0f, 1f);
        } else if (!words) {
            rng.fillUniform(noise, count, 0f, 1f);
        }
        double scale = shape.biasScale(n);
        for (int i = 0; i < count; i++) {
            int j = i % size;
            double x = beta == 0 ? 0 : beta * (scale * b[n][j] + input[n][i]);
            if (shape.isVisible(n)) {
                x += (1 - beta) * baseOf[n][j];
            }
            state[n][i] = words ? (float) x : gaussian ? (float) (x + noise[i]) : noise[i] < sigmoid(x) ? 1f : 0f;
        }
        if (words) {
            double[] cumulative = new double[size];
            for (int r = 0; r < runs; r++) {
                ReplicatedSoftmax.softmax(state[n], r * size, size, 1f);
                ReplicatedSoftmax.sampleCounts(state[n], r * size, size, shape.length(n), rng, cumulative);
            }
        }
    }

    /** log f_β of run r's state, its summed class's inputs in {@code input}. */
    private double logF(double beta, int r, int hidden, float[][] state, float[][] input, double[][] baseOf) {
        double value = 0;
        for (int n = 0; n < shape.nodes(); n++) {
            int size = shape.size(n);
            int at = r * size;
            double scale = shape.biasScale(n);
            if (shape.parity(n) == hidden) {
                for (int j = 0; j < size; j++) {
                    value += Rbm.softplus(beta * (scale * b[n][j] + input[n][at + j]));
                }
            } else if (shape.isVisible(n)) {
                boolean gaussian = shape.units(n) == UnitType.GAUSSIAN;
                for (int j = 0; j < size; j++) {
                    double bias = (1 - beta) * baseOf[n][j] + beta * b[n][j];
                    double v = state[n][at + j];
                    value += gaussian ? -(v - bias) * (v - bias) / 2 : bias * v;
                }
            } else {
                for (int j = 0; j < size; j++) {
                    value += beta * scale * b[n][j] * state[n][at + j];
                }
            }
        }
        return value;
    }
}
