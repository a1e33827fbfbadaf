package org.aestack.runtime.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf 2017): 28×28 grey images of ten kinds of clothing,
 * 60,000 for training and 10,000 for testing, as a {@link DataSet} with pixels scaled to [0, 1]
 * and labels 0–9. Reads the IDX files of Debian's {@code dataset-fashion-mnist} or any directory
 * holding them, and carries a class-balanced subset (6,000 train, 1,000 test) on the class path.
 */
public final class FashionMnist {
    /** The standard install location of Debian's {@code dataset-fashion-mnist}. */
    public static final Path DEBIAN = Path.of("/usr/share/datasets/fashion-mnist");
    /** The class names, by label. */
    public static final String[] CLASSES = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
        "Shirt", "Sneaker", "Bag", "Ankle boot"};
    private static final String EMBEDDED = "/org/aestack/runtime/data/fashion-mnist/";
    private static final int SIDE = 28;

    private FashionMnist() {}

    /** Which half of the data set. */
    public enum Split {
        TRAIN("train"), TEST("t10k");

        private final String prefix;

        Split(String prefix) {
            this.prefix = prefix;
        }
    }

    /** Where the data comes from, and its two splits. */
    public interface Source {
        /** Says where the data comes from, for people. */
        String description();

        /** Whether this is the whole data set (not the bundled subset). */
        boolean full();

        DataSet train() throws IOException;

        DataSet test() throws IOException;
    }

    /**
     * The data to use: {@code dir} if given, else {@code $AESTACK_DATA}, else Debian's install
     * location when present, else the bundled subset.
     *
     * @throws DataFormatException if a named directory lacks the files
     */
    public static Source locate(Path dir) throws IOException {
        Path chosen = dir;
        if (chosen == null && System.getenv("AESTACK_DATA") != null) {
            chosen = Path.of(System.getenv("AESTACK_DATA"));
        }
        if (chosen == null && Files.isDirectory(DEBIAN)) {
            chosen = DEBIAN;
        }
        if (chosen == null) {
            return bundled();
        }
        Path found = chosen;
        imagesFile(found, Split.TRAIN); // fail now, not at first use, if the files are missing
        return new Source() {
            @Override public String description() {
                // any directory of IDX files loads; only the Debian package's is known to be Fashion-MNIST
                return (found.equals(DEBIAN) ? "Fashion-MNIST from " : "the IDX files in ") + found;
            }
            @Override public boolean full() { return true; }
            @Override public DataSet train() throws IOException { return load(found, Split.TRAIN); }
            @Override public DataSet test() throws IOException { return load(found, Split.TEST); }
        };
    }

    /** The full data set for benchmarks: {@code dir}, {@code $AESTACK_DATA} or Debian's, never the subset. */
    public static Path fullDirectory(Path dir) throws IOException {
        Path chosen = dir != null ? dir
                : System.getenv("AESTACK_DATA") != null ? Path.of(System.getenv("AESTACK_DATA")) : DEBIAN;
        imagesFile(chosen, Split.TRAIN);
        return chosen;
    }

    /** Loads one split from a directory of IDX files (gzipped or not). */
    public static DataSet load(Path dir, Split split) throws IOException {
        Path images = imagesFile(dir, split);
        Path labels = existing(dir, split.prefix + "-labels-idx1-ubyte");
        if (labels == null) {
            throw new DataFormatException(dir + " has " + images.getFileName() + " but no " + split.prefix
                    + "-labels-idx1-ubyte(.gz)");
        }
        return toDataSet(Idx.read(images), Idx.read(labels), images.toString(), labels.toString());
    }

    /** Loads one split of the bundled subset. */
    public static DataSet embedded(Split split) throws IOException {
        String images = EMBEDDED + split.prefix + "-images-idx3-ubyte.gz";
        String labels = EMBEDDED + split.prefix + "-labels-idx1-ubyte.gz";
        Path tmpImages = copyResource(images);
        Path tmpLabels = copyResource(labels);
        try {
            return toDataSet(Idx.read(tmpImages), Idx.read(tmpLabels), images, labels);
        } finally {
            Files.deleteIfExists(tmpImages);
            Files.deleteIfExists(tmpLabels);
        }
    }

    /** The subset bundled with aestack: 6,000 training and 1,000 test images, balanced by class. */
    public static Source bundled() {
        return new Source() {
            @Override public String description() {
                return "the Fashion-MNIST subset bundled with aestack (install dataset-fashion-mnist or pass --data for all of it)";
            }
            @Override public boolean full() { return false; }
            @Override public DataSet train() throws IOException { return embedded(Split.TRAIN); }
            @Override public DataSet test() throws IOException { return embedded(Split.TEST); }
        };
    }

    private static Path copyResource(String name) throws IOException {
        try (InputStream in = FashionMnist.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new DataFormatException("the bundled Fashion-MNIST subset is missing " + name);
            }
            Path tmp = Files.createTempFile("aestack-", ".idx.gz");
            Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return tmp;
        }
    }

    private static DataSet toDataSet(Idx.Array images, Idx.Array labels, String imagesName, String labelsName)
            throws DataFormatException {
        if (images.dims().length != 3 || images.dims()[1] != SIDE || images.dims()[2] != SIDE) {
            throw new DataFormatException(imagesName + " holds " + java.util.Arrays.toString(images.dims())
                    + ", not 28 x 28 images");
        }
        if (labels.dims().length != 1 || labels.count() != images.count()) {
            throw new DataFormatException(String.format(Locale.ROOT, "%s holds %d images but %s holds %d labels",
                    imagesName, images.count(), labelsName, labels.count()));
        }
        byte[] pixels = images.data();
        float[] x = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            x[i] = (pixels[i] & 0xff) / 255f;
        }
        int[] y = new int[labels.count()];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels.data()[i] & 0xff;
            if (y[i] >= CLASSES.length) {
                throw new DataFormatException(labelsName + ": label " + i + " is " + y[i] + "; Fashion-MNIST has 10 classes");
            }
        }
        return new DataSet(x, images.count(), SIDE * SIDE, y, CLASSES.length);
    }

    private static Path imagesFile(Path dir, Split split) throws DataFormatException {
        Path images = existing(dir, split.prefix + "-images-idx3-ubyte");
        if (images == null) {
            throw new DataFormatException("no Fashion-MNIST in " + dir + ": expected " + split.prefix
                    + "-images-idx3-ubyte(.gz) (apt-get install dataset-fashion-mnist, or --data DIR)");
        }
        return images;
    }

    private static Path existing(Path dir, String stem) {
        for (String suffix : new String[] {".gz", ""}) {
            Path p = dir.resolve(stem + suffix);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }
}
