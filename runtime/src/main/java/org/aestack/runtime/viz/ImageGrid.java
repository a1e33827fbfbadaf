package org.aestack.runtime.viz;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.aestack.runtime.data.DataSet;

/**
 * A PNG of grey images in rows: originals over reconstructions, filters, samples. Values are
 * intensities in [0, 1] (clamped), one image a row-major {@code width × height} array. Images are
 * scaled up by whole pixels so 28×28 digits are visible, and separated by a thin border.
 */
public final class ImageGrid {
    private static final int BORDER = 2;
    private static final int BACKGROUND = 0x40;

    private final int width;
    private final int height;
    private int scale = 2;
    private final List<List<float[]>> rows = new ArrayList<>();

    private ImageGrid(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("images must have a positive size, not " + width + " x " + height);
        }
        this.width = width;
        this.height = height;
    }

    /** An empty grid of {@code width × height} images. */
    public static ImageGrid of(int width, int height) {
        return new ImageGrid(width, height);
    }

    /**
     * Two rows: the given rows of {@code originals} above the same rows of {@code reconstructions}.
     */
    public static ImageGrid originalsAndReconstructions(DataSet originals, DataSet reconstructions, int[] which,
            int width, int height) {
        return of(width, height).row(originals.select(which)).row(reconstructions.select(which));
    }

    /** Each pixel becomes {@code scale × scale} pixels (default 2). */
    public ImageGrid scale(int scale) {
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be at least 1, not " + scale);
        }
        this.scale = scale;
        return this;
    }

    /** Adds a row of images, each {@code width × height} values. */
    public ImageGrid row(List<float[]> images) {
        for (float[] image : images) {
            if (image.length != width * height) {
                throw new IllegalArgumentException("an image must have " + width * height + " values, not " + image.length);
            }
        }
        rows.add(List.copyOf(images));
        return this;
    }

    /** Adds a row holding every row of {@code images}, each {@code width × height} values. */
    public ImageGrid row(DataSet images) {
        List<float[]> row = new ArrayList<>();
        for (int r = 0; r < images.rows(); r++) {
            row.add(images.row(r));
        }
        return row(row);
    }

    /** The picture as an image. */
    public BufferedImage render() {
        int columns = rows.stream().mapToInt(List::size).max().orElse(0);
        int cellW = width * scale + BORDER;
        int cellH = height * scale + BORDER;
        BufferedImage picture = new BufferedImage(Math.max(1, columns * cellW + BORDER),
                Math.max(1, rows.size() * cellH + BORDER), BufferedImage.TYPE_BYTE_GRAY);
        var raster = picture.getRaster();
        for (int y = 0; y < picture.getHeight(); y++) {
            for (int x = 0; x < picture.getWidth(); x++) {
                raster.setSample(x, y, 0, BACKGROUND);
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            List<float[]> row = rows.get(r);
            for (int c = 0; c < row.size(); c++) {
                float[] image = row.get(c);
                int x0 = BORDER + c * cellW;
                int y0 = BORDER + r * cellH;
                for (int y = 0; y < height * scale; y++) {
                    for (int x = 0; x < width * scale; x++) {
                        float v = image[(y / scale) * width + x / scale];
                        int grey = Math.round(255 * Math.min(1f, Math.max(0f, v)));
                        raster.setSample(x0 + x, y0 + y, 0, grey);
                    }
                }
            }
        }
        return picture;
    }

    /** Writes the PNG atomically: to a temporary file beside {@code file}, then renamed over it. */
    public void write(Path file) throws IOException {
        Png.write(render(), file);
    }
}
