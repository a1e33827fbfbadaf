package org.aestack.examples.multimodal;

import java.util.List;
import org.aestack.dsl.UnitType;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.engine.BiasMerge;
import org.aestack.runtime.engine.ContrastiveDivergence;
import org.aestack.runtime.engine.MultimodalBoltzmann;
import org.aestack.runtime.engine.MultimodalInference;
import org.aestack.runtime.engine.MultimodalShape;
import org.aestack.runtime.kernel.KernelOps;
import org.aestack.runtime.kernel.Kernels;
import org.aestack.runtime.kernel.Rng;

/**
 * The baseline of the README's table: one modality's pathway of {@link AudioVisualDbm} with a top
 * layer of the joint layer's size, trained alone as a deep Boltzmann machine of Gaussian visible
 * units with the same recipe and settings (pretraining with the halving scales, composition, joint
 * training by mean-field and persistent chains), on the runtime's engines: a {@code @Multimodal}
 * machine joins two pathways or more, and a {@code @BoltzmannMachine}'s visible units are Bernoulli.
 * Its top layer's posterior is what the linear probe reads.
 */
public final class SingleModalityDbm {
    private static final int BATCH = 100;
    private static final int PRETRAIN_EPOCHS = 30;
    private static final int JOINT_EPOCHS = 30;
    private static final float MOMENTUM = 0.5f;
    private static final float DECAY = 2e-4f;
    private static final KernelOps OPS = Kernels.ops();

    private final MultimodalShape shape;
    private final float[][] weights;
    private final float[][] biases;

    private SingleModalityDbm(MultimodalShape shape, float[][] weights, float[][] biases) {
        this.shape = shape;
        this.weights = weights;
        this.biases = biases;
    }

    /**
     * Trains a machine {@code input – hidden… – top} of Gaussian visible units on standardized
     * {@code data}: each RBM 30 epochs (the bottom one at 0.001, counting its data twice going up;
     * the others at 0.05; the top one counting its hidden layer twice going down), then 30 epochs of
     * joint training at 0.001 decaying by 1/(1 + 0.1·epoch), momentum 0.5 and decay 2e-4 throughout,
     * as {@link AudioVisualDbm} declares.
     */
    public static SingleModalityDbm train(DataSet data, int[] hidden, int top, long seed) {
        int[] sizes = new int[hidden.length + 1];
        sizes[0] = data.cols();
        System.arraycopy(hidden, 0, sizes, 1, hidden.length);
        MultimodalShape shape = new MultimodalShape(List.of(new MultimodalShape.Pathway("only", UnitType.GAUSSIAN, sizes)), top);
        int layers = sizes.length; // RBMs: one per hidden layer, then the top one
        Rng rng = new Rng(seed);
        float[][] w = new float[layers][];
        float[][] visibleBias = new float[layers][];
        float[][] hiddenBias = new float[layers][];
        float[] below = data.toArray();
        for (int l = 0; l < layers; l++) {
            int in = sizes[l];
            int out = l + 1 < sizes.length ? sizes[l + 1] : top;
            boolean bottom = l == 0;
            boolean last = l == layers - 1;
            ContrastiveDivergence rbm = new ContrastiveDivergence(in, out, bottom ? UnitType.GAUSSIAN : UnitType.BERNOULLI,
                    UnitType.BERNOULLI, BATCH, 1, false, 0).scales(bottom ? 2f : 1f, last ? 2f : 1f);
            w[l] = new float[out * in];
            rng.fillGaussian(w[l], w[l].length, 0f, 0.01f);
            visibleBias[l] = new float[in];
            hiddenBias[l] = new float[out];
            pretrain(rbm, below, data.rows(), w[l], visibleBias[l], hiddenBias[l], bottom ? 0.001f : 0.05f, rng);
            float[] next = new float[data.rows() * out];
            for (int from = 0; from < data.rows(); from += BATCH) {
                int rows = Math.min(BATCH, data.rows() - from);
                float[] chunk = java.util.Arrays.copyOfRange(below, from * in, (from + rows) * in);
                float[] h = new float[rows * out];
                rbm.hiddenProbabilities(chunk, rows, w[l], hiddenBias[l], h);
                System.arraycopy(h, 0, next, from * out, rows * out);
            }
            below = next;
        }
        // compose: the middle RBMs halved, each layer's biases from the two RBMs that trained it, summed
        float[][] biases = new float[shape.nodes()][];
        biases[0] = visibleBias[0];
        for (int l = 1; l < layers; l++) {
            biases[l] = BiasMerge.merge(hiddenBias[l - 1], visibleBias[l], BiasMerge.SUM);
        }
        biases[layers] = hiddenBias[layers - 1];
        for (int l = 1; l < layers - 1; l++) {
            for (int i = 0; i < w[l].length; i++) {
                w[l][i] *= 0.5f;
            }
        }
        jointTraining(shape, data, w, biases, rng);
        return new SingleModalityDbm(shape, w, biases);
    }

