package org.aestack.examples.multimodal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.aestack.runtime.data.DataFormatException;
import org.aestack.runtime.data.DataSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spoken digits as they are shared (3,000 recordings, 6 speakers), their features, and one
 * error naming the zip and the entry for each way a zip of recordings can be wrong.
 */
class SpokenDigitsTest {
    private static final Path SHARED = Path.of("../../shared/data/spoken-digits/fsdd-recordings.zip");

    @TempDir
    Path dir;

    @Test
    void theSharedRecordingsAreAllThereAndMakeFeaturesThatTellDigitsApart() throws IOException {
        assertTrue(Files.isRegularFile(SHARED), "the spoken digits are expected at " + SHARED.toAbsolutePath());
        List<SpokenDigits.Recording> all = SpokenDigits.load(SHARED);
        assertEquals(3000, all.size());
        assertEquals(List.of("george", "jackson", "lucas", "nicolas", "theo", "yweweler"), SpokenDigits.speakers(all));
        Map<String, Long> perSpeaker = all.stream().collect(Collectors.groupingBy(SpokenDigits.Recording::speaker,
                Collectors.counting()));
        perSpeaker.values().forEach(n -> assertEquals(500L, n));
        Map<Integer, Long> perDigit = all.stream().collect(Collectors.groupingBy(SpokenDigits.Recording::digit,
                Collectors.counting()));
        assertEquals(10, perDigit.size());
        perDigit.values().forEach(n -> assertEquals(300L, n));
        for (SpokenDigits.Recording r : all) {
            assertEquals(8000, r.wav().sampleRate());
            assertTrue(r.wav().seconds() > 0.1 && r.wav().seconds() < 2.5, r.toString());
        }

        MelFeatures mel = MelFeatures.speech();
        DataSet mfcc = SpokenDigits.features(all, mel, false);
        assertEquals(3000, mfcc.rows());
        assertEquals(48 * 13, mfcc.cols());
        assertEquals(all.get(7).digit(), mfcc.labels()[7]);
        // The features carry the digit across speakers: class means of five speakers' MFCCs name the
        // digits of the sixth far above chance (0.1), for every speaker held out.
        for (String held : SpokenDigits.speakers(all)) {
            double accuracy = nearestMeanAccuracy(all, mfcc, r -> !r.speaker().equals(held));
            System.out.printf(java.util.Locale.ROOT, "spoken digits, %s held out: nearest class mean %.3f%n", held, accuracy);
            assertTrue(accuracy > MIN_ACCURACY, held + " held out: " + accuracy);
        }
    }

    private static final double MIN_ACCURACY = 0.4;

    /** Accuracy on the recordings outside {@code train} of the nearest class mean of those inside it. */
    private static double nearestMeanAccuracy(List<SpokenDigits.Recording> all, DataSet x,
            Function<SpokenDigits.Recording, Boolean> train) {
        int cols = x.cols();
        float[] v = x.toArray().clone();
        // each feature standardized by the training recordings' mean and deviation
        for (int j = 0; j < cols; j++) {
            double sum = 0;
            double squares = 0;
            int n = 0;
            for (int r = 0; r < all.size(); r++) {
                if (train.apply(all.get(r))) {
                    sum += v[r * cols + j];
                    squares += (double) v[r * cols + j] * v[r * cols + j];
                    n++;
                }
            }
            double mean = sum / n;
            double sd = Math.sqrt(Math.max(squares / n - mean * mean, 1e-12));
            for (int r = 0; r < all.size(); r++) {
                v[r * cols + j] = (float) ((v[r * cols + j] - mean) / sd);
            }
        }
        double[][] means = new double[10][cols];
        int[] counts = new int[10];
        for (int r = 0; r < all.size(); r++) {
            if (train.apply(all.get(r))) {
                int d = all.get(r).digit();
                counts[d]++;
                for (int j = 0; j < cols; j++) {
                    means[d][j] += v[r * cols + j];
                }
            }
        }
        for (int d = 0; d < 10; d++) {
            for (int j = 0; j < cols; j++) {
                means[d][j] /= counts[d];
            }
        }
        int right = 0;
        int total = 0;
        for (int r = 0; r < all.size(); r++) {
            if (train.apply(all.get(r))) {
                continue;
            }
            int best = 0;
            double bestDistance = Double.MAX_VALUE;
            for (int d = 0; d < 10; d++) {
                double distance = 0;
                for (int j = 0; j < cols; j++) {
                    double e = v[r * cols + j] - means[d][j];
                    distance += e * e;
                }
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = d;
                }
            }
            right += best == all.get(r).digit() ? 1 : 0;
            total++;
        }
        return (double) right / total;
    }

    private Path zip(String entry, byte[] bytes) throws IOException {
        Path zip = dir.resolve("bad.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("recordings/1_theo_0.wav"));
            out.write(noise());
            out.putNextEntry(new ZipEntry(entry));
            out.write(bytes);
        }
        return zip;
    }

    /** 800 samples of noise: a WAV that does not compress, so that half a zip of them is cut inside an entry. */
    private static byte[] noise() {
        float[] s = new float[800];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (0.3 * r.nextGaussian());
        }
        return new Wav(8000, s).toBytes();
    }

    private static String error(Path zip) {
        return assertThrows(DataFormatException.class, () -> SpokenDigits.load(zip)).getMessage();
    }

    @Test
    void eachBadRecordingIsNamedWithItsZip() throws IOException {
        byte[] good = noise();
        Path zip = zip("recordings/2_theo_1.wav", Arrays.copyOf(good, 500));
        assertEquals(zip + ": entry recordings/2_theo_1.wav is truncated: its data chunk says 1600 bytes, and 456 are there",
                error(zip));

        zip = zip("recordings/2_theo_1.wav", new Wav(16000, new float[800]).toBytes());
        assertTrue(error(zip).startsWith(zip + ": entry recordings/2_theo_1.wav is sampled at 16000 Hz; 8000 Hz is expected"));

        byte[] stereo = good.clone();
        ByteBuffer.wrap(stereo).order(ByteOrder.LITTLE_ENDIAN).putShort(22, (short) 2);
        zip = zip("recordings/2_theo_1.wav", stereo);
        assertEquals(zip + ": entry recordings/2_theo_1.wav has 2 channels; a mono recording is expected", error(zip));

        zip = zip("recordings/readme.txt", "hello".getBytes());
        assertEquals(zip + ": entry recordings/readme.txt is not a recording named <digit>_<speaker>_<index>.wav", error(zip));

        Path whole = zip("recordings/2_theo_1.wav", good);
        assertEquals(2, SpokenDigits.load(whole).size());
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = dir.resolve("cut.zip");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        assertTrue(error(cut).startsWith(cut.toString()), error(cut));

        Path missing = dir.resolve("none.zip");
        assertTrue(error(missing).startsWith("no spoken digits at " + missing));
    }
}
