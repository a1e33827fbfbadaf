package org.aestack.runtime.engine;

import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.kernel.Rng;

/**
 * What a multimodal model infers from the modalities present, a chunk of rows at a time on
 * {@link MultimodalBoltzmann}: the mean-field posterior of any layer (the joint representation, a
 * missing modality's means) and Gibbs chains with the present modalities clamped. Each call sizes
 * its own buffers, so calls may run at once from many threads.
 */
public final class MultimodalInference {
    /** Rows processed at a time. */
    public static final int CHUNK = 256;

    private final MultimodalShape shape;
    private final float[][] weights;
    private final float[][] biases;
    private final int iterations;
    private final double tolerance;

    /**
     * @param weights by edge, live (not copied)
     * @param biases by node, live
     * @param iterations the most mean-field sweeps
     * @param tolerance mean-field stops when no mean moves by more than this
     */
    public MultimodalInference(MultimodalShape shape, float[][] weights, float[][] biases, int iterations, double tolerance) {
        this.shape = shape;
        this.weights = weights;
        this.biases = biases;
        this.iterations = iterations;
        this.tolerance = tolerance;
    }

    /** The rows of the present modalities, checked: one per pathway, at least one, as many rows each, the right widths. */
    private int rows(DataSet[] present) {
        if (present.length != shape.pathways().size()) {
            throw new IllegalArgumentException("one data set per modality (" + shape.pathways().size() + "), null for a"
                    + " missing one; got " + present.length);
        }
        int rows = -1;
        for (int p = 0; p < present.length; p++) {
            if (present[p] == null) {
                continue;
            }
            String name = shape.pathways().get(p).name();
            int input = shape.pathways().get(p).input();
            if (present[p].cols() != input) {
                throw new IllegalArgumentException(name + " has " + input + " values a row, not " + present[p].cols());
            }
            if (rows >= 0 && present[p].rows() != rows) {
                throw new IllegalArgumentException(name + " has " + present[p].rows() + " rows, the modalities before it "
                        + rows);
            }
            rows = present[p].rows();
        }
        if (rows < 0) {
            throw new IllegalArgumentException("at least one modality must be present");
        }
        return rows;
    }

    private static DataSet labelled(DataSet[] present, float[] values, int rows, int cols) {
        for (DataSet d : present) {
            if (d != null && d.hasLabels()) {
                return new DataSet(values, rows, cols, d.labels(), d.classes());
            }
        }
        return DataSet.of(values, rows, cols);
    }

    /** The mean-field means of {@code node} for every row, labels kept from the first labelled modality. */
    public DataSet posteriors(int node, DataSet... present) {
        int rows = rows(present);
        int size = shape.size(node);
        float[] out = new float[rows * size];
        forChunks(present, rows, (from, count, data, mu, engine) -> System.arraycopy(mu[node], 0, out, from * size,
                count * size));
        return labelled(present, out, rows, size);
    }

    /** The visible means of the missing modality {@code target} given the present ones. */
    public DataSet generate(int target, DataSet... present) {
        checkMissing(target, present);
        return posteriors(shape.visibleNode(target), present);
    }

    private static void checkMissing(int target, DataSet[] present) {
        if (target < 0 || target >= present.length) {
            throw new IllegalArgumentException("no modality " + target);
        }
        if (present[target] != null) {
            throw new IllegalArgumentException("the modality to generate must be missing (null)");
        }
    }

    /**
     * Modality {@code target} by Gibbs chains, one per row, the present modalities clamped: from the
     * mean-field means, hidden layers sampled, {@code sweeps} sweeps; the target's visible means at the last.
     */
    public DataSet sample(int target, int sweeps, long seed, DataSet... present) {
        checkMissing(target, present);
        if (sweeps < 1) {
            throw new IllegalArgumentException("sampling needs at least one sweep, not " + sweeps);
        }
        int rows = rows(present);
        int node = shape.visibleNode(target);
        int size = shape.size(node);
        float[] out = new float[rows * size];
        Rng rng = new Rng(seed);
        boolean[] clamped = new boolean[shape.nodes()];
        for (int p = 0; p < present.length; p++) {
            clamped[shape.visibleNode(p)] = present[p] != null;
        }
        forChunks(present, rows, (from, count, data, mu, engine) -> {
            for (int n = 0; n < shape.nodes(); n++) {
                if (!clamped[n] && !shape.isVisible(n)) {
                    float[] u = new float[count * shape.size(n)];
                    rng.fillUniform(u, u.length, 0f, 1f);
                    for (int i = 0; i < u.length; i++) {
                        mu[n][i] = u[i] < mu[n][i] ? 1f : 0f;
                    }
                }
            }
            engine.sample(mu, count, sweeps, clamped, weights, biases, rng);
            System.arraycopy(mu[node], 0, out, from * size, count * size);
        });
        return labelled(present, out, rows, size);
    }

    private interface Chunk {
        void accept(int from, int count, float[][] data, float[][] mu, MultimodalBoltzmann engine);
    }

    /** Runs mean-field on each chunk of rows and hands the means to {@code then}. */
    private void forChunks(DataSet[] present, int rows, Chunk then) {
        int chunk = Math.min(CHUNK, rows);
        MultimodalBoltzmann engine = new MultimodalBoltzmann(shape, chunk, chunk, 1, iterations, tolerance);
        float[][] data = new float[present.length][];
        for (int p = 0; p < present.length; p++) {
            data[p] = present[p] == null ? null : new float[chunk * present[p].cols()];
        }
        for (int from = 0; from < rows; from += chunk) {
            int count = Math.min(chunk, rows - from);
            for (int p = 0; p < present.length; p++) {
                if (present[p] != null) {
                    present[p].copyRows(from, count, data[p]);
                }
            }
            float[][] mu = new float[shape.nodes()][];
            for (int n = 0; n < shape.nodes(); n++) {
                mu[n] = new float[count * shape.size(n)];
            }
            engine.meanField(data, count, weights, biases, mu);
            then.accept(from, count, data, mu, engine);
        }
    }
}
