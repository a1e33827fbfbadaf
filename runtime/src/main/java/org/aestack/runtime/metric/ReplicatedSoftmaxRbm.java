package org.aestack.runtime.metric;

/**
 * The probability model of a replicated softmax RBM (Salakhutdinov and Hinton 2009), exactly, for
 * few hidden units: K words, F hidden units, weights W {@code F × K}, word biases b, hidden biases c.
 * A document is a sequence of D words; its count vector v̂ sums to D. Energy
 * E(V, h) = −Σⱼₖ Wⱼₖ hⱼ v̂ₖ − bᵀv̂ − D cᵀh, so every document length has its own partition function,
 * Z_D = Σ_h exp(D cᵀh) (Σₖ exp(bₖ + (Wᵀh)ₖ))^D, summing over ordered word sequences (a count vector
 * stands for D!/Πₖ v̂ₖ! of them). log p of a sequence is −F(v̂) − log Z_D with the free energy
 * F(v̂) = −bᵀv̂ − Σⱼ softplus((W v̂)ⱼ + D cⱼ).
 */
public final class ReplicatedSoftmaxRbm {
    private final int words;
    private final int hidden;
    private final double[] w;
    private final double[] b;
    private final double[] c;

    /** Copies the parameters; weights are {@code hidden × words}, row-major. */
    public ReplicatedSoftmaxRbm(int words, int hidden, float[] weights, float[] wordBias, float[] hiddenBias) {
        if (weights.length != words * hidden || wordBias.length != words || hiddenBias.length != hidden) {
            throw new IllegalArgumentException("a replicated softmax RBM of " + words + " words and " + hidden + " hidden units"
                    + " needs " + words * hidden + " weights, " + words + " and " + hidden + " biases");
        }
        if (hidden > Rbm.MAX_ENUMERATED) {
            throw new IllegalArgumentException("exact sums enumerate the hidden units; " + hidden + " is more than "
                    + Rbm.MAX_ENUMERATED);
        }
        this.words = words;
        this.hidden = hidden;
        this.w = toDouble(weights);
        this.b = toDouble(wordBias);
        this.c = toDouble(hiddenBias);
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    /** log Z_D: every hidden state enumerated, the D words summed in closed form. */
    public double logZ(int length) {
        double[] terms = new double[1 << hidden];
        for (int s = 0; s < terms.length; s++) {
            terms[s] = logWeight(s, length);
        }
        return Rbm.logSumExp(terms);
    }

    /** log of the unnormalized marginal of hidden state {@code s} (bit j: unit j) for documents of length D. */
    private double logWeight(int s, int length) {
        double t = 0;
        for (int j = 0; j < hidden; j++) {
            if ((s >> j & 1) == 1) {
                t += length * c[j];
            }
        }
        return t + length * logSumExpWords(s);
    }

    /** log Σₖ exp(bₖ + (Wᵀh)ₖ) for hidden state s. */
    private double logSumExpWords(int s) {
        double[] x = wordInputs(s);
        return Rbm.logSumExp(x);
    }

    private double[] wordInputs(int s) {
        double[] x = b.clone();
        for (int j = 0; j < hidden; j++) {
            if ((s >> j & 1) == 1) {
                for (int k = 0; k < words; k++) {
                    x[k] += w[j * words + k];
                }
            }
        }
        return x;
    }

    /** F(v̂) = −bᵀv̂ − Σⱼ softplus((W v̂)ⱼ + D cⱼ), D the counts' sum. */
    public double freeEnergy(float[] counts) {
        double length = 0;
        double f = 0;
        for (int k = 0; k < words; k++) {
            length += counts[k];
            f -= b[k] * counts[k];
        }
        for (int j = 0; j < hidden; j++) {
            double x = length * c[j];
            for (int k = 0; k < words; k++) {
                x += w[j * words + k] * counts[k];
            }
            f -= Rbm.softplus(x);
        }
        return f;
    }

    /** The model's expectations for documents of length D: E[h v̂ᵀ] ({@code hidden × words}), E[v̂], E[h]. */
    public record Expectations(double[] hiddenWords, double[] words, double[] hidden) {}

    /** The exact expectations of the model over documents of {@code length} words, by enumerating h. */
    public Expectations expectations(int length) {
        double logZ = logZ(length);
        double[] hv = new double[hidden * words];
        double[] v = new double[words];
        double[] h = new double[hidden];
        for (int s = 0; s < 1 << hidden; s++) {
            double p = Math.exp(logWeight(s, length) - logZ);
            double[] x = wordInputs(s);
            double lse = Rbm.logSumExp(x);
            for (int k = 0; k < words; k++) {
                double mean = length * Math.exp(x[k] - lse); // E[v̂ₖ | h]
                v[k] += p * mean;
                for (int j = 0; j < hidden; j++) {
                    if ((s >> j & 1) == 1) {
                        hv[j * words + k] += p * mean;
                    }
                }
            }
            for (int j = 0; j < hidden; j++) {
                if ((s >> j & 1) == 1) {
                    h[j] += p;
                }
            }
        }
        return new Expectations(hv, v, h);
    }
}
