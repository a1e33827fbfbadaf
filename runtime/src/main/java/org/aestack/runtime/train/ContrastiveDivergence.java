package org.aestack.runtime.train;

import org.aestack.runtime.kernel.KernelOps;
import org.aestack.runtime.kernel.Kernels;
import org.aestack.runtime.kernel.Rng;

/**
 * The contrastive-divergence gradient of a Bernoulli–Bernoulli RBM (Hinton 2002), CD-k or
 * persistent (Tieleman 2008), on the runtime's kernels with buffers sized once. The parameters are
 * the caller's arrays: weights {@code hidden × visible}, visible biases b, hidden biases c.
 *
 * <p>Conventions (those of the benchmark's W3): hidden states are sampled in the Gibbs chain, the
 * visible reconstruction is kept as probabilities, and the statistics use probabilities. The
 * gradient is of the mean log-likelihood, to be <em>added</em> (ascent): ⟨v hᵀ⟩<sub>data</sub> −
 * ⟨v hᵀ⟩<sub>model</sub>, averaged over the batch.
 */
public final class ContrastiveDivergence {
    private final int visible;
    private final int hidden;
    private final int capacity;
    private final int steps;
    private final boolean persistent;
    private final KernelOps ops = Kernels.ops();
    private final float[] h0;
    private final float[] hSample;
    private final float[] vk;
    private final float[] hk;
    private final float[] uniforms;
    private final float[] chains;
    private boolean chainsStarted;

    /**
     * @param capacity the most rows a batch has
     * @param steps k, the Gibbs steps of the negative phase
     * @param persistent whether the negative chains carry over from batch to batch (PCD), one per row
     */
    public ContrastiveDivergence(int visible, int hidden, int capacity, int steps, boolean persistent) {
        if (steps < 1) {
            throw new IllegalArgumentException("contrastive divergence needs at least one Gibbs step, not " + steps);
        }
        this.visible = visible;
        this.hidden = hidden;
        this.capacity = capacity;
        this.steps = steps;
        this.persistent = persistent;
        this.h0 = new float[capacity * hidden];
        this.hSample = new float[capacity * hidden];
        this.vk = new float[capacity * visible];
        this.hk = new float[capacity * hidden];
        this.uniforms = new float[capacity * Math.max(visible, hidden)];
        this.chains = persistent ? new float[capacity * visible] : null;
    }

    /**
     * Writes the gradient estimate for the batch {@code v0} ({@code rows × visible}) into gW, gb, gc.
     *
     * @return the batch's summed squared reconstruction error of the first Gibbs step's visible probabilities
     */
    public double gradient(float[] v0, int rows, float[] w, float[] b, float[] c, Rng rng, float[] gW, float[] gb, float[] gc) {
        if (rows > capacity) {
            throw new IllegalArgumentException("a batch of " + rows + " rows exceeds the capacity " + capacity);
        }
        // Positive phase: hidden probabilities given the data.
        ops.gemmNT(rows, hidden, visible, 1f, v0, visible, w, visible, 0f, h0, hidden);
        ops.sigmoidWithBias(h0, c, rows, hidden);
        // Negative phase: k Gibbs steps from the data (CD) or from the persistent chains (PCD).
        float[] start = v0;
        if (persistent) {
            if (!chainsStarted) {
                System.arraycopy(v0, 0, chains, 0, rows * visible);
                chainsStarted = true;
            }
            start = chains;
            ops.gemmNT(rows, hidden, visible, 1f, start, visible, w, visible, 0f, hk, hidden);
            ops.sigmoidWithBias(hk, c, rows, hidden);
        } else {
            System.arraycopy(h0, 0, hk, 0, rows * hidden);
        }
        double error = 0;
        for (int s = 0; s < steps; s++) {
            rng.fillUniform(uniforms, rows * hidden, 0f, 1f);
            ops.sampleBernoulli(hk, uniforms, hSample, rows * hidden);
            ops.gemmNN(rows, visible, hidden, 1f, hSample, hidden, w, visible, 0f, vk, visible);
            ops.sigmoidWithBias(vk, b, rows, visible);
            if (s == 0) {
                error = ops.squaredError(vk, v0, rows * visible);
            }
            ops.gemmNT(rows, hidden, visible, 1f, vk, visible, w, visible, 0f, hk, hidden);
            ops.sigmoidWithBias(hk, c, rows, hidden);
        }
        if (persistent) {
            System.arraycopy(vk, 0, chains, 0, rows * visible);
        }
        float scale = 1f / rows;
        ops.gemmTN(hidden, visible, rows, scale, h0, hidden, v0, visible, 0f, gW, visible);
        ops.gemmTN(hidden, visible, rows, -scale, hk, hidden, vk, visible, 1f, gW, visible);
        columnMeanDifference(v0, vk, rows, visible, gb);
        columnMeanDifference(h0, hk, rows, hidden, gc);
        return error;
    }

    private void columnMeanDifference(float[] a, float[] b, int rows, int cols, float[] out) {
        java.util.Arrays.fill(out, 0, cols, 0f);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                out[j] += (a[r * cols + j] - b[r * cols + j]) / rows;
            }
        }
    }
}
