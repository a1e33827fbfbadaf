package org.aestack.runtime.viz;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.aestack.runtime.data.DataSet;

/**
 * A PNG of images in rows: originals over reconstructions, filters, samples. Values are
 * intensities in [0, 1] (clamped); a grey image is a row-major {@code width × height} array, a
 * colour one ({@link #of(int, int, int)} with 3 channels) its red, green and blue planes one after
 * the other (NCHW). Images are scaled up by whole pixels so 28×28 digits are visible, and separated
 * by a thin border.
 */
public final class ImageGrid {
    private static final int BORDER = 2;
    private static final int BACKGROUND = 0x40;

    private final int width;
    private final int height;
    private final int channels;
    private int scale = 2;
    private final List<List<float[]>> rows = new ArrayList<>();

    private ImageGrid(int width, int height, int channels) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("images must have a positive size, not " + width + " x " + height);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("images are grey (1 channel) or colour (3), not " + channels + " channels");
        }
        this.width = width;
        this.height = height;
        this.channels = channels;
    }

    /** An empty grid of grey {@code width × height} images. */
    public static ImageGrid of(int width, int height) {
        return new ImageGrid(width, height, 1);
    }

    /** An empty grid of {@code width × height} images of 1 (grey) or 3 (red, green, blue) channels. */
    public static ImageGrid of(int width, int height, int channels) {
        return new ImageGrid(width, height, channels);
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

    /** Adds a row of images, each {@code channels × width × height} values. */
    public ImageGrid row(List<float[]> images) {
        for (float[] image : images) {
            if (image.length != channels * width * height) {
                throw new IllegalArgumentException("an image must have " + channels * width * height + " values, not "
                        + image.length);
            }
        }
        rows.add(List.copyOf(images));
        return this;
    }

    /** Adds a row holding every row of {@code images}, each {@code channels × width × height} values. */
    public ImageGrid row(DataSet images) {
        List<float[]> row = new ArrayList<>();
        for (int r = 0; r < images.rows(); r++) {
            row.add(images.row(r));
        }
        return row(row);
    }

    /** The picture as an image: grey, or RGB for colour images. */
    public BufferedImage render() {
        int columns = rows.stream().mapToInt(List::size).max().orElse(0);
        int cellW = width * scale + BORDER;
        int cellH = height * scale + BORDER;
        BufferedImage picture = new BufferedImage(Math.max(1, columns * cellW + BORDER),
                Math.max(1, rows.size() * cellH + BORDER), channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        var raster = picture.getRaster();
        for (int y = 0; y < picture.getHeight(); y++) {
            for (int x = 0; x < picture.getWidth(); x++) {
                for (int band = 0; band < channels; band++) {
                    raster.setSample(x, y, band, BACKGROUND);
                }
            }
        }
        int plane = width * height;
        for (int r = 0; r < rows.size(); r++) {
            List<float[]> row = rows.get(r);
            for (int c = 0; c < row.size(); c++) {
                float[] image = row.get(c);
                int x0 = BORDER + c * cellW;
                int y0 = BORDER + r * cellH;
                for (int y = 0; y < height * scale; y++) {
                    for (int x = 0; x < width * scale; x++) {
                        for (int band = 0; band < channels; band++) {
                            float v = image[band * plane + (y / scale) * width + x / scale];
                            raster.setSample(x0 + x, y0 + y, band, Math.round(255 * Math.min(1f, Math.max(0f, v))));
                        }
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
