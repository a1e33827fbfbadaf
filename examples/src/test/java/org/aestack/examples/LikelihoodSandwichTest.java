package org.aestack.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.aestack.dsl.BeliefNet;
import org.aestack.dsl.Layer;
import org.aestack.dsl.Optimizer;
import org.aestack.dsl.Pretrain;
import org.aestack.dsl.RBMLayer;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.data.FashionMnist;
import org.aestack.runtime.kernel.Rng;
import org.aestack.runtime.metric.BaseRates;
import org.aestack.runtime.metric.LogZEstimate;
import org.aestack.runtime.metric.Rbm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The likelihood estimators against exact values on machines trained on real data (binarized
 * Fashion-MNIST) and small enough to enumerate (the two DBMs trained once and kept, see
 * {@link TrainedMachines}; the RBM trained here, in seconds): AIS from the data's base rates within
 * half a nat of the exact log Z at modest temperatures, its runs agreeing (spread under a nat) and
 * its error bars around the truth; reverse annealing (RAISE) below the exact test log-likelihood,
 * the conservative side, and near it.
 */
class LikelihoodSandwichTest {
    private static DataSet train;
    private static DataSet test;

    /** An RBM with 20 hidden units: log Z by enumerating them, 2²⁰ states. */
    @BeliefNet(input = 784)
    @Pretrain(epochs = 4, batch = 50, optimizer = Optimizer.MOMENTUM, learningRate = 0.05, momentum = 0.5)
    interface Rbm20 {
        @RBMLayer(units = 20, cd = 1)
        Layer hidden();
    }

    @BeforeAll
    static void load() throws Exception {
        FashionMnist.Source source = FashionMnist.locate(null);
        train = DbmExamplesTest.binarize(source.train().head(6_000));
        test = DbmExamplesTest.binarize(source.test().head(300));
    }

    @Test
    void anRbmOfTwentyHiddenUnits() {
        LikelihoodSandwichTest_Rbm20Model model = LikelihoodSandwichTest_Rbm20Model.initialize(3);
        LikelihoodSandwichTest_Rbm20Trainer.of(model).fit(train);
        Rbm rbm = model.rbm(0);
        double logZ = rbm.exactLogZ();
        LogZEstimate own = rbm.ais(100, 1_000, new Rng(5));
        LogZEstimate baseRate = rbm.ais(100, 1_000, BaseRates.of(train), new Rng(5));
        double[] exactRows = new double[test.rows()];
        for (int r = 0; r < test.rows(); r++) {
            exactRows[r] = -rbm.freeEnergy(test.row(r)) - logZ;
        }
        double[] reverse = model.reverseLogLikelihoods(test, train, 5_000, 9);
        report("784-20 RBM", logZ, own, baseRate, reverse, exactRows);
        // From the model's own visible biases the same budget leaves the runs spread over nats.
        assertTrue(own.spread() > 2 * baseRate.spread(), "the base rates start nearer: " + own + " vs " + baseRate);
        checkConverged(logZ, baseRate);
        checkBelow(reverse, exactRows, 3);
    }

    @Test
    void aThreeLayerDbm() {
        TinyDbm3Model dbm = TrainedMachines.tinyDbm3();
        double logZ = dbm.exactLogZ();
        LogZEstimate own = dbm.logZ(100, 1_000, 7);
        LogZEstimate baseRate = dbm.logZ(100, 1_000, train, 7);
        double[] exactRows = dbm.dbm().exactLogProbabilities(test, logZ);
        double[] reverse = dbm.reverseLogLikelihoods(test, train, 1_000, 9);
        report("784-12-8-4 DBM", logZ, own, baseRate, reverse, exactRows);
        assertTrue(own.logZ() < logZ - 5, "from the model's own visible biases AIS misses by nats: " + own);
        checkConverged(logZ, baseRate);
        checkBelow(reverse, exactRows, 1);
    }

