package org.aestack.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.aestack.dsl.BeliefNet;
import org.aestack.dsl.Layer;
import org.aestack.dsl.Optimizer;
import org.aestack.dsl.Pretrain;
import org.aestack.dsl.RBMLayer;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.data.FashionMnist;
import org.aestack.runtime.kernel.Kernels;
import org.aestack.runtime.metric.LikelihoodEstimate;
import org.aestack.runtime.metric.Pca;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RBMs, belief nets, RBM pretraining of the deep autoencoder and the supervised head, trained on
 * real Fashion-MNIST (6,000 training and 1,000 test images) through the generated public API.
 */
class RbmExamplesTest {
    private static DataSet train;
    private static DataSet test;
    private static DataSet binaryTest;

    /** A small RBM trained by persistent contrastive divergence with more chains than a batch has rows. */
    @BeliefNet(input = 784)
    @Pretrain(epochs = 2, batch = 50, optimizer = Optimizer.MOMENTUM, learningRate = 0.02, momentum = 0.5)
    interface PcdRbm {
        @RBMLayer(units = 100, persistent = true, chains = 200)
        Layer hidden();
    }

    /** Gaussian visible units on standardized pixels: the RBM for real-valued data. */
    @BeliefNet(input = 784)
    @Pretrain(epochs = 3, batch = 100, optimizer = Optimizer.MOMENTUM, learningRate = 0.001, momentum = 0.9)
    interface GaussianRbm {
        @RBMLayer(units = 200, visible = org.aestack.dsl.UnitType.GAUSSIAN)
        Layer hidden();
    }

    @BeforeAll
    static void load() throws Exception {
        FashionMnist.Source source = FashionMnist.locate(null);
        train = source.train().head(6_000);
        test = source.test().head(1_000);
        float[] x = test.toArray();
        for (int i = 0; i < x.length; i++) {
            x[i] = x[i] > 0.5f ? 1f : 0f;
        }
        binaryTest = DataSet.of(x, test.rows(), test.cols());
    }

    private static double squaredError(DataSet a, DataSet b) {
        return Kernels.ops().squaredError(a.toArray(), b.toArray(), a.rows() * a.cols()) / a.rows();
    }

    @Test
    void contrastiveDivergenceRaisesThePseudoLikelihoodOfTestImages() {
        BenchW3Model rbm = BenchW3Model.initialize(3);
        double before = rbm.rbm(0).pseudoLogLikelihood(binaryTest);
        BenchW3Trainer trainer = BenchW3Trainer.builder(rbm).pretrain(c -> c.epochs(2)).build().fit(train);
        double after = rbm.rbm(0).pseudoLogLikelihood(binaryTest);
        System.out.printf("W3 RBM pseudo-log-likelihood %.2f -> %.2f%n", before, after);
        // Near-zero weights give every pixel probability 1/2: 784 ln 1/2 = -543 nats.
        assertEquals(-784 * Math.log(2), before, 5);
        assertTrue(after > before + 200, "pseudo-log-likelihood " + before + " -> " + after);
        assertTrue(trainer.history().get(1).meanLoss() < trainer.history().get(0).meanLoss(), "reconstruction error falls");
    }

    /** Each pixel less its training mean, over its training deviation (at least 0.05): unit variance. */
    private static DataSet standardize(DataSet d, double[] mean, double[] sd) {
        float[] x = d.toArray();
        for (int r = 0; r < d.rows(); r++) {
            for (int i = 0; i < 784; i++) {
                x[r * 784 + i] = (float) ((x[r * 784 + i] - mean[i]) / sd[i]);
            }
        }
        return DataSet.of(x, d.rows(), 784);
    }

