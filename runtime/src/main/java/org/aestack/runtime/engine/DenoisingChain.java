package org.aestack.runtime.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.aestack.runtime.data.Corruption;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.kernel.Rng;

/**
 * Sampling from a denoising autoencoder (Bengio, Yao, Alain and Vincent 2013): its reconstruction
 * estimates the score of the data distribution, and the Markov chain that alternately corrupts
 * and reconstructs has the data distribution as its stationary distribution. With Bernoulli
 * outputs (cross-entropy models) each step samples the pixels from the reconstruction; otherwise it
 * keeps the reconstruction itself.
 */
public final class DenoisingChain {
    private DenoisingChain() {}

    /**
     * Runs one chain per row of {@code start} for {@code steps} steps.
     *
     * @param reconstruct the model's reconstruction of a batch
     * @param bernoulli whether to sample binary pixels from each reconstruction
     * @return the mean reconstruction after each step, {@code steps} data sets
     */
    public static List<DataSet> run(UnaryOperator<DataSet> reconstruct, Corruption corruption, boolean bernoulli,
            DataSet start, int steps, Rng rng) {
        List<DataSet> trace = new ArrayList<>();
        DataSet state = start;
        for (int s = 0; s < steps; s++) {
            DataSet mean = reconstruct.apply(corruption.apply(state, rng));
            trace.add(mean);
            if (bernoulli) {
                float[] p = mean.toArray();
                float[] x = new float[p.length];
                for (int i = 0; i < p.length; i++) {
                    x[i] = rng.nextFloat() < p[i] ? 1f : 0f;
                }
                state = DataSet.of(x, mean.rows(), mean.cols());
            } else {
                state = mean;
            }
        }
        return trace;
    }
}
