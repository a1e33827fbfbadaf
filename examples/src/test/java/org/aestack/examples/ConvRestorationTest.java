package org.aestack.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.aestack.dsl.Noise;
import org.aestack.runtime.AutoencoderModel;
import org.aestack.runtime.DenoisingModel;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.data.FashionMnist;
import org.aestack.runtime.kernel.Rng;
import org.aestack.runtime.metric.Psnr;
import org.aestack.runtime.metric.Ssim;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Restoration on real Fashion-MNIST with the generated convolutional autoencoders, against the dense
 * ones with as many parameters ({@link DenseDae}, {@link DenseInpaint}: 154,546 against 154,433),
 * each pair trained alike (same data, epochs, optimizer, batch and seeds) on 10,000 training images
 * for 2 epochs, and scored on 1,000 test images damaged the way it was trained for. In both, the
 * convolutional model must restore better than the dense one by PSNR (0.5 dB) and SSIM (0.02) over
 * the whole image. With half the pixels zeroed, it must also beat the damaged input by 3 dB and 0.1
 * SSIM, and the dense one by 1 dB (its SSIM is the input's after so short a training: measured 0.316
 * and 0.316). With two 8 × 8 blocks blanked the rest of the input is intact, and a short training
 * blurs it, so what is held is the blanked region: each model fills it in with less than half the
 * squared error of the blank (measured 0.055 conv, 0.058 dense, 0.283 blank per pixel). Each test
 * prints its figures.
 */
class ConvRestorationTest {
    private static DataSet train;
    private static DataSet test;

    @BeforeAll
    static void load() throws Exception {
        FashionMnist.Source source = FashionMnist.locate(null);
        train = source.train().head(10_000);
        test = source.test().head(1_000);
    }

    @Test
    void convolutionsRestoreMaskedImagesBetterThanADenseAutoencoderOfTheSameSize() {
        ConvDaeModel conv = ConvDaeModel.initialize(1);
        ConvDaeTrainer.builder(conv).fineTune(c -> c.epochs(2)).seed(2).build().fit(train);
        DenseDaeModel dense = DenseDaeModel.initialize(1);
        DenseDaeTrainer.builder(dense).fineTune(c -> c.epochs(2)).seed(2).build().fit(train);
        compare("masking p=0.5", conv, dense);
    }

    @Test
    void convolutionsInpaintBetterThanADenseAutoencoderOfTheSameSize() {
        ConvInpaintModel conv = ConvInpaintModel.initialize(1);
        ConvInpaintTrainer.builder(conv).fineTune(c -> c.epochs(2)).seed(2).build().fit(train);
        DenseInpaintModel dense = DenseInpaintModel.initialize(1);
        DenseInpaintTrainer.builder(dense).fineTune(c -> c.epochs(2)).seed(2).build().fit(train);
        compare("two 8x8 blocks", conv, dense);
    }

    private static <M extends AutoencoderModel & DenoisingModel> void compare(String what, M conv, AutoencoderModel dense) {
        DataSet damaged = conv.noise().apply(test, new Rng(7));
        DataSet byConv = conv.reconstruct(damaged);
        DataSet byDense = dense.reconstruct(damaged);
        double psnrDamaged = Psnr.mean(test, damaged);
        double psnrConv = Psnr.mean(test, byConv);
        double psnrDense = Psnr.mean(test, byDense);
        double ssimDamaged = Ssim.mean(test, damaged, 1, 28, 28);
        double ssimConv = Ssim.mean(test, byConv, 1, 28, 28);
        double ssimDense = Ssim.mean(test, byDense, 1, 28, 28);
        System.out.printf(Locale.ROOT, "%s: PSNR damaged %.2f dB, dense %.2f dB, conv %.2f dB; SSIM damaged %.3f, dense %.3f,"
                + " conv %.3f%n", what, psnrDamaged, psnrDense, psnrConv, ssimDamaged, ssimDense, ssimConv);
        assertTrue(psnrConv > psnrDense + 0.5, what + ": conv PSNR " + psnrConv + " vs dense " + psnrDense);
        assertTrue(ssimConv > ssimDense + 0.02, what + ": conv SSIM " + ssimConv + " vs dense " + ssimDense);
        if (conv.noise().kind() != Noise.BLOCKS) {
            assertTrue(psnrConv > psnrDamaged + 3, what + ": conv PSNR " + psnrConv + " vs damaged " + psnrDamaged);
            assertTrue(ssimConv > ssimDamaged + 0.1, what + ": conv SSIM " + ssimConv + " vs damaged " + ssimDamaged);
            assertTrue(psnrDense > psnrDamaged + 1, what + ": dense PSNR " + psnrDense + " vs damaged " + psnrDamaged);
            return;
        }
        float[] kept = conv.noise().kept(test.rows(), test.cols(), new Rng(7));
        double blank = Psnr.meanSquaredErrorWhereZero(kept, test, damaged);
        double byConvInBlocks = Psnr.meanSquaredErrorWhereZero(kept, test, byConv);
        double byDenseInBlocks = Psnr.meanSquaredErrorWhereZero(kept, test, byDense);
        System.out.printf(Locale.ROOT, "%s: squared error per blanked pixel: blank %.4f, dense %.4f, conv %.4f%n", what, blank,
                byDenseInBlocks, byConvInBlocks);
        assertTrue(byConvInBlocks < 0.5 * blank, what + ": conv " + byConvInBlocks + " vs blank " + blank);
        assertTrue(byDenseInBlocks < 0.5 * blank, what + ": dense " + byDenseInBlocks + " vs blank " + blank);
    }
}
