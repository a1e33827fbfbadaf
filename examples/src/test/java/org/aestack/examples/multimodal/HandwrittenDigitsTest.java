package org.aestack.examples.multimodal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.aestack.runtime.data.DataFormatException;
import org.aestack.runtime.data.DataSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The 1,797 shared 8 × 8 digits, and an error naming the file and line for each kind of bad line. */
class HandwrittenDigitsTest {
    private static final Path SHARED = Path.of("../../shared/data/digits/digits.csv.gz");

    @TempDir
    Path dir;

    @Test
    void theSharedDigitsAreAllThere() throws IOException {
        assertTrue(Files.isRegularFile(SHARED), "the digits are expected at " + SHARED.toAbsolutePath());
        DataSet digits = HandwrittenDigits.load(SHARED);
        assertEquals(1797, digits.rows());
        assertEquals(64, digits.cols());
        int[] counts = new int[10];
        for (int label : digits.labels()) {
            counts[label]++;
        }
        for (int c : counts) {
            assertTrue(c >= 174 && c <= 183, "class sizes 174 to 183, not " + c);
        }
        float max = 0;
        for (float v : digits.toArray()) {
            assertTrue(v >= 0 && v <= 1);
            max = Math.max(max, v);
        }
        assertEquals(1f, max);
        // the first line of the file: a 0 whose third pixel is 5 of 16
        assertEquals(0, digits.labels()[0]);
        assertEquals(5 / 16f, digits.toArray()[2]);
    }

    private String error(String text) throws IOException {
        Path file = dir.resolve("digits.csv");
        Files.writeString(file, text);
        return assertThrows(DataFormatException.class, () -> HandwrittenDigits.load(file)).getMessage();
    }

    @Test
    void badLinesAreNamed() throws IOException {
        String good = "0,".repeat(64) + "3\n";
        Path file = dir.resolve("digits.csv");
        assertEquals(file + ", line 2: 3 fields; 64 pixels and a label are expected", error(good + "1,2,3\n"));
        assertEquals(file + ", line 1, field 5: 'x' is not a whole number", error("0,0,0,0,x," + "0,".repeat(59) + "3\n"));
        assertEquals(file + ", line 1, field 2: 17 is outside 0 to 16", error("0,17," + "0,".repeat(62) + "3\n"));
        assertEquals(file + ", line 1, field 65: 10 is outside 0 to 9", error("0,".repeat(64) + "10\n"));
        assertEquals(file + " holds no images", error("\n"));
        Path gz = dir.resolve("digits.csv.gz");
        Files.writeString(gz, good);
        assertTrue(assertThrows(DataFormatException.class, () -> HandwrittenDigits.load(gz)).getMessage()
                .startsWith(gz + " is not a whole gzip file"));
    }
}