    @Test
    void gaussianVisibleUnitsLearnStandardizedImages() {
        double[] mean = new double[784];
        double[] sd = new double[784];
        for (int r = 0; r < train.rows(); r++) {
            float[] x = train.row(r);
            for (int i = 0; i < 784; i++) {
                mean[i] += x[i] / (double) train.rows();
            }
        }
        for (int r = 0; r < train.rows(); r++) {
            float[] x = train.row(r);
            for (int i = 0; i < 784; i++) {
                sd[i] += (x[i] - mean[i]) * (x[i] - mean[i]) / train.rows();
            }
        }
        for (int i = 0; i < 784; i++) {
            sd[i] = Math.max(0.05, Math.sqrt(sd[i]));
        }
        DataSet standardTrain = standardize(train, mean, sd);
        DataSet standardTest = standardize(test, mean, sd);
        RbmExamplesTest_GaussianRbmModel rbm = RbmExamplesTest_GaussianRbmModel.initialize(2);
        double before = squaredError(rbm.reconstruct(standardTest), standardTest);
        RbmExamplesTest_GaussianRbmTrainer trainer = RbmExamplesTest_GaussianRbmTrainer.of(rbm).fit(standardTrain);
        double after = squaredError(rbm.reconstruct(standardTest), standardTest);
        System.out.printf("Gaussian-visible RBM: test squared error of standardized images %.1f -> %.1f%n", before, after);
        // An untrained RBM reconstructs about the mean (0): the error is the images' total variance, ~784.
        assertTrue(after < 0.5 * before, "reconstruction " + before + " -> " + after);
        assertTrue(trainer.history().get(2).meanLoss() < trainer.history().get(0).meanLoss(), "the training error falls");
    }

    @Test
    void persistentChainsTrainAnRbmToo() {
        RbmExamplesTest_PcdRbmModel rbm = RbmExamplesTest_PcdRbmModel.initialize(5);
        double before = rbm.rbm(0).pseudoLogLikelihood(binaryTest);
        RbmExamplesTest_PcdRbmTrainer.of(rbm).fit(train);
        double after = rbm.rbm(0).pseudoLogLikelihood(binaryTest);
        System.out.printf("PCD RBM pseudo-log-likelihood %.2f -> %.2f%n", before, after);
        assertTrue(after > before + 150, "pseudo-log-likelihood " + before + " -> " + after);
        // One RBM: the estimate is its log-likelihood (not a bound), below the pseudo-log-likelihood's
        // product of conditionals on these near-binary images, and well above the uniform model's. AIS
        // starts from the training images' base rates, where on this machine it finds 22 nats more of
        // log Z than from the model's own visible biases (427.5 against 405.0; AIS errs low), whose runs
        // spread 1 to 25 nats over machines that differed only in how the products were rounded.
        LikelihoodEstimate estimate = rbm.logLikelihoodBound(binaryTest, train, 50, 2_000, 1, 1);
        System.out.println("PCD RBM: " + estimate);
        assertTrue(!estimate.bound() && !estimate.exact());
        assertTrue(estimate.meanLogLikelihood() > -784 * Math.log(2) + 150, estimate.toString());
    }

    @Test
    void aBeliefNetLearnsSamplesAndAHigherLikelihoodBound(@TempDir Path dir) throws Exception {
        FashionDbnModel dbn = FashionDbnModel.initialize(11);
        LikelihoodEstimate untrained = dbn.logLikelihoodBound(binaryTest, 100, 2_000, 2, 1);
        FashionDbnTrainer trainer = FashionDbnTrainer.builder(dbn).pretrain(c -> c.epochs(5)).build().fit(train);
        assertEquals(10, trainer.history().size(), "two RBMs, five epochs each, and no fine-tuning in fit");
        LikelihoodEstimate trained = dbn.logLikelihoodBound(binaryTest, 100, 2_000, 2, 1);
        System.out.println("DBN bound: untrained " + untrained + "; trained " + trained);
        assertTrue(trained.bound() && !trained.exact());
        assertTrue(trained.meanLogLikelihood() > untrained.meanLogLikelihood() + 100,
                "bound " + untrained.meanLogLikelihood() + " -> " + trained.meanLogLikelihood());

        DataSet samples = dbn.sample(12, 100, 9);
        assertEquals(12, samples.rows());
        assertEquals(784, samples.cols());
        for (float p : samples.toArray()) {
            assertTrue(p >= 0f && p <= 1f, "a visible probability: " + p);
        }
        // Samples look like clothes, not noise: close to some test image, far closer than noise is.
        double sampleDistance = Measures.nearest(samples, test);
        double noiseDistance = Measures.nearest(Measures.uniformImages(12, 1), test);
        assertTrue(sampleDistance < 0.5 * noiseDistance, "samples " + sampleDistance + " vs noise " + noiseDistance);

        Path file = dir.resolve("dbn.safetensors");
        dbn.save(file);
        FashionDbnModel loaded = FashionDbnModel.load(file);
        assertArrayEquals(samples.toArray(), loaded.sample(12, 100, 9).toArray());
        assertArrayEquals(dbn.freeEnergies(test.head(5)), loaded.freeEnergies(test.head(5)));
    }

