package org.aestack.examples.multimodal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.aestack.runtime.data.DataFormatException;
import org.aestack.runtime.data.DataSet;

/**
 * The Free Spoken Digit Dataset (Jackson et al.; {@code ../shared/data/spoken-digits}): recordings of
 * the digits 0 to 9 spoken by several speakers, 8 kHz mono 16-bit WAV files named
 * {@code <digit>_<speaker>_<index>.wav}, read here from the zip they come in. Every entry is checked:
 * a name of another form, or a WAV that is not 8 kHz mono 16-bit PCM or is cut short, is an error
 * naming the zip and the entry.
 */
public final class SpokenDigits {
    /** The sample rate every recording must have. */
    public static final int RATE = 8000;
    /** The shared copy, relative to the project's directory. */
    public static final Path SHARED = Path.of("../shared/data/spoken-digits/fsdd-recordings.zip");
    private static final Pattern NAME = Pattern.compile("(?:.*/)?([0-9])_([A-Za-z]+)_([0-9]+)\\.wav");
    /** More than any real release holds: a guard against a zip that would fill the heap. */
    private static final int MAX_ENTRY_BYTES = 1 << 24;

    private SpokenDigits() {}

    /** One recording: the digit spoken, who spoke it, its index among that speaker's takes of it, and the sound. */
    public record Recording(int digit, String speaker, int index, Wav wav) {}

    /** Every recording in {@code zip}, ordered by speaker, digit and index. */
    public static List<Recording> load(Path zip) throws IOException {
        if (!Files.isRegularFile(zip)) {
            throw new DataFormatException("no spoken digits at " + zip + ": expected the zip of FSDD's recordings"
                    + " (../shared/data/spoken-digits/fsdd-recordings.zip)");
        }
        List<Recording> recordings = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                if (entry.isDirectory()) {
                    continue;
                }
                String name = entry.getName();
                Matcher m = NAME.matcher(name);
                if (!m.matches()) {
                    throw new DataFormatException(zip + ": entry " + name + " is not a recording named"
                            + " <digit>_<speaker>_<index>.wav");
                }
                byte[] bytes = readEntry(in, zip, name);
                Wav wav = Wav.read(bytes, zip + ": entry " + name, RATE);
                recordings.add(new Recording(Integer.parseInt(m.group(1)), m.group(2).toLowerCase(Locale.ROOT),
                        Integer.parseInt(m.group(3)), wav));
            }
        } catch (ZipException | java.io.EOFException e) {
            throw new DataFormatException(zip + " is not a whole zip file: " + e.getMessage());
        }
        if (recordings.isEmpty()) {
            throw new DataFormatException(zip + " holds no recordings");
        }
        recordings.sort(Comparator.comparing(Recording::speaker).thenComparingInt(Recording::digit)
                .thenComparingInt(Recording::index));
        return recordings;
    }

    private static byte[] readEntry(InputStream in, Path zip, String name) throws IOException {
        byte[] bytes = in.readNBytes(MAX_ENTRY_BYTES + 1);
        if (bytes.length > MAX_ENTRY_BYTES) {
            throw new DataFormatException(zip + ": entry " + name + " is over " + MAX_ENTRY_BYTES + " bytes, far longer"
                    + " than a spoken digit");
        }
        return bytes;
    }

    /** The speakers of {@code recordings}, in order of first appearance. */
    public static List<String> speakers(List<Recording> recordings) {
        return recordings.stream().map(Recording::speaker).distinct().toList();
    }

    /**
     * The recordings as a data set: one row of features a recording (MFCCs, or with {@code logMel}
     * the log-mel spectrogram, on {@code features}' grid), labelled with the digit.
     */
    public static DataSet features(List<Recording> recordings, MelFeatures features, boolean logMel) {
        int cols = features.frames() * (logMel ? features.bands() : features.coefficients());
        float[] x = new float[recordings.size() * cols];
        int[] labels = new int[recordings.size()];
        for (int r = 0; r < recordings.size(); r++) {
            float[] samples = recordings.get(r).wav().samples();
            float[] row = logMel ? features.logMel(samples) : features.mfcc(samples);
            System.arraycopy(row, 0, x, r * cols, cols);
            labels[r] = recordings.get(r).digit();
        }
        return new DataSet(x, recordings.size(), cols, labels, 10);
    }
}
