package org.aestack.runtime.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageGridTest {
    @TempDir
    Path dir;

    @Test
    void writesAPngWithEachImageScaledInItsCell() throws IOException {
        float[] white = new float[6];
        java.util.Arrays.fill(white, 1f);
        float[] ramp = {0f, 0.5f, 1f, -3f, 2f, 0.25f}; // clamped to [0, 1]
        Path file = dir.resolve("sub/grid.png");
        ImageGrid.of(3, 2).scale(2).row(List.of(white, ramp)).row(List.of(ramp)).write(file);

        BufferedImage image = ImageIO.read(file.toFile());
        // 2 columns of (3*2 + 2) plus a border; 2 rows of (2*2 + 2) plus a border.
        assertEquals(2 * 8 + 2, image.getWidth());
        assertEquals(2 * 6 + 2, image.getHeight());
        assertEquals(255, grey(image, 2, 2));
        int x0 = 2 + 8, y0 = 2;
        assertEquals(0, grey(image, x0, y0));
        assertEquals(128, grey(image, x0 + 2, y0 + 1));
        assertEquals(255, grey(image, x0 + 5, y0));
        assertEquals(0, grey(image, x0, y0 + 2), "-3 is clamped to black");
        assertEquals(255, grey(image, x0 + 2, y0 + 3), "2 is clamped to white");
        assertEquals(0x40, grey(image, 0, 0), "the border");
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    private static int grey(BufferedImage image, int x, int y) {
        return image.getRaster().getSample(x, y, 0);
    }

    @Test
    void imagesOfTheWrongSizeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.of(3, 2).row(List.of(new float[5])));
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.of(0, 2));
    }

    /** Colour images keep their channels apart: a red, a green and a blue square come out as those colours. */
    @Test
    void colourImagesAreDrawnInColour() {
        float[][] squares = new float[3][3 * 4];
        for (int channel = 0; channel < 3; channel++) {
            java.util.Arrays.fill(squares[channel], channel * 4, channel * 4 + 4, 1f);
        }
        BufferedImage picture = ImageGrid.of(2, 2, 3).scale(1).row(List.of(squares)).render();
        int[] expected = {0xFF0000, 0x00FF00, 0x0000FF};
        for (int i = 0; i < 3; i++) {
            // the first pixel of image i, after the border
            assertEquals(expected[i], picture.getRGB(2 + i * (2 + 2), 2) & 0xFFFFFF, "image " + i);
        }
        assertThrows(IllegalArgumentException.class,
                () -> ImageGrid.of(2, 2, 3).row(List.of(new float[4])));
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.of(2, 2, 2));
    }
}
