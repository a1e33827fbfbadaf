package org.aestack.examples.multimodal;

import java.util.Arrays;
import org.apache.commons.math3.complex.Complex;
import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;

/**
 * Log-mel spectrograms and MFCCs of a recording on a fixed grid of frames, so every recording gives
 * a feature vector of the same length: Hamming-windowed frames of {@code frameLength} samples every
 * {@code hop}, their power spectra (Apache Commons Math's FFT), a triangular mel filterbank of
 * {@code bands} filters from 0 Hz to half the sample rate, the natural logarithm (floored at
 * {@link #FLOOR}), and for MFCCs the orthonormal DCT-II of each frame's log energies, of which the
 * first {@code coefficients} are kept. A recording longer than the grid is cut to its middle frames;
 * a shorter one is centred, with silent frames (the floor) either side.
 *
 * <p>Values are frame-major: frame t's bands (or coefficients) are {@code t·width} to
 * {@code (t + 1)·width}.
 */
public final class MelFeatures {
    /** The smallest filterbank energy whose logarithm is taken: silence maps to ln(1e-10). */
    public static final double FLOOR = 1e-10;

    private final int sampleRate;
    private final int frameLength;
    private final int hop;
    private final int bands;
    private final int coefficients;
    private final int frames;
    private final double[] window;
    /** bands × (frameLength / 2 + 1) filter weights. */
    private final double[][] filters;
    /** coefficients × bands: the orthonormal DCT-II. */
    private final double[][] dct;
    private final FastFourierTransformer fft = new FastFourierTransformer(DftNormalization.STANDARD);

    /**
     * @param frameLength samples a frame, a power of two (the FFT's length)
     * @param frames the frames of the grid every recording is put on
     */
    public MelFeatures(int sampleRate, int frameLength, int hop, int bands, int coefficients, int frames) {
        if (Integer.bitCount(frameLength) != 1 || frameLength < 16) {
            throw new IllegalArgumentException("a frame must be a power of two of at least 16 samples, not " + frameLength);
        }
        if (sampleRate < 1 || hop < 1 || bands < 1 || coefficients < 1 || coefficients > bands || frames < 1) {
            throw new IllegalArgumentException("bad mel settings: rate " + sampleRate + ", hop " + hop + ", " + bands
                    + " bands, " + coefficients + " coefficients, " + frames + " frames");
        }
        this.sampleRate = sampleRate;
        this.frameLength = frameLength;
        this.hop = hop;
        this.bands = bands;
        this.coefficients = coefficients;
        this.frames = frames;
        this.window = new double[frameLength];
        for (int n = 0; n < frameLength; n++) {
            window[n] = 0.54 - 0.46 * Math.cos(2 * Math.PI * n / (frameLength - 1));
        }
        this.filters = filterbank(sampleRate, frameLength, bands);
        this.dct = new double[coefficients][bands];
        for (int k = 0; k < coefficients; k++) {
            double scale = Math.sqrt(2.0 / bands) * (k == 0 ? Math.sqrt(0.5) : 1);
            for (int m = 0; m < bands; m++) {
                dct[k][m] = scale * Math.cos(Math.PI * k * (m + 0.5) / bands);
            }
        }
    }

    /** The settings for 8 kHz speech: 32 ms frames every 16 ms, 26 mel bands, 13 MFCCs, 48 frames (0.78 s). */
    public static MelFeatures speech() {
        return new MelFeatures(8000, 256, 128, 26, 13, 48);
    }

    public int frames() {
        return frames;
    }

    public int bands() {
        return bands;
    }

    public int coefficients() {
        return coefficients;
    }

    /** Hz to mel: 2595 log10(1 + f / 700). */
    static double mel(double hz) {
        return 2595 * Math.log10(1 + hz / 700);
    }

    static double hz(double mel) {
        return 700 * (Math.pow(10, mel / 2595) - 1);
    }

    /**
     * Triangular filters with centres evenly spaced in mel from 0 to the Nyquist frequency, each
     * rising from its left neighbour's centre to 1 at its own and falling to its right neighbour's.
     */
    static double[][] filterbank(int sampleRate, int frameLength, int bands) {
        int bins = frameLength / 2 + 1;
        double top = mel(sampleRate / 2.0);
        double[] edges = new double[bands + 2];
        for (int i = 0; i < edges.length; i++) {
            edges[i] = hz(top * i / (bands + 1));
        }
        double[][] f = new double[bands][bins];
        for (int m = 0; m < bands; m++) {
            for (int k = 0; k < bins; k++) {
                double freq = (double) k * sampleRate / frameLength;
                if (freq > edges[m] && freq <= edges[m + 1]) {
                    f[m][k] = (freq - edges[m]) / (edges[m + 1] - edges[m]);
                } else if (freq > edges[m + 1] && freq < edges[m + 2]) {
                    f[m][k] = (edges[m + 2] - freq) / (edges[m + 2] - edges[m + 1]);
                }
            }
        }
        return f;
    }

    /**
     * The power spectrum of one frame of {@code samples} starting at {@code start} (zeros past the
     * end), windowed: |X[k]|² / frameLength for k = 0 … frameLength / 2.
     */
    double[] powerSpectrum(float[] samples, int start) {
        double[] frame = new double[frameLength];
        for (int n = 0; n < frameLength; n++) {
            int i = start + n;
            frame[n] = i < samples.length ? samples[i] * window[n] : 0;
        }
        Complex[] x = fft.transform(frame, TransformType.FORWARD);
        double[] power = new double[frameLength / 2 + 1];
        for (int k = 0; k < power.length; k++) {
            double re = x[k].getReal();
            double im = x[k].getImaginary();
            power[k] = (re * re + im * im) / frameLength;
        }
        return power;
    }

    /** The number of whole frames in a recording of {@code n} samples (at least one). */
    int framesIn(int n) {
        return n <= frameLength ? 1 : 1 + (n - frameLength) / hop;
    }

    /** {@link #frames()} × {@link #bands()} log-mel energies of {@code samples}, on the grid. */
    public float[] logMel(float[] samples) {
        int own = framesIn(samples.length);
        float[] out = new float[frames * bands];
        Arrays.fill(out, (float) Math.log(FLOOR));
        // the middle frames of a long recording; a short one centred on the grid
        int skip = Math.max(0, (own - frames) / 2);
        int offset = Math.max(0, (frames - own) / 2);
        for (int t = 0; t < Math.min(own, frames); t++) {
            double[] power = powerSpectrum(samples, (skip + t) * hop);
            for (int m = 0; m < bands; m++) {
                double energy = 0;
                for (int k = 0; k < power.length; k++) {
                    energy += filters[m][k] * power[k];
                }
                out[(offset + t) * bands + m] = (float) Math.log(Math.max(energy, FLOOR));
            }
        }
        return out;
    }

    /** {@link #frames()} × {@link #coefficients()} MFCCs of {@code samples}, on the grid. */
    public float[] mfcc(float[] samples) {
        return cepstra(logMel(samples));
    }

    /** The DCT of each frame of a log-mel spectrogram from {@link #logMel}: its MFCCs. */
    public float[] cepstra(float[] logMel) {
        float[] out = new float[frames * coefficients];
        for (int t = 0; t < frames; t++) {
            for (int k = 0; k < coefficients; k++) {
                double sum = 0;
                for (int m = 0; m < bands; m++) {
                    sum += dct[k][m] * logMel[t * bands + m];
                }
                out[t * coefficients + k] = (float) sum;
            }
        }
        return out;
    }
}
