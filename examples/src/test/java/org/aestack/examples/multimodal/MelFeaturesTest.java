package org.aestack.examples.multimodal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The audio features against their definitions: the library FFT's power spectrum against a direct
 * DFT and Parseval's theorem, the mel filterbank's shape, a pure tone landing in the band that holds
 * its frequency, the DCT as an orthonormal transform, and the fixed grid of frames.
 */
class MelFeaturesTest {
    private static final MelFeatures SPEECH = MelFeatures.speech();

    private static float[] tone(double hz, int n) {
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            s[i] = (float) (0.3 * Math.sin(2 * Math.PI * hz * i / 8000.0));
        }
        return s;
    }

    @Test
    void thePowerSpectrumIsTheWindowedDftsAndKeepsTheEnergy() {
        float[] s = new float[300];
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) r.nextGaussian();
        }
        double[] power = SPEECH.powerSpectrum(s, 10);
        int n = 256;
        double[] x = new double[n];
        double energy = 0;
        for (int i = 0; i < n; i++) {
            x[i] = s[10 + i] * (0.54 - 0.46 * Math.cos(2 * Math.PI * i / (n - 1)));
            energy += x[i] * x[i];
        }
        double spectral = 0;
        for (int k = 0; k <= n / 2; k++) {
            double re = 0;
            double im = 0;
            for (int t = 0; t < n; t++) {
                re += x[t] * Math.cos(2 * Math.PI * k * t / n);
                im -= x[t] * Math.sin(2 * Math.PI * k * t / n);
            }
            assertEquals((re * re + im * im) / n, power[k], 1e-9 * Math.max(1, power[k]), "bin " + k);
            spectral += (k == 0 || k == n / 2 ? 1 : 2) * power[k];
        }
        // Parseval: Σ|x|² = (1/n) Σ_k |X_k|², the one-sided spectrum counting the inner bins twice
        assertEquals(energy, spectral, 1e-9 * energy);
    }

    @Test
    void theFilterbankTilesTheSpectrumWithTriangles() {
        double[][] f = MelFeatures.filterbank(8000, 256, 26);
        assertEquals(26, f.length);
        int previousPeak = -1;
        for (double[] filter : f) {
            int peak = 0;
            int covered = 0;
            for (int k = 0; k < filter.length; k++) {
                assertTrue(filter[k] >= 0 && filter[k] <= 1);
                if (filter[k] > filter[peak]) {
                    peak = k;
                }
                covered += filter[k] > 0 ? 1 : 0;
            }
            assertTrue(covered >= 2, "every filter covers at least two bins");
            assertTrue(peak > previousPeak, "centres rise");
            previousPeak = peak;
        }
        // between the first centre and the last, neighbouring triangles sum to 1
        double first = MelFeatures.hz(MelFeatures.mel(4000) / 27);
        double last = MelFeatures.hz(MelFeatures.mel(4000) * 26 / 27);
        for (int k = (int) Math.ceil(first / 31.25); k * 31.25 <= last; k++) {
            double sum = 0;
            for (double[] filter : f) {
                sum += filter[k];
            }
            assertEquals(1, sum, 1e-9, "bin " + k);
        }
        assertEquals(1000, MelFeatures.hz(MelFeatures.mel(1000)), 1e-9);
        assertEquals(1000, MelFeatures.mel(1000), 0.5); // the scale's anchor: 1 kHz is about 1000 mel
    }

    @Test
    void aToneLightsTheBandOfItsFrequency() {
        double[][] f = MelFeatures.filterbank(8000, 256, 26);
        for (double hz : new double[] {300, 1000, 2500}) {
            float[] logMel = SPEECH.logMel(tone(hz, 8000));
            int bin = (int) Math.round(hz * 256 / 8000);
            int expected = 0;
            for (int m = 0; m < 26; m++) {
                if (f[m][bin] > f[expected][bin]) {
                    expected = m;
                }
            }
            int frame = 20;
            int loudest = 0;
            for (int m = 0; m < 26; m++) {
                if (logMel[frame * 26 + m] > logMel[frame * 26 + loudest]) {
                    loudest = m;
                }
            }
            assertEquals(expected, loudest, hz + " Hz");
        }
    }

    @Test
    void theDctIsOrthonormalSoAllCoefficientsKeepTheLogEnergy() {
        MelFeatures all = new MelFeatures(8000, 256, 128, 26, 26, 4);
        float[] logMel = all.logMel(tone(700, 2000));
        float[] cepstra = all.cepstra(logMel);
        for (int t = 0; t < 4; t++) {
            double a = 0;
            double b = 0;
            for (int m = 0; m < 26; m++) {
                a += logMel[t * 26 + m] * logMel[t * 26 + m];
                b += cepstra[t * 26 + m] * cepstra[t * 26 + m];
            }
            assertEquals(a, b, 1e-4 * a, "frame " + t);
        }
    }

    @Test
    void everyRecordingLandsOnTheSameGridCentred() {
        float silence = (float) Math.log(MelFeatures.FLOOR);
        // 10 frames of tone centred among 48: 19 silent frames, the tone, 19 silent frames
        float[] shortOne = SPEECH.logMel(tone(1000, 256 + 9 * 128));
        assertEquals(48 * 26, shortOne.length);
        assertEquals(silence, loudest(shortOne, 18));
        assertTrue(loudest(shortOne, 19) > silence + 10);
        assertTrue(loudest(shortOne, 28) > silence + 10);
        assertEquals(silence, loudest(shortOne, 29));
        // a long one is cut to its middle: a tone that changes pitch at the middle shows both halves
        float[] a = tone(500, 8000);
        float[] b = tone(3000, 8000);
        float[] both = new float[16000];
        System.arraycopy(a, 0, both, 0, 8000);
        System.arraycopy(b, 0, both, 8000, 8000);
        float[] cut = SPEECH.logMel(both);
        assertEquals(48 * 26, cut.length);
        // band 7 peaks near 530 Hz, band 22 near 2.8 kHz
        assertTrue(cut[2 * 26 + 7] > cut[2 * 26 + 22] + 5, "the first frames hear 500 Hz");
        assertTrue(cut[45 * 26 + 22] > cut[45 * 26 + 7] + 5, "the last frames hear 3 kHz");
        assertEquals(48 * 13, SPEECH.mfcc(both).length);
    }

    private static float loudest(float[] logMel, int frame) {
        float max = Float.NEGATIVE_INFINITY;
        for (int m = 0; m < 26; m++) {
            max = Math.max(max, logMel[frame * 26 + m]);
        }
        return max;
    }
}
