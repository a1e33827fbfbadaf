package org.aestack.runtime.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.train.EpochRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {
    @TempDir
    Path dir;

    @Test
    void aScatterPlotColoursPointsByLabel() throws Exception {
        DataSet points = new DataSet(new float[] {0, 0, 1, 1}, 2, 2, new int[] {0, 1}, 2);
        Path file = dir.resolve("s.png");
        Charts.scatter(points, new String[] {"a", "b"}, "two points", file);
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(760, image.getWidth());
        // The first point sits at the plot's lower left corner, in the first palette colour.
        int rgb = image.getRGB(56, 560 - 56) & 0xffffff;
        assertNotEquals(0xffffff, rgb);
        assertThrows(IllegalArgumentException.class,
                () -> Charts.scatter(DataSet.of(new float[] {1, 2}, 2, 1), new String[0], "x", file));
    }

    @Test
    void lossCurvesNeedAHistory() throws Exception {
        Path file = dir.resolve("l.png");
        Charts.lossCurves(List.of(new EpochRecord("fine-tune", 1, 2, 3.0, 10, 1.0),
                new EpochRecord("fine-tune", 2, 2, 2.0, 10, 1.0)), file);
        assertEquals(560, ImageIO.read(file.toFile()).getHeight());
        assertThrows(IllegalArgumentException.class, () -> Charts.lossCurves(List.of(), file));
    }

    @Test
    void historiesRoundTripThroughText() {
        List<EpochRecord> h = List.of(new EpochRecord("pretrain hidden1 (1/2)", 1, 3, 12.5, 100, 0.25),
                new EpochRecord("fine-tune", 2, 3, 9.75, 100, 0.5));
        assertEquals(h, EpochRecord.decode(EpochRecord.encode(h)));
        assertThrows(IllegalArgumentException.class, () -> EpochRecord.decode("garbage"));
    }
}
