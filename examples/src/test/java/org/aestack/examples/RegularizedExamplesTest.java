package org.aestack.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.aestack.dsl.Noise;
import org.aestack.runtime.data.Corruption;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.data.FashionMnist;
import org.aestack.runtime.io.ModelFormatException;
import org.aestack.runtime.kernel.Rng;
import org.aestack.runtime.metric.Jacobians;
import org.aestack.runtime.metric.Psnr;
import org.aestack.runtime.metric.Sparsity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each regularizer does what the lecture says it does, on real Fashion-MNIST, after a short run
 * through the public API: the denoising autoencoder restores masked images better than a plain one,
 * the contractive one has the flattest encoder, the sparse one the sparsest code.
 */
class RegularizedExamplesTest {
    private static DataSet train;
    private static DataSet test;
    /** The first 1,000 test images, which samples are held against. */
    private static DataSet heldOut;
    private static PlainAeModel plain;

    @TempDir
    Path dir;

    @BeforeAll
    static void trainTheBaseline() throws Exception {
        FashionMnist.Source source = FashionMnist.locate(null);
        train = source.train().head(12_000);
        test = source.test().head(500);
        heldOut = source.test().head(1_000);
        plain = PlainAeModel.initialize(1);
        PlainAeTrainer.builder(plain).fineTune(c -> c.epochs(3)).build().fit(train);
    }

    @Test
    void theDenoisingAutoencoderRestoresMaskedImagesBetter() {
        DenoisingAeModel dae = DenoisingAeModel.initialize(1);
        DenoisingAeTrainer.builder(dae).fineTune(c -> c.epochs(3)).build().fit(train);
        DataSet masked = new Corruption(Noise.MASKING, 0.5).apply(test, new Rng(5));
        double noisy = Psnr.mean(test, masked);
        double byPlain = Psnr.mean(test, plain.reconstruct(masked));
        double byDae = Psnr.mean(test, dae.reconstruct(masked));
        assertTrue(byDae > byPlain + 2, "DAE " + byDae + " dB vs plain " + byPlain + " dB");
        assertTrue(byDae > noisy + 3, "DAE " + byDae + " dB vs noisy " + noisy + " dB");

        // The denoising chain as ./aestack sample runs it, from uniform noise: after four rounds of corrupting
        // and reconstructing, the samples lie far nearer real images than the noise they started from.
        DataSet noise = Measures.uniformImages(12, 9);
        double start = Measures.nearest(noise, heldOut);
        List<DataSet> chain = dae.sample(noise, 4, 9);
        assertEquals(4, chain.size());
        double samples = Measures.nearest(chain.get(3), heldOut);
        System.out.printf("DAE chain: mean squared distance to the nearest of 1,000 test images %.2f after 4 steps, %.2f for the"
                + " uniform noise it started from%n", samples, start);
        // Measured (starts and chains of seeds 9 to 11, on the full data set and on the bundled subset): 24.2 to
        // 27.9 against 122 to 125, a ratio of 0.19 to 0.23. An untrained DAE's chain gives flat grey images at
        // 63.3, a ratio of 0.51, which the line at 0.35 rejects. What it cannot reject is blur: squared distance
        // favours blurry images, and the training images' mean image lies at 19.1, nearer than these samples.
        assertTrue(samples < 0.35 * start, "samples " + samples + " vs the noise they started from " + start);
    }

    @Test
    void theContractiveAutoencoderHasTheFlattestEncoder() {
        ContractiveAeModel cae = ContractiveAeModel.initialize(1);
        ContractiveAeTrainer.builder(cae).fineTune(c -> c.epochs(3)).build().fit(train);
        DataSet few = test.head(200);
        double contractive = Jacobians.meanFrobeniusNorm(List.of(cae.code()), few);
        double baseline = Jacobians.meanFrobeniusNorm(List.of(plain.code()), few);
        // Same seed, same data: without the penalty the two would be the same model, ratio 1.
        assertTrue(contractive < 0.9 * baseline, "||J|| " + contractive + " vs plain " + baseline);
    }

    @Test
    void theSparseAutoencoderHasTheSparsestCode() {
        SparseAeModel sparse = SparseAeModel.initialize(1);
        SparseAeTrainer.builder(sparse).fineTune(c -> c.epochs(3)).build().fit(train);
        Sparsity s = Sparsity.of(sparse.encode(test));
        Sparsity p = Sparsity.of(plain.encode(test));
        assertTrue(s.meanActivation() < 0.5 * p.meanActivation(), s + " vs plain " + p);
        assertTrue(s.nearZeroFraction() > 2 * p.nearZeroFraction(), s + " vs plain " + p);
        assertTrue(s.meanActivation() < 0.15, "KL pulls the mean activation toward 0.05: " + s);
    }

    @Test
    void aSavedModelLoadsToTheSameReconstructions() throws Exception {
        Path file = dir.resolve("plain.safetensors");
        plain.save(file);
        PlainAeModel loaded = PlainAeModel.load(file);
        assertArrayEquals(plain.reconstruct(test.head(5)).toArray(), loaded.reconstruct(test.head(5)).toArray(), 0f);
        assertEquals(train.fingerprint(), loaded.provenance().get("train.data"));
        assertEquals("42", loaded.provenance().get("train.seed"));
        assertTrue(loaded.provenance().get("train.settings").contains("fine-tune: epochs=3, batch=128, optimizer=ADAM"),
                loaded.provenance().toString());
        var metadata = org.aestack.runtime.io.ModelFile.read(file).metadata();
        assertEquals(PlainAeModel.DECLARATION_HASH, metadata.get("aestack.declaration.hash"));
        assertEquals(Runtime.version().toString(), metadata.get("aestack.jdk"));
        assertEquals("784-500", metadata.get("aestack.layers"));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> SparseAeModel.load(file));
        assertTrue(e.getMessage().endsWith("holds a org.aestack.examples.PlainAe, not a org.aestack.examples.SparseAe"),
                e.getMessage());
        Files.write(file, new byte[] {1, 2, 3});
        assertThrows(ModelFormatException.class, () -> PlainAeModel.load(file));
    }
}