    /**
     * A belief net whose top RBM runs persistent chains, stopped in the middle of that phase and
     * resumed from its checkpoint, ends with the very weights of an uninterrupted run: the
     * checkpoint keeps the chains' states with the optimizer's.
     */
    @Test
    void resumingInsideAPersistentPhaseGivesTheUninterruptedWeights(@TempDir Path dir) throws Exception {
        DataSet small = train.head(1_000);
        FashionDbnModel whole = FashionDbnModel.initialize(8);
        FashionDbnTrainer.builder(whole).pretrain(c -> c.epochs(2)).build().fit(small);

        Path checkpoint = dir.resolve("dbn.checkpoint");
        FashionDbnModel interrupted = FashionDbnModel.initialize(8);
        class Stop extends RuntimeException {}
        var stopper = new org.aestack.runtime.train.TrainingListener() {
            @Override
            public void batchFinished(String phase, int epoch, int batch, int batchesPerEpoch, double loss) {
                if (phase.startsWith("pretrain top") && epoch == 2 && batch == 3) {
                    throw new Stop();
                }
            }
        };
        FashionDbnTrainer first = FashionDbnTrainer.builder(interrupted).pretrain(c -> c.epochs(2))
                .checkpoint(checkpoint, 1).listener(stopper).build();
        assertThrows(Stop.class, () -> first.fit(small));

        FashionDbnModel resumed = FashionDbnModel.initialize(99); // every parameter comes from the checkpoint
        FashionDbnTrainer.builder(resumed).pretrain(c -> c.epochs(2)).build().resume(checkpoint).fit(small);
        for (var e : whole.parameters().entrySet()) {
            assertArrayEquals(e.getValue(), resumed.parameters().get(e.getKey()), e.getKey());
        }
    }

    /**
     * Hinton and Salakhutdinov's point, on a small scale: with the same fine-tuning, the stack
     * pretrained as RBMs ends far below the same network from random initialization. (Below PCA it
     * goes on the full training set: {@code ./aestack compare}, in the README.)
     */
    @Test
    void rbmPretrainingUnrollsIntoAnAutoencoderThatFineTunesBelowRandomInitialization() {
        FashionRbmAeModel model = FashionRbmAeModel.initialize(21);
        double untrained = squaredError(model.reconstruct(test), test);
        FashionRbmAeTrainer trainer = FashionRbmAeTrainer.builder(model)
                .fineTune(c -> c.epochs(6))
                .build();
        trainer.pretrain(train);
        double unrolled = squaredError(model.reconstruct(test), test);
        trainer.fineTune(train);
        double fineTuned = squaredError(model.reconstruct(test), test);
        FashionAeModel random = FashionAeModel.initialize(21);
        FashionAeTrainer.builder(random).fineTune(c -> c.epochs(6)).build().fineTune(train);
        double fromRandom = squaredError(random.reconstruct(test), test);
        double pca = squaredError(Pca.fit(train, 30).reconstruct(test), test);
        System.out.printf("RBM-AE squared error: untrained %.2f, unrolled %.2f, fine-tuned %.2f; random init fine-tuned %.2f;"
                + " PCA-30 %.2f%n", untrained, unrolled, fineTuned, fromRandom, pca);
        assertTrue(unrolled < untrained, "the unrolled RBMs reconstruct: " + unrolled + " vs " + untrained);
        assertTrue(fineTuned < 0.5 * unrolled, "fine-tuning improves on the RBMs: " + fineTuned + " vs " + unrolled);
        assertTrue(fineTuned < 0.7 * fromRandom, "RBM-pretrained " + fineTuned + " vs random initialization " + fromRandom);
    }

