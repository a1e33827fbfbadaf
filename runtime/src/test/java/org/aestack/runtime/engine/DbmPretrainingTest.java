package org.aestack.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.data.FashionMnist;
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
        train = TestRbms.binarize(source.train());
        test = TestRbms.binarize(source.test());
    }

    private static double composedLogLikelihood(TestRbms.Rbm bottom, TestRbms.Rbm top, BiasMerge merge) {
        Dbm dbm = new Dbm(new int[] {784, 16, 8}, new float[][] {bottom.w(), top.w()},
                new float[][] {bottom.b(), BiasMerge.merge(bottom.c(), top.b(), merge), top.c()});
        return dbm.meanExactLogLikelihood(test);
    }

    /**
     * Halving against naive stacking of RBMs trained alike, and the two bias merges, as paired
     * comparisons over ten seeds (the same seed trains both arms' RBMs): one seed cannot rank them,
     * since their difference moves by a few nats from seed to seed and a seed can put halving
     * behind. Each claim holds only if the mean paired difference exceeds twice its standard error.
     */
    @Test
    void halvingBeatsNaiveStackingAndTheDefaultMergeIsTheBetter() {
        int seeds = 10;
        double[] halvingLead = new double[seeds];
        double[] sumLead = new double[seeds];
        for (int i = 0; i < seeds; i++) {
            long seed = 1 + 2L * i;
            TestRbms.Rbm halvedBottom = TestRbms.train(train, 16, 2f, 1f, 8, seed);
            TestRbms.Rbm halvedTop = TestRbms.train(TestRbms.up(halvedBottom, train, 16, 2f), 8, 1f, 2f, 8, seed + 1);
            TestRbms.Rbm naiveBottom = TestRbms.train(train, 16, 1f, 1f, 8, seed);
            TestRbms.Rbm naiveTop = TestRbms.train(TestRbms.up(naiveBottom, train, 16, 1f), 8, 1f, 1f, 8, seed + 1);
            double[] ll = {composedLogLikelihood(halvedBottom, halvedTop, BiasMerge.SUM),
                composedLogLikelihood(halvedBottom, halvedTop, BiasMerge.AVERAGE),
                composedLogLikelihood(naiveBottom, naiveTop, BiasMerge.SUM),
                composedLogLikelihood(naiveBottom, naiveTop, BiasMerge.AVERAGE)};
            report("seed " + seed, ll[0], ll[1], ll[2], ll[3]);
            halvingLead[i] = ll[0] - ll[2];
            sumLead[i] = ll[0] - ll[1];
        }
        System.out.printf("halving ahead of naive stacking by %.2f ± %.2f nats (mean ± standard error, %d seeds);"
                + " summing ahead of averaging by %.2f ± %.2f%n", mean(halvingLead), standardError(halvingLead), seeds,
                mean(sumLead), standardError(sumLead));
        assertTrue(mean(halvingLead) > 2 * standardError(halvingLead),
                "halving's lead " + mean(halvingLead) + " ± " + standardError(halvingLead));
        assertTrue(mean(sumLead) > 2 * standardError(sumLead), "the default, SUM, is the better merge: "
                + mean(sumLead) + " ± " + standardError(sumLead));
    }

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    /** The standard error of the mean of {@code x}: its sample standard deviation over √n. */
    static double standardError(double[] x) {
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / (x.length - 1) / x.length);
    }

    private static void report(String what, double halvedSum, double halvedAverage, double naiveSum, double naiveAverage) {
        System.out.printf("784-16-8 DBM, exact test log-likelihood per image, %s: halving %.2f (sum) %.2f (average);"
                + " naive stacking %.2f (sum) %.2f (average)%n", what, halvedSum, halvedAverage, naiveSum, naiveAverage);
    }
}
