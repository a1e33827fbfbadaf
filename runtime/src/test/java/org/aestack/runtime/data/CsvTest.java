package org.aestack.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {
    @TempDir
    Path dir;

    private Path csv(String text) throws IOException {
        return Files.writeString(dir.resolve("d.csv"), text);
    }

    @Test
    void readsLabelledRowsAfterAHeader() throws IOException {
        DataSet d = Csv.read(csv("label,a,b\n# a comment\n1, 0.5, 0.25\n\n0,1,0\n"), true, 2);
        assertEquals(2, d.rows());
        assertEquals(2, d.cols());
        assertArrayEquals(new float[] {0.5f, 0.25f, 1f, 0f}, d.toArray());
        assertArrayEquals(new int[] {1, 0}, d.labels());
    }

    @Test
    void everyDefectNamesLineAndColumn() throws IOException {
        assertMessage(csv("1,2\n3,x\n"), false, "line 2, column 2: 'x' is not a number");
        assertMessage(csv("1,2\n3\n"), false, "line 2: 1 values, but the lines before have 2");
        assertMessage(csv("1,2\n3,NaN\n"), false, "line 2, column 2 is NaN");
        assertMessage(csv("9,0.5\n"), true, "line 1, column 1: label 9 is outside [0, 2)");
        assertMessage(csv("a,b\n"), false, "holds no samples");
    }

    private static void assertMessage(Path file, boolean labelled, String text) {
        DataFormatException e = assertThrows(DataFormatException.class, () -> Csv.read(file, labelled, 2));
        assertTrue(e.getMessage().contains(text), e.getMessage());
    }
}