    private static void pretrain(ContrastiveDivergence rbm, float[] data, int rows, float[] w, float[] b, float[] c, float rate,
            Rng rng) {
        int in = b.length;
        float[] gw = new float[w.length];
        float[] gb = new float[b.length];
        float[] gc = new float[c.length];
        float[] vw = new float[w.length];
        float[] vb = new float[b.length];
        float[] vc = new float[c.length];
        float[] batch = new float[BATCH * in];
        int[] order = order(rows);
        for (int epoch = 0; epoch < PRETRAIN_EPOCHS; epoch++) {
            rng.shuffle(order);
            for (int from = 0; from + BATCH <= rows; from += BATCH) {
                for (int r = 0; r < BATCH; r++) {
                    System.arraycopy(data, order[from + r] * in, batch, r * in, in);
                }
                rbm.gradient(batch, BATCH, w, b, c, rng, DECAY, gw, gb, gc);
                step(w, gw, vw, rate);
                step(b, gb, vb, rate);
                step(c, gc, vc, rate);
            }
        }
    }

    private static void jointTraining(MultimodalShape shape, DataSet data, float[][] w, float[][] b, Rng rng) {
        MultimodalBoltzmann engine = new MultimodalBoltzmann(shape, BATCH, 100, 5, 10, 1e-4);
        float[][] gw = new float[w.length][];
        float[][] vw = new float[w.length][];
        for (int e = 0; e < w.length; e++) {
            gw[e] = new float[w[e].length];
            vw[e] = new float[w[e].length];
        }
        float[][] gb = new float[b.length][];
        float[][] vb = new float[b.length][];
        for (int n = 0; n < b.length; n++) {
            gb[n] = new float[b[n].length];
            vb[n] = new float[b[n].length];
        }
        int in = data.cols();
        float[] x = data.toArray();
        float[] batch = new float[BATCH * in];
        float[][] batches = {batch};
        int[] order = order(data.rows());
        for (int epoch = 0; epoch < JOINT_EPOCHS; epoch++) {
            rng.shuffle(order);
            float rate = 0.001f / (1 + 0.1f * epoch);
            for (int from = 0; from + BATCH <= data.rows(); from += BATCH) {
                for (int r = 0; r < BATCH; r++) {
                    System.arraycopy(x, order[from + r] * in, batch, r * in, in);
                }
                engine.gradient(batches, BATCH, w, b, rng, DECAY, gw, gb);
                for (int e = 0; e < w.length; e++) {
                    step(w[e], gw[e], vw[e], rate);
                }
                for (int n = 0; n < b.length; n++) {
                    step(b[n], gb[n], vb[n], rate);
                }
            }
        }
    }

    private static int[] order(int rows) {
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        return order;
    }

    /** Classical momentum on the descent direction {@code g}, on the runtime's kernel. */
    private static void step(float[] p, float[] g, float[] velocity, float rate) {
        OPS.momentum(p, g, velocity, p.length, rate, MOMENTUM);
    }

    /** The top layer's mean-field posterior for every row of standardized {@code data}, labels kept. */
    public DataSet represent(DataSet data) {
        return new MultimodalInference(shape, weights, biases, 10, 1e-4).posteriors(shape.jointNode(), data);
    }
}
