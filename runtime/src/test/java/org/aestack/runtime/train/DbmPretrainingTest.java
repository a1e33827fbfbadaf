package org.aestack.runtime.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.aestack.dsl.UnitType;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.data.FashionMnist;
import org.aestack.runtime.data.MiniBatches;
import org.aestack.runtime.kernel.Kernels;
import org.aestack.runtime.kernel.Rng;
import org.aestack.runtime.metric.Dbm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The weight-halving pretraining of a deep Boltzmann machine (Salakhutdinov and Hinton 2009)
 * against naive stacking of the same RBMs, and the two conventions for a bias that two RBMs
 * trained, judged by the exact test log-likelihood of a 784-16-8 DBM on binarized Fashion-MNIST
 * (1,000 test images; the 16 units of the first hidden layer are enumerated).
 */
class DbmPretrainingTest {
    private static DataSet train;
    private static DataSet test;

    @BeforeAll
    static void load() throws Exception {
        FashionMnist.Source source = FashionMnist.bundled();
        train = binarize(source.train());
        test = binarize(source.test());
    }

    private static DataSet binarize(DataSet d) {
        float[] x = d.toArray();
        for (int i = 0; i < x.length; i++) {
            x[i] = x[i] > 0.5f ? 1f : 0f;
        }
        return DataSet.of(x, d.rows(), d.cols());
    }

    /** An RBM's weights, visible and hidden biases. */
    private record Rbm(float[] w, float[] b, float[] c) {}

    /** CD-1 with plain SGD: {@code epochs} passes of batches of 100 at rate 0.05, weights counted up×, down× as asked. */
    private static Rbm train(DataSet data, int hidden, float up, float down, long seed) {
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
        for (int epoch = 0; epoch < 8; epoch++) {
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

    /** The first RBM's hidden probabilities, its weights counted {@code up} times: the second RBM's data. */
    private static DataSet up(Rbm rbm, DataSet data, int hidden, float up) {
        float[] h = new float[data.rows() * hidden];
        Kernels.ops().gemmNT(data.rows(), hidden, data.cols(), up, data.toArray(), data.cols(), rbm.w(), data.cols(), 0f, h, hidden);
        Kernels.ops().sigmoidWithBias(h, rbm.c(), data.rows(), hidden);
        return DataSet.of(h, data.rows(), hidden);
    }

    private static double composedLogLikelihood(Rbm bottom, Rbm top, BiasMerge merge) {
        Dbm dbm = new Dbm(new int[] {784, 16, 8}, new float[][] {bottom.w(), top.w()},
                new float[][] {bottom.b(), BiasMerge.merge(bottom.c(), top.b(), merge), top.c()});
        return dbm.meanExactLogLikelihood(test);
    }

    /**
     * Three seeds, because one is not enough to rank halving: across seeds its lead over naive
     * stacking moves by a few nats, and one seed in six tried put it 1.3 nats behind. The merge
     * ranks the same way at every seed tried (summing ahead by 1.5 to 2.2 nats).
     */
    @Test
    void halvingIsNotWorseThanNaiveStackingAndTheDefaultMergeIsTheBetter() {
        long[] seeds = {1, 3, 5};
        double halvedSum = 0, halvedAverage = 0, naiveSum = 0, naiveAverage = 0;
        for (long seed : seeds) {
            Rbm halvedBottom = train(train, 16, 2f, 1f, seed);
            Rbm halvedTop = train(up(halvedBottom, train, 16, 2f), 8, 1f, 2f, seed + 1);
            Rbm naiveBottom = train(train, 16, 1f, 1f, seed);
            Rbm naiveTop = train(up(naiveBottom, train, 16, 1f), 8, 1f, 1f, seed + 1);
            double[] ll = {composedLogLikelihood(halvedBottom, halvedTop, BiasMerge.SUM),
                composedLogLikelihood(halvedBottom, halvedTop, BiasMerge.AVERAGE),
                composedLogLikelihood(naiveBottom, naiveTop, BiasMerge.SUM),
                composedLogLikelihood(naiveBottom, naiveTop, BiasMerge.AVERAGE)};
            report("seed " + seed, ll[0], ll[1], ll[2], ll[3]);
            halvedSum += ll[0] / seeds.length;
            halvedAverage += ll[1] / seeds.length;
            naiveSum += ll[2] / seeds.length;
            naiveAverage += ll[3] / seeds.length;
        }
        report("mean", halvedSum, halvedAverage, naiveSum, naiveAverage);
        double halved = Math.max(halvedSum, halvedAverage);
        double naive = Math.max(naiveSum, naiveAverage);
        assertTrue(halved >= naive - 0.5, "halving " + halved + " vs naive " + naive);
        assertTrue(halvedSum >= halvedAverage, "the default, SUM, is the better merge: " + halvedSum + " vs " + halvedAverage);
    }

    private static void report(String what, double halvedSum, double halvedAverage, double naiveSum, double naiveAverage) {
        System.out.printf("784-16-8 DBM, exact test log-likelihood per image, %s: halving %.2f (sum) %.2f (average);"
                + " naive stacking %.2f (sum) %.2f (average)%n", what, halvedSum, halvedAverage, naiveSum, naiveAverage);
    }
}
