package org.aestack.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10Test {
    /** The shared copy, {@code ../shared/data/cifar10} from the project root; tests run in the module directory. */
    private static final Path SHARED = Path.of("..", "..", "shared", "data", "cifar10");
    private static final int PLANE = 32 * 32;
    /** JPEG keeps a flat colour within a few levels: its DC terms are quantized, and YCbCr rounds. */
    private static final float JPEG_TOLERANCE = 3.5f / 255;

    @TempDir
    Path dir;

    // ---- the binary release -------------------------------------------------------------------

    /** Random records: record {@code r} has label {@code labels[r]} and random pixel bytes. */
    private static byte[] batch(Random random, int[] labels) {
        byte[] bytes = new byte[labels.length * 3073];
        random.nextBytes(bytes);
        for (int r = 0; r < labels.length; r++) {
            bytes[r * 3073] = (byte) labels[r];
        }
        return bytes;
    }

    /** The byte of channel {@code c} (0 red, 1 green, 2 blue) at row {@code h}, column {@code w} of record {@code r}. */
    private static int pixel(byte[] batch, int r, int c, int h, int w) {
        return batch[r * 3073 + 1 + c * 1024 + h * 32 + w] & 0xff;
    }

    private static void assertRowHoldsRecord(DataSet data, int row, byte[] batch, int record) {
        float[] image = data.row(row);
        for (int c = 0; c < 3; c++) {
            for (int h = 0; h < 32; h++) {
                for (int w = 0; w < 32; w++) {
                    assertEquals(pixel(batch, record, c, h, w) / 255f, image[c * PLANE + h * 32 + w],
                            "row " + row + ", channel " + c + ", pixel (" + h + ", " + w + ")");
                }
            }
        }
    }

    @Test
    void aBatchPutsEveryByteAtItsNchwPlace() throws IOException {
        int[] labels = {3, 0, 9, 1, 1, 7, 5};
        byte[] bytes = batch(new Random(7), labels);
        Path file = Files.write(dir.resolve("test_batch.bin"), bytes);
        DataSet data = Cifar10.readBatch(file);
        assertEquals(7, data.rows());
        assertEquals(3 * 32 * 32, data.cols());
        assertEquals(Cifar10.CHANNELS * Cifar10.HEIGHT * Cifar10.WIDTH, data.cols());
        assertEquals(10, data.classes());
        assertArrayEquals(labels, data.labels());
        for (int r = 0; r < labels.length; r++) {
            assertRowHoldsRecord(data, r, bytes, r);
        }
        // load finds the batch in the directory itself, as the test split
        assertEquals(data.fingerprint(), Cifar10.load(dir, Cifar10.Split.TEST).fingerprint());
    }

    @Test
    void theTrainingSplitIsTheFiveBatchesInOrder() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("cifar-10-batches-bin"));
        Random random = new Random(11);
        int[][] labels = {{0, 1}, {2, 3, 4}, {5}, {6, 7, 8, 9}, {9, 0}};
        byte[][] batches = new byte[5][];
        for (int b = 0; b < 5; b++) {
            batches[b] = batch(random, labels[b]);
            Files.write(bin.resolve("data_batch_" + (b + 1) + ".bin"), batches[b]);
        }
        byte[] test = batch(random, new int[] {4, 2, 6});
        Files.write(bin.resolve("test_batch.bin"), test);

        DataSet train = Cifar10.load(dir, Cifar10.Split.TRAIN);
        assertEquals(12, train.rows());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 0}, train.labels());
        int row = 0;
        for (int b = 0; b < 5; b++) {
            for (int r = 0; r < labels[b].length; r++, row++) {
                assertRowHoldsRecord(train, row, batches[b], r);
            }
        }
        DataSet testSplit = Cifar10.load(dir, Cifar10.Split.TEST);
        assertArrayEquals(new int[] {4, 2, 6}, testSplit.labels());
        assertRowHoldsRecord(testSplit, 2, test, 2);
    }

    @Test
    void aBatchCutShortIsNamedWithItsLength() throws IOException {
        byte[] bytes = batch(new Random(3), new int[] {1, 2});
        Path file = Files.write(dir.resolve("data_batch_1.bin"), java.util.Arrays.copyOf(bytes, bytes.length - 1));
        DataFormatException e = assertThrows(DataFormatException.class, () -> Cifar10.readBatch(file));
        assertEquals(file + " is cut short: 6,145 bytes is not a whole number of 3,073-byte records", e.getMessage());

        Path empty = Files.write(dir.resolve("empty.bin"), new byte[0]);
        e = assertThrows(DataFormatException.class, () -> Cifar10.readBatch(empty));
        assertTrue(e.getMessage().startsWith(empty + " is empty"), e.getMessage());
    }

    @Test
    void aLabelAboveNineNamesTheFileAndRecord() throws IOException {
        Path file = Files.write(dir.resolve("test_batch.bin"), batch(new Random(5), new int[] {0, 9, 10}));
        DataFormatException e = assertThrows(DataFormatException.class, () -> Cifar10.load(dir, Cifar10.Split.TEST));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("record 2 (at byte 6,146) has label 10"), e.getMessage());
    }

    @Test
    void aDirectoryWithoutTheDataSaysWhatWasExpected() throws IOException {
        Path nowhere = dir.resolve("nowhere");
        DataFormatException e = assertThrows(DataFormatException.class, () -> Cifar10.load(nowhere, Cifar10.Split.TEST));
        assertEquals("no CIFAR-10 in " + nowhere + ": it is not a directory", e.getMessage());

        e = assertThrows(DataFormatException.class, () -> Cifar10.load(dir, Cifar10.Split.TRAIN));
        for (String expected : new String[] {"no CIFAR-10 train split in " + dir, "data_batch_1.bin to data_batch_5.bin",
            dir.resolve("cifar-10-batches-bin").toString(), "cifar10-train.zip"}) {
            assertTrue(e.getMessage().contains(expected), e.getMessage());
        }
        e = assertThrows(DataFormatException.class, () -> Cifar10.load(dir, Cifar10.Split.TEST));
        assertTrue(e.getMessage().contains("test_batch.bin"), e.getMessage());
        assertTrue(e.getMessage().contains("cifar10-test.zip"), e.getMessage());

        // some of the training batches but not all: the missing ones are named, nothing is loaded
        for (int b = 1; b <= 3; b++) {
            Files.write(dir.resolve("data_batch_" + b + ".bin"), batch(new Random(b), new int[] {b}));
        }
        e = assertThrows(DataFormatException.class, () -> Cifar10.load(dir, Cifar10.Split.TRAIN));
        assertTrue(e.getMessage().endsWith("but not data_batch_4.bin, data_batch_5.bin"), e.getMessage());
    }

    // ---- zips of JPEGs --------------------------------------------------------------------------

    private static BufferedImage flat(int width, int height, int red, int green, int blue) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (red << 16) | (green << 8) | blue);
            }
        }
        return image;
    }

    private static byte[] jpeg(BufferedImage image) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, "jpg", bytes), "no JPEG writer");
        return bytes.toByteArray();
    }

    /** A zip with these entries, in this order; a name ending in '/' is a directory. */
    private Path zip(String name, Map<String, byte[]> entries) throws IOException {
        Path file = dir.resolve(name);
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(entry.getKey()));
                out.write(entry.getValue());
                out.closeEntry();
            }
        }
        return file;
    }

    private static void assertFlat(DataSet data, int row, int red, int green, int blue) {
        float[] image = data.row(row);
        int[] expected = {red, green, blue};
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < PLANE; p++) {
                assertEquals(expected[c] / 255f, image[c * PLANE + p], JPEG_TOLERANCE,
                        "row " + row + ", channel " + c + ", pixel " + p);
            }
        }
    }

    @Test
    void aZipOfClassFoldersReadsInEntryNameOrder() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("train/", new byte[0]);
        entries.put("train/truck/0000.jpg", jpeg(flat(32, 32, 200, 40, 90)));
        entries.put("train/airplane/0001.jpg", jpeg(flat(32, 32, 30, 160, 220)));
        entries.put("train/airplane/0000.jpg", jpeg(flat(32, 32, 250, 250, 10)));
        entries.put("train/cat/", new byte[0]);
        entries.put("train/cat/0000.jpg", jpeg(flat(32, 32, 0, 0, 0)));
        BufferedImage grey = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                grey.getRaster().setSample(x, y, 0, 100);
            }
        }
        entries.put("train/bird/grey.jpg", jpeg(grey));
        Path zip = zip("cifar10-train.zip", entries);

        DataSet data = Cifar10.readJpegZip(zip);
        assertEquals(5, data.rows());
        assertEquals(3072, data.cols());
        assertEquals(10, data.classes());
        int airplane = Cifar10.CLASSES.indexOf("airplane");
        int bird = Cifar10.CLASSES.indexOf("bird");
        int cat = Cifar10.CLASSES.indexOf("cat");
        int truck = Cifar10.CLASSES.indexOf("truck");
        assertArrayEquals(new int[] {airplane, airplane, bird, cat, truck}, data.labels());
        assertFlat(data, 0, 250, 250, 10);
        assertFlat(data, 1, 30, 160, 220);
        assertFlat(data, 2, 100, 100, 100); // a one-channel JPEG: its grey level in all three planes
        assertFlat(data, 3, 0, 0, 0);
        assertFlat(data, 4, 200, 40, 90);
        assertEquals(data.fingerprint(), Cifar10.load(dir, Cifar10.Split.TRAIN).fingerprint());
    }

    private DataFormatException zipError(Map<String, byte[]> entries) throws IOException {
        Path zip = zip("bad.zip", entries);
        DataFormatException e = assertThrows(DataFormatException.class, () -> Cifar10.readJpegZip(zip));
        assertTrue(e.getMessage().startsWith(zip + ": entry "), e.getMessage());
        return e;
    }

    @Test
    void anImageThatIsNot32By32IsNamedWithItsSize() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("test/dog/0000.jpg", jpeg(flat(32, 32, 1, 2, 3)));
        entries.put("test/dog/0001.jpg", jpeg(flat(16, 16, 1, 2, 3)));
        DataFormatException e = zipError(entries);
        assertTrue(e.getMessage().contains("test/dog/0001.jpg is 16 x 16, not 32 x 32"), e.getMessage());
    }

    @Test
    void anEntryThatDoesNotDecodeIsNamed() throws IOException {
        byte[] garbage = new byte[500];
        new Random(9).nextBytes(garbage);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("test/frog/0000.jpg", jpeg(flat(32, 32, 1, 2, 3)));
        entries.put("test/frog/0001.jpg", garbage);
        DataFormatException e = zipError(entries);
        assertTrue(e.getMessage().contains("test/frog/0001.jpg does not decode as a JPEG"), e.getMessage());

        // a PNG is not a JPEG either
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(flat(32, 32, 1, 2, 3), "png", png);
        entries.put("test/frog/0001.jpg", png.toByteArray());
        e = zipError(entries);
        assertTrue(e.getMessage().contains("test/frog/0001.jpg does not decode as a JPEG"), e.getMessage());
    }

    @Test
    void anEntryOutsideTheTenClassFoldersIsNamed() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("train/ship/0000.jpg", jpeg(flat(32, 32, 1, 2, 3)));
        entries.put("train/kangaroo/0000.jpg", jpeg(flat(32, 32, 1, 2, 3)));
        DataFormatException e = zipError(entries);
        assertTrue(e.getMessage().contains("train/kangaroo/0000.jpg is in folder 'kangaroo', which is not a CIFAR-10"
                + " class"), e.getMessage());

        entries.remove("train/kangaroo/0000.jpg");
        entries.put("0000.jpg", jpeg(flat(32, 32, 1, 2, 3)));
        e = zipError(entries);
        assertTrue(e.getMessage().contains("0000.jpg is in no class folder"), e.getMessage());
    }

    @Test
    void aFileThatIsNoZipOrHoldsNoImagesIsNamed() throws IOException {
        Path notZip = Files.writeString(dir.resolve("cifar10-test.zip"), "not a zip at all");
        DataFormatException e = assertThrows(DataFormatException.class, () -> Cifar10.load(dir, Cifar10.Split.TEST));
        assertTrue(e.getMessage().startsWith(notZip + " is not a zip file"), e.getMessage());

        Path empty = zip("empty.zip", Map.of("test/", new byte[0], "test/cat/", new byte[0]));
        e = assertThrows(DataFormatException.class, () -> Cifar10.readJpegZip(empty));
        assertEquals(empty + " holds no images", e.getMessage());
    }

    // ---- the shared copy and the bundled subset --------------------------------------------------

    private static Path shared() {
        Path test = SHARED.resolve("cifar10-test.zip");
        assertTrue(Files.isRegularFile(test), "the shared CIFAR-10 copy is missing: expected " + test.toAbsolutePath().normalize()
                + " (../shared/data/cifar10 from the project root), which CI always provides");
        return SHARED;
    }

    private static int[] countsByClass(DataSet data) {
        int[] counts = new int[10];
        for (int label : data.labels()) {
            counts[label]++;
        }
        return counts;
    }

    /** Decodes one entry of a zip with ImageIO's own {@code read} and {@code getRGB}, apart from the loader's code. */
    private static float[] decodeDirectly(Path zip, String entry) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile()); InputStream in = file.getInputStream(file.getEntry(entry))) {
            BufferedImage image = ImageIO.read(in);
            float[] values = new float[3 * PLANE];
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    int rgb = image.getRGB(x, y);
                    values[y * 32 + x] = ((rgb >> 16) & 0xff) / 255f;
                    values[PLANE + y * 32 + x] = ((rgb >> 8) & 0xff) / 255f;
                    values[2 * PLANE + y * 32 + x] = (rgb & 0xff) / 255f;
                }
            }
            return values;
        }
    }

    @Test
    void theSharedTestSplitIsTenThousandBalancedPhotos() throws IOException {
        DataSet test = Cifar10.load(shared(), Cifar10.Split.TEST);
        assertEquals(10_000, test.rows());
        assertEquals(3072, test.cols());
        assertArrayEquals(new int[] {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000}, countsByClass(test));
        float[] x = test.toArray();
        double[] channelMeans = new double[3];
        float min = 1;
        float max = 0;
        for (int i = 0; i < x.length; i++) {
            assertTrue(x[i] >= 0 && x[i] <= 1, "value " + i + " is " + x[i]);
            min = Math.min(min, x[i]);
            max = Math.max(max, x[i]);
            channelMeans[(i % 3072) / PLANE] += x[i];
        }
        assertEquals(0f, min);
        assertEquals(1f, max);
        for (int c = 0; c < 3; c++) {
            channelMeans[c] /= x.length / 3.0;
        }
        // CIFAR-10's channel means are about 0.49 (red), 0.48 (green) and 0.45 (blue): planes in RGB order
        assertTrue(channelMeans[0] > 0.45 && channelMeans[0] < 0.53, "red mean " + channelMeans[0]);
        assertTrue(channelMeans[2] > 0.41 && channelMeans[2] < 0.49, "blue mean " + channelMeans[2]);
        assertTrue(channelMeans[0] > channelMeans[2] + 0.02, String.format(Locale.ROOT,
                "red mean %.3f should exceed blue mean %.3f, as in CIFAR-10; are the planes swapped?",
                channelMeans[0], channelMeans[2]));
        // the first image is test/airplane/0000.jpg, decoded alike by ImageIO directly
        assertArrayEquals(decodeDirectly(SHARED.resolve("cifar10-test.zip"), "test/airplane/0000.jpg"), test.row(0));
        assertArrayEquals(decodeDirectly(SHARED.resolve("cifar10-test.zip"), "test/truck/0999.jpg"), test.row(9_999));
    }

    @Test
    void theBundledSubsetIsTheFirstImagesOfEachClassOfTheSharedCopy() throws IOException {
        DataSet train = Cifar10.bundled(Cifar10.Split.TRAIN);
        DataSet test = Cifar10.bundled(Cifar10.Split.TEST);
        assertEquals(1_000, train.rows());
        assertEquals(200, test.rows());
        assertEquals(3072, train.cols());
        assertEquals(10, train.classes());
        for (int c : countsByClass(train)) {
            assertEquals(100, c);
        }
        for (int c : countsByClass(test)) {
            assertEquals(20, c);
        }
        float[] x = train.toArray();
        double mean = 0;
        for (float v : x) {
            assertTrue(v >= 0 && v <= 1);
            mean += v;
        }
        mean /= x.length;
        assertTrue(mean > 0.4 && mean < 0.55, "CIFAR-10's mean value is about 0.47, not " + mean);

        // same JPEG bytes, same pixels: test image j of class k is image 1000 k + j of the shared test split
        DataSet full = Cifar10.readJpegZip(shared().resolve("cifar10-test.zip"));
        for (int i = 0; i < test.rows(); i++) {
            int row = (i / 20) * 1000 + i % 20;
            assertEquals(full.label(row), test.label(i));
            assertArrayEquals(full.row(row), test.row(i), "bundled test image " + i);
        }
        assertArrayEquals(decodeDirectly(SHARED.resolve("cifar10-train.zip"), "train/airplane/0000.jpg"), train.row(0));
        assertArrayEquals(decodeDirectly(SHARED.resolve("cifar10-train.zip"), "train/truck/0099.jpg"), train.row(999));
    }
}
