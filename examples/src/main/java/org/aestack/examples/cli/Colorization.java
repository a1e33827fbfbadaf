package org.aestack.examples.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.aestack.examples.ColorizerModel;
import org.aestack.examples.ColorizerTrainer;
import org.aestack.examples.DenseColorizerModel;
import org.aestack.examples.DenseColorizerTrainer;
import org.aestack.runtime.AutoencoderModel;
import org.aestack.runtime.data.Cifar10;
import org.aestack.runtime.data.Colour;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.data.Pairs;
import org.aestack.runtime.io.JsonLine;
import org.aestack.runtime.metric.Psnr;
import org.aestack.runtime.metric.Ssim;
import org.aestack.runtime.train.TrainingListener;
import org.aestack.runtime.viz.ImageGrid;
import org.aestack.runtime.viz.Png;

/**
 * Colorization of CIFAR-10 photos, for the {@code colorize} and {@code densecolorize} examples of
 * {@code train} and {@code eval}, and the {@code colorize} command: the data (the binary batches
 * users download, the JPEG zips of the shared copy, or the bundled subset), training on pairs of
 * luminance and chroma, scores of the colour images against the grey image as colour, and
 * colorizing a user's own images.
 */
final class Colorization {
    /** The examples' names on the command line. */
    static final String CONV = "colorize";
    static final String DENSE = "densecolorize";
    static final int SIDE = Cifar10.HEIGHT;

    private Colorization() {}

    /** Whether {@code example} is one of the colorization examples, which train on CIFAR-10 rather than Fashion-MNIST. */
    static boolean handles(String example) {
        return example.equalsIgnoreCase(CONV) || example.equalsIgnoreCase(DENSE);
    }

    /** The colour photos to train and score on, and what they are. */
    record Data(String description, DataSet train, DataSet test) {}

    /**
     * The data: the bundled subset with {@code --subset}; else {@code --data DIR} (the binary batches
     * or the JPEG zips); else {@code $AESTACK_CIFAR10}; else {@code ../shared/data/cifar10}.
     */
    static Data load(DataOptions options) throws IOException {
        if (options.subset) {
            return new Data("the CIFAR-10 subset bundled with aestack", Cifar10.bundled(Cifar10.Split.TRAIN),
                    Cifar10.bundled(Cifar10.Split.TEST));
        }
        Path dir = options.data;
        if (dir == null && System.getenv("AESTACK_CIFAR10") != null) {
            dir = Path.of(System.getenv("AESTACK_CIFAR10"));
        }
        if (dir == null && Files.isDirectory(Path.of("../shared/data/cifar10"))) {
            dir = Path.of("../shared/data/cifar10");
        }
        if (dir == null) {
            throw new IllegalArgumentException("no CIFAR-10 found: pass --data DIR (the binary version, cifar-10-binary.tar.gz"
                    + " from https://www.cs.toronto.edu/~kriz/cifar.html, unpacked), set AESTACK_CIFAR10, or use --subset");
        }
        return new Data("CIFAR-10 in " + dir, Cifar10.load(dir, Cifar10.Split.TRAIN), Cifar10.load(dir, Cifar10.Split.TEST));
    }

    /** Pairs of each photo's luminance and its chroma: what the colorizers train on and are scored by. */
    static DataSet pairs(DataSet rgb) {
        return Pairs.of(Colour.luminance(rgb, SIDE, SIDE), Colour.chroma(rgb, SIDE, SIDE));
    }

