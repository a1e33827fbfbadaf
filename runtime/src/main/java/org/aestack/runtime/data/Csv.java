package org.aestack.runtime.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a data set from a CSV file: one sample per line, numbers separated by commas, optionally a
 * class label (an integer from 0) in the first column. Blank lines and lines starting with
 * {@code #} are skipped; a first line that is not numeric is taken as a header. Every defect is a
 * {@link DataFormatException} naming the file, line and column.
 */
public final class Csv {
    private Csv() {}

    /**
     * @param labelled whether the first column holds labels
     * @param classes the number of classes when labelled (labels must lie in [0, classes))
     */
    public static DataSet read(Path file, boolean labelled, int classes) throws IOException {
        List<float[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        int width = -1;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] cells = trimmed.split(",", -1);
                if (rows.isEmpty() && width < 0 && !isNumber(cells[0].strip())) {
                    continue; // a header
                }
                int first = labelled ? 1 : 0;
                if (width < 0) {
                    width = cells.length - first;
                    if (width < 1) {
                        throw new DataFormatException(file + ", line " + number + ": no values");
                    }
                } else if (cells.length - first != width) {
                    throw new DataFormatException(file + ", line " + number + ": " + (cells.length - first)
                            + " values, but the lines before have " + width);
                }
                if (labelled) {
                    int label;
                    try {
                        label = Integer.parseInt(cells[0].strip());
                    } catch (NumberFormatException e) {
                        throw new DataFormatException(file + ", line " + number + ", column 1: the label '" + cells[0].strip()
                                + "' is not a whole number");
                    }
                    if (label < 0 || label >= classes) {
                        throw new DataFormatException(file + ", line " + number + ", column 1: label " + label
                                + " is outside [0, " + classes + ")");
                    }
                    labels.add(label);
                }
                float[] row = new float[width];
                for (int j = 0; j < width; j++) {
                    String cell = cells[first + j].strip();
                    float v;
                    try {
                        v = Float.parseFloat(cell);
                    } catch (NumberFormatException e) {
                        throw new DataFormatException(file + ", line " + number + ", column " + (first + j + 1)
                                + ": '" + cell + "' is not a number");
                    }
                    if (!Float.isFinite(v)) {
                        throw new DataFormatException(file + ", line " + number + ", column " + (first + j + 1)
                                + " is " + cell + "; every input must be a finite number");
                    }
                    row[j] = v;
                }
                rows.add(row);
            }
        } catch (java.nio.charset.MalformedInputException e) {
            throw new DataFormatException(file + " is not a text file");
        }
        if (rows.isEmpty()) {
            throw new DataFormatException(file + " holds no samples");
        }
        float[] values = new float[rows.size() * width];
        for (int r = 0; r < rows.size(); r++) {
            System.arraycopy(rows.get(r), 0, values, r * width, width);
        }
        int[] y = labelled ? labels.stream().mapToInt(Integer::intValue).toArray() : null;
        return new DataSet(values, rows.size(), width, y, labelled ? classes : 0);
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