    /**
     * A machine AIS finds hard: after joint training the 784-16-8 DBM's runs stay nearly 3 nats apart
     * from either start, up to 20,000 temperatures. The estimate must say so, and its error bars must
     * still hold the truth; the reverse estimate, from 5,000 temperatures, stays below the truth.
     */
    @Test
    void aTwoLayerDbmWhoseRunsDisagreeIsFlagged() {
        TinyDbmModel dbm = TrainedMachines.tinyDbm();
        double logZ = dbm.exactLogZ();
        LogZEstimate own = dbm.logZ(100, 1_000, 7);
        LogZEstimate baseRate = dbm.logZ(100, 1_000, train, 7);
        double[] exactRows = dbm.dbm().exactLogProbabilities(test, logZ);
        double[] reverse = dbm.reverseLogLikelihoods(test, train, 5_000, 9);
        report("784-16-8 DBM", logZ, own, baseRate, reverse, exactRows);
        assertTrue(baseRate.spreadTooWide(), "the runs disagree, and the estimate says so: " + baseRate);
        assertTrue(baseRate.logZLow() <= logZ && logZ <= baseRate.logZHigh(), "its error bars hold " + logZ + ": " + baseRate);
        checkBelow(reverse, exactRows, 2);
    }

    /**
     * The full-size 784-500-1000 DBM example, far too large to enumerate, briefly trained on the
     * 6,000 images (one epoch of each RBM, two of joint training) and kept ({@link
     * TrainedMachines#fashionDbm}), at the temperatures of the README's table: on the same 100 test
     * images the reverse estimate lies below the forward one (the mean-field bound with AIS's log Z),
     * and not by more than {@link #FULL_SIZE_GAP} nats. Neither side is pinned down to a nat at this
     * size: the gap is some 27 nats on this machine, and log Z from 100 runs can still jump by 10 nats
     * when one run finds more mass; what the tool owes is to say so. (Trained in the test, machines
     * from three blockings of the products gave gaps of 27, −6 and 51 nats: neither side of the
     * sandwich is a strict bound, and which machine the brief training ends in decides how they fall.)
     */
    @Test
    void theFullSizeDbmIsBracketed() {
        FashionDbmModel dbm = TrainedMachines.fashionDbm();
        LogZEstimate half = dbm.logZ(100, 5_000, train, 2);
        LogZEstimate logZ = dbm.logZ(100, 10_000, train, 1);
        DataSet rows = test.head(100);
        double forward = dbm.logLikelihoodBound(rows, logZ.logZ());
        double reverse = Measures.mean(dbm.reverseLogLikelihoods(rows, train, 10_000, 3));
        System.out.printf("784-500-1000 DBM: %s; with 5,000 temperatures %.2f; on 100 test images forward (mean-field bound) %.2f,"
                + " reverse %.2f, gap %.2f%n", logZ, half.logZ(), forward, reverse, forward - reverse);
        assertTrue(reverse < forward, "RAISE errs low, the forward estimate high: " + reverse + " vs " + forward);
        assertTrue(forward - reverse < FULL_SIZE_GAP, "gap " + (forward - reverse));
        assertTrue(forward < 0, "a binary image's log-likelihood is negative: " + forward);
    }

    /** The widest gap between the forward and reverse estimates of the full-size DBM the test accepts, in nats. */
    private static final double FULL_SIZE_GAP = 45;

    /** Base-rate AIS within half a nat of the exact log Z, its runs within a nat, its error bars around the truth. */
    private static void checkConverged(double logZ, LogZEstimate ais) {
        assertEquals(logZ, ais.logZ(), 0.5, "base-rate AIS against the exact log Z: " + ais);
        assertTrue(!ais.spreadTooWide(), "the runs agree: " + ais);
        assertTrue(ais.logZLow() <= logZ && logZ <= ais.logZHigh(), "the error bars hold the exact " + logZ + ": " + ais);
    }

    /**
     * RAISE's estimates below the exact log-likelihoods of the same images, paired row by row (not
     * above by three standard errors of the mean difference), and within {@code nats} of them.
     */
    private static void checkBelow(double[] reverse, double[] exactRows, double nats) {
        double[] gap = new double[reverse.length];
        for (int r = 0; r < gap.length; r++) {
            gap[r] = reverse[r] - exactRows[r];
        }
        double meanGap = Measures.mean(gap);
        double error = Measures.standardError(gap);
        assertTrue(meanGap < 3 * error, "RAISE is not above the exact likelihood: " + meanGap + " ± " + error);
        assertTrue(meanGap > -nats, "and within " + nats + " nats of it: " + meanGap);
    }

    private static void report(String name, double logZ, LogZEstimate own, LogZEstimate baseRate, double[] reverse,
            double[] exactRows) {
        System.out.printf("%s: exact log Z %.3f; AIS from the model's visible biases %s; from the base rates %s%n", name, logZ,
                own, baseRate);
        System.out.printf("%s: exact test log-likelihood %.3f on %d images; RAISE %.3f%n", name, Measures.mean(exactRows),
                exactRows.length, Measures.mean(reverse));
    }
}