    /** A fresh model of {@code example} trained on {@code rgb}: {@code epochs} (or the declared ones), seed {@code seed}. */
    static AutoencoderModel train(String example, DataSet rgb, Integer epochs, long seed, TrainingListener listener) {
        DataSet pairs = pairs(rgb);
        if (example.equalsIgnoreCase(CONV)) {
            ColorizerModel model = ColorizerModel.initialize(seed);
            var builder = ColorizerTrainer.builder(model).seed(seed).listener(listener);
            if (epochs != null) {
                builder.fineTune(c -> c.epochs(epochs));
            }
            builder.build().fit(pairs);
            return model;
        }
        DenseColorizerModel model = DenseColorizerModel.initialize(seed);
        var builder = DenseColorizerTrainer.builder(model).seed(seed).listener(listener);
        if (epochs != null) {
            builder.fineTune(c -> c.epochs(epochs));
        }
        builder.build().fit(pairs);
        return model;
    }

    /** The model file of {@code example} under {@code dir}. */
    static Path file(Path dir, String example) {
        return dir.resolve(example.toLowerCase(Locale.ROOT) + ".safetensors");
    }

    /** Loads a trained colorizer, or says how to train it. */
    static AutoencoderModel load(Path dir, String example) throws IOException {
        Path file = file(dir, example);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("no trained model at " + file + "; run ./aestack train " + example.toLowerCase(Locale.ROOT)
                    + " first");
        }
        return example.equalsIgnoreCase(CONV) ? ColorizerModel.load(file) : DenseColorizerModel.load(file);
    }

    /** The colour images a model gives the luminance of {@code rgb}: its chroma beside the luminance. */
    static DataSet colorize(AutoencoderModel model, DataSet luminance) {
        return Colour.rgb(luminance, model.reconstruct(luminance), SIDE, SIDE);
    }

    /**
     * {@code eval colorize|densecolorize}: PSNR and SSIM of the colour images against the originals
     * on the test photos, for the grey image taken as colour (the baseline of doing nothing) and for
     * each trained colorizer, with a picture of grey / colorized / original rows.
     */
    static int eval(String example, DataOptions options, Path out, boolean json, PrintWriter w, PrintWriter stdout) throws IOException {
        AutoencoderModel chosen = load(out, example);
        Data data = load(options);
        DataSet test = data.test();
        DataSet luminance = Colour.luminance(test, SIDE, SIDE);
        List<String> names = new ArrayList<>(List.of(example.toLowerCase(Locale.ROOT)));
        List<AutoencoderModel> models = new ArrayList<>(List.of(chosen));
        String other = example.equalsIgnoreCase(CONV) ? DENSE : CONV;
        if (Files.exists(file(out, other))) {
            names.add(other);
            models.add(load(out, other));
        }
        DataSet grey = Colour.grey(luminance);
        JsonLine line = new JsonLine().put("command", "eval").put("example", example.toLowerCase(Locale.ROOT))
                .put("test_images", test.rows()).put("data", data.description());
        w.printf(Locale.ROOT, "colorizing %,d test photos of %s%n%n", test.rows(), data.description());
        w.printf(Locale.ROOT, "%-26s %16s %16s %8s %12s%n", "", "PSNR of the set", "PSNR per image", "SSIM", "chroma loss");
        DataSet chroma = Colour.chroma(test, SIDE, SIDE);
        score(w, line, "grey", test, grey, Colour.neutralChromaError(chroma));
        List<DataSet> colorized = new ArrayList<>();
        DataSet pairs = Pairs.of(luminance, chroma);
        for (int i = 0; i < models.size(); i++) {
            DataSet colour = colorize(models.get(i), luminance);
            colorized.add(colour);
            score(w, line, names.get(i), test, colour, models.get(i).reconstructionError(pairs));
        }
        if (models.size() == 1) {
            w.println("(train " + other + " to compare with it too)");
        }
        Files.createDirectories(out);
        Path picture = out.resolve(example.toLowerCase(Locale.ROOT) + "-colorized.png");
        ImageGrid grid = ImageGrid.of(SIDE, SIDE, 3).row(grey.head(10));
        for (DataSet colour : colorized) {
            grid.row(colour.head(10));
        }
        grid.row(test.head(10)).write(picture);
        w.printf("%npicture: %s (rows: grey, colorized by %s, original)%n", picture, String.join(", then ", names));
        line.put("picture", picture.toString());
        w.flush();
        if (json) {
            stdout.println(line);
        }
        return 0;
    }

    private static void score(PrintWriter w, JsonLine line, String name, DataSet originals, DataSet colour, double loss) {
        double ofSet = Psnr.ofSet(originals, colour);
        double psnr = Psnr.mean(originals, colour);
        double ssim = Ssim.mean(originals, colour, 3, SIDE, SIDE);
        w.printf(Locale.ROOT, "%-26s %13.2f dB %13.2f dB %8.4f %12.3f%n", name, ofSet, psnr, ssim, loss);
        line.put(name, new JsonLine().put("psnr_of_set_db", ofSet).put("psnr_db", psnr).put("ssim", ssim)
                .put("chroma_squared_error_per_image", loss));
    }

    /**
     * Colorizes each of {@code images} (PNG, JPEG or whatever {@code ImageIO} reads; 32 × 32; a colour
     * image is taken by its luminance) into {@code out/<name>-colorized.png}, returning the files.
     */
    static List<Path> colorizeFiles(AutoencoderModel model, List<Path> images, Path out) throws IOException {
        List<Path> written = new ArrayList<>();
        Files.createDirectories(out);
        for (Path image : images) {
            DataSet luminance = luminance(image);
            DataSet colour = colorize(model, luminance);
            String name = image.getFileName().toString().replaceFirst("\\.[^.]*$", "");
            Path file = out.resolve(name + "-colorized.png");
            Png.write(rgbImage(colour.row(0)), file);
            written.add(file);
        }
        return written;
    }

    /** The luminance of one image file, as a data set of one row of 32 × 32 values. */
    static DataSet luminance(Path image) throws IOException {
        if (!Files.isRegularFile(image)) {
            throw new IOException(image + ": no such file");
        }
        BufferedImage read;
        try {
            read = ImageIO.read(image.toFile());
        } catch (IOException | RuntimeException e) {
            throw new IOException(image + ": not an image ImageIO can read (" + e.getMessage() + ")", e);
        }
        if (read == null) {
            throw new IOException(image + ": not an image ImageIO can read (PNG, JPEG, GIF, BMP)");
        }
        if (read.getWidth() != SIDE || read.getHeight() != SIDE) {
            throw new IllegalArgumentException(image + " is " + read.getWidth() + "x" + read.getHeight()
                    + " pixels; the colorizer takes " + SIDE + "x" + SIDE + " images");
        }
        int plane = SIDE * SIDE;
        float[] rgb = new float[3 * plane];
        for (int i = 0; i < SIDE; i++) {
            for (int j = 0; j < SIDE; j++) {
                int pixel = read.getRGB(j, i);
                rgb[i * SIDE + j] = ((pixel >> 16) & 0xFF) / 255f;
                rgb[plane + i * SIDE + j] = ((pixel >> 8) & 0xFF) / 255f;
                rgb[2 * plane + i * SIDE + j] = (pixel & 0xFF) / 255f;
            }
        }
        return Colour.luminance(DataSet.of(rgb, 1, 3 * plane), SIDE, SIDE);
    }

    /** One colour image (red, green, blue planes) as a picture of its own size. */
    private static BufferedImage rgbImage(float[] planes) {
        BufferedImage picture = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
        int plane = SIDE * SIDE;
        for (int i = 0; i < SIDE; i++) {
            for (int j = 0; j < SIDE; j++) {
                int p = i * SIDE + j;
                int r = Math.round(255 * Math.min(1f, Math.max(0f, planes[p])));
                int g = Math.round(255 * Math.min(1f, Math.max(0f, planes[plane + p])));
                int b = Math.round(255 * Math.min(1f, Math.max(0f, planes[2 * plane + p])));
                picture.setRGB(j, i, (r << 16) | (g << 8) | b);
            }
        }
        return picture;
    }
}
