package org.aestack.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {
    @TempDir
    Path dir;

    @Test
    void theBundledSubsetIsBalancedRealData() throws IOException {
        DataSet train = FashionMnist.embedded(FashionMnist.Split.TRAIN);
        DataSet test = FashionMnist.embedded(FashionMnist.Split.TEST);
        assertEquals(6_000, train.rows());
        assertEquals(1_000, test.rows());
        assertEquals(784, train.cols());
        assertEquals(10, train.classes());
        int[] counts = new int[10];
        for (int label : train.labels()) {
            counts[label]++;
        }
        for (int c : counts) {
            assertEquals(600, c);
        }
        float[] x = train.toArray();
        double mean = 0;
        for (float v : x) {
            assertTrue(v >= 0 && v <= 1);
            mean += v;
        }
        mean /= x.length;
        assertTrue(mean > 0.2 && mean < 0.4, "Fashion-MNIST's mean pixel is about 0.29, not " + mean);
        assertFalse(FashionMnist.bundled().full());
    }

    @Test
    void theInstalledDataSetLoadsWhole() throws IOException {
        assumeTrue(Files.isDirectory(FashionMnist.DEBIAN), "dataset-fashion-mnist is not installed");
        DataSet train = FashionMnist.load(FashionMnist.DEBIAN, FashionMnist.Split.TRAIN);
        DataSet test = FashionMnist.load(FashionMnist.DEBIAN, FashionMnist.Split.TEST);
        assertEquals(60_000, train.rows());
        assertEquals(10_000, test.rows());
        assertEquals(784, train.cols());
        // The first training image of the set is an ankle boot (label 9).
        assertEquals(9, train.label(0));
        assertTrue(FashionMnist.locate(FashionMnist.DEBIAN).full());
    }

    @Test
    void aDirectoryWithoutTheFilesIsNamed() {
        DataFormatException e = assertThrows(DataFormatException.class, () -> FashionMnist.locate(dir));
        assertTrue(e.getMessage().startsWith("no Fashion-MNIST in " + dir), e.getMessage());
    }

    @Test
    void imagesAndLabelsMustAgreeInCount() throws IOException {
        Files.write(dir.resolve("train-images-idx3-ubyte"), IdxTest.idx(0x08, new int[] {3, 28, 28}, new byte[3 * 784]));
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), IdxTest.gzip(IdxTest.idx(0x08, new int[] {2}, new byte[2])));
        DataFormatException e = assertThrows(DataFormatException.class, () -> FashionMnist.load(dir, FashionMnist.Split.TRAIN));
        assertTrue(e.getMessage().contains("holds 3 images but"), e.getMessage());
        assertTrue(e.getMessage().endsWith("holds 2 labels"), e.getMessage());
    }

    @Test
    void imagesMustBe28By28AndLabelsBelowTen() throws IOException {
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), IdxTest.idx(0x08, new int[] {1, 32, 32}, new byte[1024]));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxTest.idx(0x08, new int[] {1}, new byte[] {0}));
        DataFormatException e = assertThrows(DataFormatException.class, () -> FashionMnist.load(dir, FashionMnist.Split.TEST));
        assertTrue(e.getMessage().contains("not 28 x 28 images"), e.getMessage());
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), IdxTest.idx(0x08, new int[] {1, 28, 28}, new byte[784]));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxTest.idx(0x08, new int[] {1}, new byte[] {12}));
        e = assertThrows(DataFormatException.class, () -> FashionMnist.load(dir, FashionMnist.Split.TEST));
        assertTrue(e.getMessage().contains("label 0 is 12"), e.getMessage());
    }
}
