package org.aestack.runtime.engine;

import org.aestack.dsl.UnitType;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.data.MiniBatches;
import org.aestack.runtime.kernel.Kernels;
import org.aestack.runtime.kernel.Rng;

/** What the DBM tests share: binarized images, RBMs pretrained by plain CD-1, and their up-pass. */
final class TestRbms {
    private TestRbms() {}

    /** An RBM's weights ({@code hidden × visible}), visible and hidden biases. */
    record Rbm(float[] w, float[] b, float[] c) {}

    /** Pixels above one half on, the rest off, labels kept. */
    static DataSet binarize(DataSet d) {
        float[] x = d.toArray();
        for (int i = 0; i < x.length; i++) {
            x[i] = x[i] > 0.5f ? 1f : 0f;
        }
        return new DataSet(x, d.rows(), d.cols(), d.hasLabels() ? d.labels() : null, d.classes());
    }

    /** CD-1 with plain SGD at rate 0.05, batches of 100, the weights counted {@code up}× going up and {@code down}× going down. */
    static Rbm train(DataSet data, int hidden, float up, float down, int epochs, long seed) {
        int visible = data.cols();
        Rbm rbm = new Rbm(new float[hidden * visible], new float[visible], new float[hidden]);
        Rng rng = new Rng(seed);
        rng.fillGaussian(rbm.w(), rbm.w().length, 0f, 0.01f);
        ContrastiveDivergence cd = new ContrastiveDivergence(visible, hidden, UnitType.BERNOULLI, UnitType.BERNOULLI, 100, 1,
                false, 0).scales(up, down);
        float[] gw = new float[rbm.w().length];
        float[] gb = new float[visible];
        float[] gc = new float[hidden];
        float[] batch = new float[100 * visible];
        MiniBatches batches = new MiniBatches(data, 100, rng.split());
        var ops = Kernels.ops();
        for (int epoch = 0; epoch < epochs; epoch++) {
            batches.shuffle();
            for (int i = 0; i < batches.count(); i++) {
                int rows = batches.fill(i, batch);
                cd.gradient(batch, rows, rbm.w(), rbm.b(), rbm.c(), rng, 0f, gw, gb, gc);
                ops.sgd(rbm.w(), gw, gw.length, 0.05f);
                ops.sgd(rbm.b(), gb, gb.length, 0.05f);
                ops.sgd(rbm.c(), gc, gc.length, 0.05f);
            }
        }
        return rbm;
    }

    /** The RBM's hidden probabilities of {@code data}, its weights counted {@code up} times: the next RBM's data. */
    static DataSet up(Rbm rbm, DataSet data, int hidden, float up) {
        float[] h = new float[data.rows() * hidden];
        Kernels.ops().gemmNT(data.rows(), hidden, data.cols(), up, data.toArray(), data.cols(), rbm.w(), data.cols(), 0f, h, hidden);
        Kernels.ops().sigmoidWithBias(h, rbm.c(), data.rows(), hidden);
        return DataSet.of(h, data.rows(), hidden);
    }
}