    /**
     * Hinton and Salakhutdinov's result itself, on the full training set with a short schedule (one
     * RBM epoch a layer, six fine-tuning epochs): the pretrained 784-1000-500-250-30 autoencoder
     * reconstructs the test images better than PCA with 30 components, and the same net from random
     * initialization, given the same six epochs, does far worse than either. Seen: 10.93, PCA 12.26,
     * random 21.04 (seed 21); {@code ./aestack compare}'s longer schedule reaches 7.97.
     */
    @Test
    void theRbmPretrainedAutoencoderBeatsPcaOnTheFullTrainingSet() throws Exception {
        FashionMnist.Source source = FashionMnist.locate(null);
        assertTrue(source.full(), "this test needs the full Fashion-MNIST (apt-get install dataset-fashion-mnist), not "
                + source.description());
        DataSet full = source.train();
        DataSet fullTest = source.test();
        FashionRbmAeModel model = FashionRbmAeModel.initialize(21);
        FashionRbmAeTrainer.builder(model).pretrain(c -> c.epochs(1)).fineTune(c -> c.epochs(6)).build().fit(full);
        double pretrained = squaredError(model.reconstruct(fullTest), fullTest);
        FashionAeModel random = FashionAeModel.initialize(21);
        FashionAeTrainer.builder(random).fineTune(c -> c.epochs(6)).build().fineTune(full);
        double fromRandom = squaredError(random.reconstruct(fullTest), fullTest);
        double pca = squaredError(Pca.fit(full.head(20_000), 30).reconstruct(fullTest), fullTest);
        System.out.printf("784-1000-500-250-30 on the full training set, test squared error per image: RBM-pretrained %.2f,"
                + " random initialization %.2f, PCA-30 %.2f%n", pretrained, fromRandom, pca);
        assertTrue(pretrained < 0.95 * pca, "RBM-pretrained " + pretrained + " vs PCA " + pca);
        assertTrue(fromRandom > 1.3 * pca, "random initialization " + fromRandom + " vs PCA " + pca);
    }

    @Test
    void theSoftmaxHeadLearnsFromFewLabelsAndRefusesBadOnes() {
        FashionRbmAeModel model = FashionRbmAeModel.initialize(4);
        FashionRbmAeTrainer.builder(model).pretrain(c -> c.epochs(1)).build().pretrain(train);
        DataSet labeled = train.head(1_000);
        double chance = model.accuracy(test);
        FashionRbmAeTrainer.builder(model).supervised(c -> c.epochs(15)).build().supervise(labeled);
        double accuracy = model.accuracy(test);
        System.out.printf("supervised head: accuracy %.3f -> %.3f%n", chance, accuracy);
        assertTrue(accuracy > 0.65, "test accuracy " + accuracy);
        assertEquals(test.rows(), model.classify(test).length);
        float[] p = model.classProbabilities(test.head(3));
        assertEquals(3 * FashionRbmAeModel.CLASSES, p.length);
        double sum = 0;
        for (int k = 0; k < FashionRbmAeModel.CLASSES; k++) {
            sum += p[k];
        }
        assertEquals(1, sum, 1e-5);

        FashionRbmAeTrainer trainer = FashionRbmAeTrainer.of(model);
        var unlabeled = DataSet.of(labeled.toArray(), labeled.rows(), labeled.cols());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> trainer.supervise(unlabeled)).getMessage().contains("needs labels"));
        DataSet elevenClasses = new DataSet(labeled.head(2).toArray(), 2, 784, new int[] {3, 10}, 11);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> trainer.supervise(elevenClasses)).getMessage()
                .contains("label 10 is outside the 10 classes"));
    }

    @Test
    void rbmLayersStartFromSmallGaussianWeights() {
        FashionRbmAeModel fresh = FashionRbmAeModel.initialize(3);
        float[] w = fresh.parameters().get("encoder.0.weight");
        double sd = 0;
        for (float v : w) {
            sd += v * v / w.length;
        }
        assertEquals(0.01, Math.sqrt(sd), 0.001, "RBM layers start at N(0, 0.01^2)");
    }
}
