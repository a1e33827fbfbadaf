package org.aestack.examples.multimodal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.aestack.runtime.data.DataFormatException;
import org.aestack.runtime.data.DataSet;

/**
 * The UCI handwritten digits (Alpaydin and Kaynak; {@code ../shared/data/digits/digits.csv.gz}, the
 * copy scikit-learn's {@code load_digits} ships): 8 × 8 images, one a line as 64 pixel counts from
 * 0 to 16 and then the digit. Values are scaled to [0, 1]. A line of another form is an error naming
 * the file and the line.
 */
public final class HandwrittenDigits {
    public static final Path SHARED = Path.of("../shared/data/digits/digits.csv.gz");
    public static final int SIDE = 8;
    private static final int PIXELS = SIDE * SIDE;

    private HandwrittenDigits() {}

    /** Every image of {@code file} (gzip-compressed CSV, or plain CSV when the name does not end in .gz). */
    public static DataSet load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException("no handwritten digits at " + file
                    + ": expected ../shared/data/digits/digits.csv.gz");
        }
        List<float[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(file);
                BufferedReader in = new BufferedReader(new InputStreamReader(
                        file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw, StandardCharsets.US_ASCII))) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split(",");
                if (fields.length != PIXELS + 1) {
                    throw new DataFormatException(file + ", line " + number + ": " + fields.length + " fields; 64 pixels"
                            + " and a label are expected");
                }
                float[] row = new float[PIXELS];
                for (int i = 0; i <= PIXELS; i++) {
                    int value;
                    try {
                        value = Integer.parseInt(fields[i].trim());
                    } catch (NumberFormatException e) {
                        throw new DataFormatException(file + ", line " + number + ", field " + (i + 1) + ": '" + fields[i]
                                + "' is not a whole number");
                    }
                    int max = i < PIXELS ? 16 : 9;
                    if (value < 0 || value > max) {
                        throw new DataFormatException(file + ", line " + number + ", field " + (i + 1) + ": " + value
                                + " is outside 0 to " + max);
                    }
                    if (i < PIXELS) {
                        row[i] = value / 16f;
                    } else {
                        labels.add(value);
                    }
                }
                rows.add(row);
            }
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new DataFormatException(file + " is not a whole gzip file: " + e.getMessage());
        }
        if (rows.isEmpty()) {
            throw new DataFormatException(file + " holds no images");
        }
        float[] x = new float[rows.size() * PIXELS];
        int[] y = new int[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            System.arraycopy(rows.get(r), 0, x, r * PIXELS, PIXELS);
            y[r] = labels.get(r);
        }
        return new DataSet(x, rows.size(), PIXELS, y, 10);
    }
}
