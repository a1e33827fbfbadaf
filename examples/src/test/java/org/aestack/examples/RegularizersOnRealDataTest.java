package org.aestack.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;
import org.aestack.dsl.Autoencoder;
import org.aestack.dsl.BeliefNet;
import org.aestack.dsl.Denoising;
import org.aestack.dsl.Dropout;
import org.aestack.dsl.Encoder;
import org.aestack.dsl.FineTune;
import org.aestack.dsl.Layer;
import org.aestack.dsl.Noise;
import org.aestack.dsl.Optimizer;
import org.aestack.dsl.Pretrain;
import org.aestack.dsl.RBMLayer;
import org.aestack.dsl.Sparse;
import org.aestack.runtime.AutoencoderModel;
import org.aestack.runtime.data.Corruption;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.data.FashionMnist;
import org.aestack.runtime.kernel.Rng;
import org.aestack.runtime.metric.Psnr;
import org.aestack.runtime.metric.Sparsity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The regularizers and training variants that otherwise only have gradient checks, each trained on
 * real Fashion-MNIST (6,000 training and 1,000 test images) through the generated public API and
 * held to an effect it must have: tied weights, dropout, L1 against KL sparsity, salt-and-pepper
 * denoising, stacked denoising pretraining, and CD-k with k > 1.
 *
 * <p>Every comparison is paired: both arms start from the same initialization seed and train with
 * the same trainer seed (so they see the same mini-batches), over the three {@link #SEEDS}, and every
 * seed must show the effect by a stated margin. Each test prints one line with its figures. The
 * ranges quoted in the comments were measured on JDK 25 with the Vector API kernels, 2 threads, over
 * these seeds and a second set (11, 12, 13) run once to check that the margins hold; the seeds were
 * not chosen to pass.
 *
 * <p>Most arms are single-layer 784-256 sigmoid autoencoders with cross-entropy, 5 epochs of Adam at
 * 2e-3, batch 128; {@link Plain} is their shared, unregularized baseline, trained once per seed.
 */
class RegularizersOnRealDataTest {
    private static final long[] SEEDS = {1, 2, 3};
    private static final Map<Long, RegularizersOnRealDataTest_PlainModel> PLAIN = new HashMap<>();
    private static DataSet train;
    private static DataSet test;

    /** The baseline: no regularizer. */
    @Autoencoder(input = 784)
    @FineTune(epochs = 5, batch = 128, learningRate = 2e-3)
    interface Plain {
        @Encoder(units = 256)
        Layer code();
    }

    /** {@link Plain} with the decoder using the transposed encoder weights. */
    @Autoencoder(input = 784, tied = true)
    @FineTune(epochs = 5, batch = 128, learningRate = 2e-3)
    interface Tied {
        @Encoder(units = 256)
        Layer code();
    }

    /** A tied autoencoder with twice the units: as many parameters as {@link Plain}. */
    @Autoencoder(input = 784, tied = true)
    @FineTune(epochs = 5, batch = 128, learningRate = 2e-3)
    interface WideTied {
        @Encoder(units = 512)
        Layer code();
    }

    /** {@link Plain} with half the code units dropped while training. */
    @Autoencoder(input = 784)
    @FineTune(epochs = 5, batch = 128, learningRate = 2e-3)
    interface Dropped {
        @Dropout(p = 0.5)
        @Encoder(units = 256)
        Layer code();
    }

    /** {@link Plain} with the L1 penalty 0.5 Σ|h| on each code. */
    @Autoencoder(input = 784)
    @FineTune(epochs = 5, batch = 128, learningRate = 2e-3)
    interface L1Sparse {
        @Sparse(lambda = 0.5)
        @Encoder(units = 256)
        Layer code();
    }

    /** {@link Plain} with the penalty 0.5 Σ KL(0.05 ‖ ρ̂ⱼ) on each unit's mean activation. */
    @Autoencoder(input = 784)
    @FineTune(epochs = 5, batch = 128, learningRate = 2e-3)
    interface KlSparse {
        @Sparse(lambda = 0.5, target = 0.05)
        @Encoder(units = 256)
        Layer code();
    }

    /** {@link Plain} trained to restore images with 40% of their pixels set to 0 or 1. */
    @Autoencoder(input = 784)
    @Denoising(p = 0.4, noise = Noise.SALT_AND_PEPPER)
    @FineTune(epochs = 5, batch = 128, learningRate = 2e-3)
    interface SaltAndPepper {
        @Encoder(units = 256)
        Layer code();
    }

    /**
     * A deep 784-256-64 autoencoder whose layers pretrain as denoising autoencoders (masking 25% of
     * each layer's input), 2 epochs each, then fine-tune for 3.
     */
    @Autoencoder(input = 784)
    @Pretrain(epochs = 2, batch = 100, optimizer = Optimizer.ADAM, learningRate = 2e-3)
    @FineTune(epochs = 3, batch = 128, learningRate = 2e-3)
    interface StackedDenoising {
        @Denoising(p = 0.25)
        @Encoder(units = 256)
        Layer hidden();

        @Denoising(p = 0.25)
        @Encoder(units = 64)
        Layer code();
    }

    /** {@link StackedDenoising} without the noise: layers pretrain as plain autoencoders. */
    @Autoencoder(input = 784)
    @Pretrain(epochs = 2, batch = 100, optimizer = Optimizer.ADAM, learningRate = 2e-3)
    @FineTune(epochs = 3, batch = 128, learningRate = 2e-3)
    interface StackedPlain {
        @Encoder(units = 256)
        Layer hidden();

        @Encoder(units = 64)
        Layer code();
    }

    /** A 784-16 RBM by CD-1; 16 hidden units, so log Z is exact (2^16 states). */
    @BeliefNet(input = 784)
    @Pretrain(epochs = 3, batch = 50, optimizer = Optimizer.MOMENTUM, learningRate = 0.05, momentum = 0.5)
    interface Cd1 {
        @RBMLayer(units = 16, cd = 1)
        Layer hidden();
    }

    /** {@link Cd1} with five Gibbs steps in the negative phase. */
    @BeliefNet(input = 784)
    @Pretrain(epochs = 3, batch = 50, optimizer = Optimizer.MOMENTUM, learningRate = 0.05, momentum = 0.5)
    interface Cd5 {
        @RBMLayer(units = 16, cd = 5)
        Layer hidden();
    }

    @BeforeAll
    static void load() throws Exception {
        FashionMnist.Source source = FashionMnist.locate(null);
        train = source.train().head(6_000);
        test = source.test().head(1_000);
    }

    /** The unregularized baseline for {@code seed}, trained on first use and shared by the tests. */
    private static synchronized RegularizersOnRealDataTest_PlainModel plain(long seed) {
        return PLAIN.computeIfAbsent(seed, s -> {
            var model = RegularizersOnRealDataTest_PlainModel.initialize(s);
            RegularizersOnRealDataTest_PlainTrainer.builder(model).seed(s).build().fit(train);
            return model;
        });
    }

    /**
     * Tying the decoder to the transposed encoder halves the parameters for a modest loss of
     * reconstruction, and at an equal parameter budget (twice the units) reconstructs about as well.
     */
    @Test
    void tiedWeightsHalveTheParametersAtASmallCostInReconstruction() {
        double[] untied = new double[SEEDS.length];
        double[] tied = new double[SEEDS.length];
        double[] wide = new double[SEEDS.length];
        int untiedParameters = 0;
        int tiedParameters = 0;
        int wideParameters = 0;
        for (int i = 0; i < SEEDS.length; i++) {
            long seed = SEEDS[i];
            var plain = plain(seed);
            var t = RegularizersOnRealDataTest_TiedModel.initialize(seed);
            RegularizersOnRealDataTest_TiedTrainer.builder(t).seed(seed).build().fit(train);
            var w = RegularizersOnRealDataTest_WideTiedModel.initialize(seed);
            RegularizersOnRealDataTest_WideTiedTrainer.builder(w).seed(seed).build().fit(train);
            untied[i] = plain.reconstructionError(test);
            tied[i] = t.reconstructionError(test);
            wide[i] = w.reconstructionError(test);
            untiedParameters = parameterCount(plain);
            tiedParameters = parameterCount(t);
            wideParameters = parameterCount(w);
        }
        System.out.printf(Locale.ROOT, "tied weights, test cross-entropy per image, seeds %s:"
                + " untied 784-256 %s (%,d parameters); tied 784-256 %s (%,d); tied 784-512 %s (%,d)%n",
                seeds(), figures(untied), untiedParameters, figures(tied), tiedParameters, figures(wide), wideParameters);

        // 784·256 + 256 + 784 against 2·784·256 + 256 + 784: a tied decoder has biases of its own only.
        assertEquals(784 * 256 + 256 + 784, tiedParameters, "a tied decoder has no weights of its own");
        assertEquals(2 * 784 * 256 + 256 + 784, untiedParameters);
        for (int i = 0; i < SEEDS.length; i++) {
            // Measured: tied 265.2-265.6 against untied 245.9-246.5, 7.6-8.0% more on every seed. A flag
            // that did nothing would give the untied figure exactly (same seeds, same batches), so the
            // tied error must be above it, by 2% at least; a tied model that failed to train would be
            // far above 10% (an untrained one costs about 543 nats).
            double ratio = tied[i] / untied[i];
            assertTrue(ratio > 1.02 && ratio < 1.10,
                    "seed " + SEEDS[i] + ": tied " + tied[i] + " vs untied " + untied[i]);
            // Measured: the 512-unit tied model, 402,704 parameters against 402,448, is 0.5-0.8% above
            // the untied 256-unit one: as good, not better. 2% leaves more than twice the largest gap.
            assertTrue(wide[i] < 1.02 * untied[i],
                    "seed " + SEEDS[i] + ": tied 784-512 " + wide[i] + " vs untied 784-256 " + untied[i]);
        }
    }

    /**
     * Dropout keeps code units from relying on each other, so the decoder copes when units go missing:
     * with half the code units zeroed at test time, the dropout-trained model reconstructs better than
     * the plain one, although it reconstructs complete codes a little worse.
     */
    @Test
    void dropoutMakesTheReconstructionRobustToLosingHalfTheCode() {
        double[] plainClean = new double[SEEDS.length];
        double[] droppedClean = new double[SEEDS.length];
        double[] plainHalf = new double[SEEDS.length];
        double[] droppedHalf = new double[SEEDS.length];
        for (int i = 0; i < SEEDS.length; i++) {
            long seed = SEEDS[i];
            var plain = plain(seed);
            var dropped = RegularizersOnRealDataTest_DroppedModel.initialize(seed);
            RegularizersOnRealDataTest_DroppedTrainer.builder(dropped).seed(seed).build().fit(train);
            plainClean[i] = squaredError(test, plain.reconstruct(test));
            droppedClean[i] = squaredError(test, dropped.reconstruct(test));
            // The same units dropped for both models (the mask's seed), survivors doubled as in training.
            plainHalf[i] = squaredErrorWithHalfTheCodeDropped(plain, test, 100 + seed);
            droppedHalf[i] = squaredErrorWithHalfTheCodeDropped(dropped, test, 100 + seed);
        }
        System.out.printf(Locale.ROOT, "dropout 0.5 on the code, test squared error per image, seeds %s:"
                + " whole code plain %s, dropout %s; half the code units dropped plain %s, dropout %s%n",
                seeds(), figures(plainClean), figures(droppedClean), figures(plainHalf), figures(droppedHalf));
        for (int i = 0; i < SEEDS.length; i++) {
            // Measured: 21.8-22.0 with dropout against 24.1-24.9 plain, a gap of 2.2-3.1 on every seed.
            // Doubling the survivors is also the plain model's better option: unscaled, its error is
            // about 30. With dropout a no-op the two figures would be equal.
            assertTrue(droppedHalf[i] < plainHalf[i] - 1.5,
                    "seed " + SEEDS[i] + ": half the code dropped, dropout " + droppedHalf[i]
                            + " vs plain " + plainHalf[i]);
        }
    }

    /**
     * Both sparsity penalties sparsify the code, differently: L1 pushes every activation toward zero and
     * lets some units die, KL pushes each unit's mean activation toward the target and so keeps the
     * units' mean activations close together.
     */
    @Test
    void l1AndKlPenaltiesEachSparsifyTheCodeAndKlEvensOutTheUnits() {
        Sparsity[] plain = new Sparsity[SEEDS.length];
        Sparsity[] l1 = new Sparsity[SEEDS.length];
        Sparsity[] kl = new Sparsity[SEEDS.length];
        double[] plainSpread = new double[SEEDS.length];
        double[] l1Spread = new double[SEEDS.length];
        double[] klSpread = new double[SEEDS.length];
        int[] l1Dead = new int[SEEDS.length];
        int[] klDead = new int[SEEDS.length];
        for (int i = 0; i < SEEDS.length; i++) {
            long seed = SEEDS[i];
            var l1Model = RegularizersOnRealDataTest_L1SparseModel.initialize(seed);
            RegularizersOnRealDataTest_L1SparseTrainer.builder(l1Model).seed(seed).build().fit(train);
            var klModel = RegularizersOnRealDataTest_KlSparseModel.initialize(seed);
            RegularizersOnRealDataTest_KlSparseTrainer.builder(klModel).seed(seed).build().fit(train);
            DataSet plainCodes = plain(seed).encode(test);
            DataSet l1Codes = l1Model.encode(test);
            DataSet klCodes = klModel.encode(test);
            plain[i] = Sparsity.of(plainCodes);
            l1[i] = Sparsity.of(l1Codes);
            kl[i] = Sparsity.of(klCodes);
            plainSpread[i] = standardDeviation(unitMeans(plainCodes));
            l1Spread[i] = standardDeviation(unitMeans(l1Codes));
            klSpread[i] = standardDeviation(unitMeans(klCodes));
            l1Dead[i] = deadUnits(l1Codes);
            klDead[i] = deadUnits(klCodes);
        }
        System.out.printf(Locale.ROOT, "sparsity, 256-unit code on test images, seeds %s:"
                + " mean activation plain %s, L1 %s, KL %s; fraction below 0.05 plain %s, L1 %s, KL %s;"
                + " sd of the units' mean activations plain %s, L1 %s, KL %s; units with mean below 0.01 L1 %s, KL %s%n", seeds(),
                figures(plain, Sparsity::meanActivation), figures(l1, Sparsity::meanActivation),
                figures(kl, Sparsity::meanActivation), figures(plain, Sparsity::nearZeroFraction),
                figures(l1, Sparsity::nearZeroFraction), figures(kl, Sparsity::nearZeroFraction),
                figures(plainSpread, "%.3f"), figures(l1Spread, "%.3f"), figures(klSpread, "%.3f"),
                counts(l1Dead), counts(klDead));
        for (int i = 0; i < SEEDS.length; i++) {
            String seed = "seed " + SEEDS[i] + ": ";
            // Measured: mean activation 0.168-0.174 (L1) and 0.178-0.185 (KL) against 0.479-0.493
            // plain, at most 0.39 of it; near-zero fraction 0.55-0.56 (L1) and 0.45-0.48 (KL) against
            // 0.14-0.15 plain, 3.2-4.0 times. Half and twice leave wide room.
            assertTrue(l1[i].meanActivation() < 0.5 * plain[i].meanActivation(),
                    seed + "L1 " + l1[i] + " vs plain " + plain[i]);
            assertTrue(kl[i].meanActivation() < 0.5 * plain[i].meanActivation(),
                    seed + "KL " + kl[i] + " vs plain " + plain[i]);
            assertTrue(l1[i].nearZeroFraction() > 2 * plain[i].nearZeroFraction(),
                    seed + "L1 " + l1[i] + " vs plain " + plain[i]);
            assertTrue(kl[i].nearZeroFraction() > 2 * plain[i].nearZeroFraction(),
                    seed + "KL " + kl[i] + " vs plain " + plain[i]);
            // Measured: the units' mean activations spread with sd 0.072-0.078 under KL against
            // 0.121-0.127 under L1 (0.16-0.17 plain), a ratio of 0.59-0.62; L1 left 7-12 units dead,
            // KL none. Were the two penalties the same, the ratio would be near 1.
            assertTrue(klSpread[i] < 0.75 * l1Spread[i],
                    seed + "sd of the units' mean activations, KL " + klSpread[i] + " vs L1 " + l1Spread[i]);
        }
    }

    /**
     * An autoencoder trained on salt-and-pepper noise restores salt-and-pepper-corrupted test images,
     * well above the noisy images and above a plain autoencoder of the same shape.
     */
    @Test
    void saltAndPepperDenoisingRestoresCorruptedImages() {
        double[] noisy = new double[SEEDS.length];
        double[] byPlain = new double[SEEDS.length];
        double[] byDenoising = new double[SEEDS.length];
        for (int i = 0; i < SEEDS.length; i++) {
            long seed = SEEDS[i];
            var denoising = RegularizersOnRealDataTest_SaltAndPepperModel.initialize(seed);
            RegularizersOnRealDataTest_SaltAndPepperTrainer.builder(denoising).seed(seed).build().fit(train);
            DataSet corrupted = new Corruption(Noise.SALT_AND_PEPPER, 0.4).apply(test, new Rng(100 + seed));
            noisy[i] = Psnr.mean(test, corrupted);
            byPlain[i] = Psnr.mean(test, plain(seed).reconstruct(corrupted));
            byDenoising[i] = Psnr.mean(test, denoising.reconstruct(corrupted));
        }
        System.out.printf(Locale.ROOT, "salt-and-pepper 0.4, PSNR of 1,000 test images in dB, seeds %s: noisy %s,"
                + " plain autoencoder %s, salt-and-pepper denoising autoencoder %s%n",
                seeds(), figures(noisy), figures(byPlain), figures(byDenoising));
        for (int i = 0; i < SEEDS.length; i++) {
            // Measured: 15.4-15.5 dB restored, against 7.8 dB noisy and 12.9-13.1 dB by the plain model:
            // 2.35-2.50 dB above the plain one on every seed. At p = 0.2 (trained and tested) the gap
            // is only 0.5 dB, as a 256-unit code already smooths sparse specks; hence p = 0.4 here.
            assertTrue(byDenoising[i] > noisy[i] + 5,
                    "seed " + SEEDS[i] + ": restored " + byDenoising[i] + " dB vs noisy " + noisy[i] + " dB");
            assertTrue(byDenoising[i] > byPlain[i] + 1.5,
                    "seed " + SEEDS[i] + ": denoising " + byDenoising[i] + " dB vs plain " + byPlain[i] + " dB");
        }
    }

    /**
     * Greedy layerwise denoising pretraining gives a deep autoencoder a head start that fine-tuning
     * alone does not make up: with equal fine-tuning the pretrained net ends far lower, and still lower
     * when the net without pretraining gets two more fine-tuning epochs, about the compute pretraining
     * took. The noise is felt too: right after pretraining, masking half of each input costs the stack
     * pretrained on clean inputs PSNR, and the stack pretrained on corrupted ones none.
     */
    @Test
    void stackedDenoisingPretrainingBeatsNoPretraining() {
        double[] pretrained = new double[SEEDS.length];
        double[] plainPretrained = new double[SEEDS.length];
        double[] none = new double[SEEDS.length];
        double[] noneLonger = new double[SEEDS.length];
        double[] denoisingStackLoss = new double[SEEDS.length];
        double[] plainStackLoss = new double[SEEDS.length];
        for (int i = 0; i < SEEDS.length; i++) {
            long seed = SEEDS[i];
            DataSet masked = new Corruption(Noise.MASKING, 0.5).apply(test, new Rng(100 + seed));

            var stacked = RegularizersOnRealDataTest_StackedDenoisingModel.initialize(seed);
            var trainer = RegularizersOnRealDataTest_StackedDenoisingTrainer.builder(stacked).seed(seed).build();
            trainer.pretrain(train);
            denoisingStackLoss[i] = psnrLostToMasking(stacked, masked);
            trainer.fineTune(train);
            pretrained[i] = stacked.reconstructionError(test);

            var plainStack = RegularizersOnRealDataTest_StackedPlainModel.initialize(seed);
            var plainTrainer = RegularizersOnRealDataTest_StackedPlainTrainer.builder(plainStack).seed(seed).build();
            plainTrainer.pretrain(train);
            plainStackLoss[i] = psnrLostToMasking(plainStack, masked);
            plainTrainer.fineTune(train);
            plainPretrained[i] = plainStack.reconstructionError(test);

            var fromRandom = RegularizersOnRealDataTest_StackedDenoisingModel.initialize(seed);
            RegularizersOnRealDataTest_StackedDenoisingTrainer.builder(fromRandom).seed(seed).build().fineTune(train);
            none[i] = fromRandom.reconstructionError(test);
            var fromRandomLonger = RegularizersOnRealDataTest_StackedDenoisingModel.initialize(seed);
            RegularizersOnRealDataTest_StackedDenoisingTrainer.builder(fromRandomLonger).seed(seed)
                    .fineTune(c -> c.epochs(5)).build().fineTune(train);
            noneLonger[i] = fromRandomLonger.reconstructionError(test);
        }
        System.out.printf(Locale.ROOT, "stacked denoising pretraining, 784-256-64, test cross-entropy per image,"
                + " seeds %s: denoising-pretrained + 3 fine-tuning epochs %s, no pretraining + 3 %s, no pretraining + 5 %s"
                + " (plain-pretrained + 3: %s); right after pretraining, PSNR lost to masking half of each input:"
                + " denoising stack %s dB, plain stack %s dB%n", seeds(), figures(pretrained), figures(none),
                figures(noneLonger), figures(plainPretrained), figures(denoisingStackLoss), figures(plainStackLoss));
        for (int i = 0; i < SEEDS.length; i++) {
            String seed = "seed " + SEEDS[i] + ": ";
            // Measured: 256.2-257.1 pretrained against 296.3-298.1 without, 39-41 nats on every seed;
            // and 282.3-283.8 with 5 fine-tuning epochs (about the compute of 3 plus the pretraining:
            // 2 epochs of the 784-256 layer and 2 of the small 256-64 one), still 25-27 nats above.
            assertTrue(pretrained[i] < none[i] - 20, seed + "pretrained " + pretrained[i] + " vs none " + none[i]);
            assertTrue(pretrained[i] < noneLonger[i] - 10,
                    seed + "pretrained " + pretrained[i] + " vs none, 5 epochs " + noneLonger[i]);
            // Measured: masking half the pixels costs the plain stack 0.55-0.78 dB and the denoising
            // stack -0.13 to -0.45 dB (its output is, if anything, closer to the clean image), a paired
            // gap of 0.70-1.04 dB. Without the per-layer noise the two stacks would be the same model.
            // (After fine-tuning, which sees clean inputs in both, the plain-pretrained stack ends
            // 1.1-2.1 nats lower: for reconstruction the noise buys nothing here. Not asserted.)
            assertTrue(denoisingStackLoss[i] < plainStackLoss[i] - 0.5,
                    seed + "PSNR lost to masking, denoising stack " + denoisingStackLoss[i] + " dB vs plain stack "
                            + plainStackLoss[i] + " dB");
        }
    }

    /**
     * CD-k with more Gibbs steps follows the likelihood gradient more closely: with the same epochs,
     * rate and seeds, CD-5 ends with a clearly higher exact test log-likelihood than CD-1. The
     * pseudo-log-likelihood does not see the difference, so the exact one is what is asserted.
     */
    @Test
    void cdFiveReachesAHigherExactLikelihoodThanCdOne() {
        DataSet binaryTrain = binarize(train);
        DataSet binaryTest = binarize(test);
        double[] cd1 = new double[SEEDS.length];
        double[] cd5 = new double[SEEDS.length];
        double[] cd1Pseudo = new double[SEEDS.length];
        double[] cd5Pseudo = new double[SEEDS.length];
        double[] cd1LogZ = new double[SEEDS.length];
        double[] cd5LogZ = new double[SEEDS.length];
        for (int i = 0; i < SEEDS.length; i++) {
            long seed = SEEDS[i];
            var one = RegularizersOnRealDataTest_Cd1Model.initialize(seed);
            RegularizersOnRealDataTest_Cd1Trainer.builder(one).seed(seed).build().fit(binaryTrain);
            var five = RegularizersOnRealDataTest_Cd5Model.initialize(seed);
            RegularizersOnRealDataTest_Cd5Trainer.builder(five).seed(seed).build().fit(binaryTrain);
            cd1LogZ[i] = one.rbm(0).exactLogZ();
            cd5LogZ[i] = five.rbm(0).exactLogZ();
            cd1[i] = one.rbm(0).meanLogLikelihood(binaryTest, cd1LogZ[i]);
            cd5[i] = five.rbm(0).meanLogLikelihood(binaryTest, cd5LogZ[i]);
            cd1Pseudo[i] = one.rbm(0).pseudoLogLikelihood(binaryTest);
            cd5Pseudo[i] = five.rbm(0).pseudoLogLikelihood(binaryTest);
        }
        System.out.printf(Locale.ROOT, "CD-k, 784-16 RBM, 3 epochs, binarized test images, seeds %s:"
                + " exact log-likelihood per image CD-1 %s, CD-5 %s; exact log Z CD-1 %s, CD-5 %s;"
                + " pseudo-log-likelihood CD-1 %s, CD-5 %s%n", seeds(),
                figures(cd1), figures(cd5), figures(cd1LogZ), figures(cd5LogZ), figures(cd1Pseudo), figures(cd5Pseudo));
        for (int i = 0; i < SEEDS.length; i++) {
            // Measured: CD-5 -303.9 to -309.8 nats against CD-1 -321.8 to -331.8, 13.8-22.6 nats higher
            // on every seed. CD-1's log Z is 24-36 nats larger: the short chains leave probability mass
            // on states far from the data, which longer chains find and unlearn. The pseudo-likelihoods
            // are within 3 nats of each other, CD-1's as often the higher: they cannot tell the two apart.
            assertTrue(cd5[i] > cd1[i] + 8, "seed " + SEEDS[i] + ": CD-5 " + cd5[i] + " vs CD-1 " + cd1[i]);
        }
    }

    private static int parameterCount(AutoencoderModel model) {
        return model.parameters().values().stream().mapToInt(p -> p.length).sum();
    }

    /** How much lower the PSNR of the reconstructions of {@code masked} is than that of the clean test images'. */
    private static double psnrLostToMasking(AutoencoderModel model, DataSet masked) {
        return Psnr.mean(test, model.reconstruct(test)) - Psnr.mean(test, model.reconstruct(masked));
    }

    /** Summed squared error per image. */
    private static double squaredError(DataSet clean, DataSet other) {
        float[] a = clean.toArray();
        float[] b = other.toArray();
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return sum / clean.rows();
    }

    /**
     * The squared error per image when each code unit is zeroed with probability one half and the
     * survivors are doubled, as inverted dropout does while training; the mask depends only on
     * {@code maskSeed}, so two models of the same shape lose the same units.
     */
    private static double squaredErrorWithHalfTheCodeDropped(AutoencoderModel model, DataSet data, long maskSeed) {
        DataSet codes = model.encode(data);
        Rng rng = new Rng(maskSeed);
        float[] u = new float[codes.cols()];
        double sum = 0;
        for (int r = 0; r < data.rows(); r++) {
            float[] code = codes.row(r);
            rng.fillUniform(u, u.length, 0f, 1f);
            for (int j = 0; j < code.length; j++) {
                code[j] = u[j] < 0.5f ? 0f : 2 * code[j];
            }
            float[] y = model.decode(code);
            float[] x = data.row(r);
            for (int k = 0; k < x.length; k++) {
                sum += (y[k] - x[k]) * (y[k] - x[k]);
            }
        }
        return sum / data.rows();
    }

    /** Each unit's mean activation over the rows. */
    private static double[] unitMeans(DataSet codes) {
        double[] mean = new double[codes.cols()];
        for (int r = 0; r < codes.rows(); r++) {
            float[] h = codes.row(r);
            for (int j = 0; j < h.length; j++) {
                mean[j] += h[j] / (double) codes.rows();
            }
        }
        return mean;
    }

    private static double standardDeviation(double[] x) {
        double mean = DoubleStream.of(x).average().orElseThrow();
        return Math.sqrt(DoubleStream.of(x).map(v -> (v - mean) * (v - mean)).average().orElseThrow());
    }

    /** The units whose mean activation is below 0.01: on for almost no image. */
    private static int deadUnits(DataSet codes) {
        return (int) DoubleStream.of(unitMeans(codes)).filter(m -> m < 0.01).count();
    }

    /** Pixels above one half on, the rest off. */
    private static DataSet binarize(DataSet d) {
        float[] x = d.toArray();
        for (int i = 0; i < x.length; i++) {
            x[i] = x[i] > 0.5f ? 1f : 0f;
        }
        return DataSet.of(x, d.rows(), d.cols());
    }

    private static String seeds() {
        return Arrays.stream(SEEDS).mapToObj(Long::toString).collect(Collectors.joining("/"));
    }

    /** The figures of the seeds, to two decimals, separated by slashes. */
    private static String figures(double[] x) {
        return figures(x, "%.2f");
    }

    private static String figures(double[] x, String format) {
        return DoubleStream.of(x).mapToObj(v -> String.format(Locale.ROOT, format, v)).collect(Collectors.joining("/"));
    }

    private static String figures(Sparsity[] s, ToDoubleFunction<Sparsity> f) {
        return figures(Arrays.stream(s).mapToDouble(f).toArray(), "%.3f");
    }

    private static String counts(int[] x) {
        return Arrays.stream(x).mapToObj(Integer::toString).collect(Collectors.joining("/"));
    }
}
