package org.aestack.examples.multimodal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.aestack.runtime.data.DataFormatException;
import org.junit.jupiter.api.Test;

/** The WAV reader: what it writes it reads back, it skips chunks it does not need, and each bad file is an error naming it. */
class WavTest {
    private static byte[] tone() {
        float[] s = new float[1000];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / 8000.0));
        }
        return new Wav(8000, s).toBytes();
    }

    private static String error(byte[] bytes, int rate) {
        return assertThrows(DataFormatException.class, () -> Wav.read(bytes, "x.wav", rate)).getMessage();
    }

    @Test
    void whatIsWrittenReadsBackWithinOneStep() {
        byte[] bytes = tone();
        Wav wav = assertDoesNotFail(bytes);
        assertEquals(8000, wav.sampleRate());
        assertEquals(1000, wav.samples().length);
        assertEquals(0.125, wav.seconds(), 1e-12);
        for (int i = 0; i < 1000; i++) {
            assertEquals(0.5 * Math.sin(2 * Math.PI * 440 * i / 8000.0), wav.samples()[i], 1.0 / 32768);
        }
    }

    private static Wav assertDoesNotFail(byte[] bytes) {
        try {
            return Wav.read(bytes, "x.wav", 8000);
        } catch (DataFormatException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void chunksBeforeTheDataAreSkippedPaddingIncluded() throws Exception {
        byte[] plain = tone();
        // a LIST chunk of odd length (5 bytes, padded to 6) between fmt and data
        ByteBuffer b = ByteBuffer.allocate(plain.length + 14).order(ByteOrder.LITTLE_ENDIAN);
        b.put(plain, 0, 36).put("LIST".getBytes()).putInt(5).put(new byte[] {1, 2, 3, 4, 5, 0});
        b.put(plain, 36, plain.length - 36);
        b.putInt(4, plain.length + 14 - 8);
        assertArrayEquals(Wav.read(plain, "a", 8000).samples(), Wav.read(b.array(), "b", 8000).samples());
    }

    @Test
    void badFilesAreRefusedNamingThem() {
        byte[] good = tone();
        assertTrue(error(Arrays.copyOf(good, 8), 8000).startsWith("x.wav is not a WAV file"));
        byte[] text = "RIFF....AVI LIST".getBytes();
        assertTrue(error(text, 8000).contains("is not a WAV file"));

        assertTrue(error(good, 16000).equals("x.wav is sampled at 8000 Hz; 16000 Hz is expected (recordings are not"
                + " resampled)"), error(good, 16000));

        byte[] stereo = good.clone();
        ByteBuffer.wrap(stereo).order(ByteOrder.LITTLE_ENDIAN).putShort(22, (short) 2);
        assertEquals("x.wav has 2 channels; a mono recording is expected", error(stereo, 8000));

        byte[] eightBit = good.clone();
        ByteBuffer.wrap(eightBit).order(ByteOrder.LITTLE_ENDIAN).putShort(34, (short) 8);
        assertEquals("x.wav has 8-bit samples; 16-bit ones are expected", error(eightBit, 8000));

        byte[] floats = good.clone();
        ByteBuffer.wrap(floats).order(ByteOrder.LITTLE_ENDIAN).putShort(20, (short) 3);
        assertTrue(error(floats, 8000).startsWith("x.wav is not PCM (format tag 3)"));

        byte[] inconsistent = good.clone();
        ByteBuffer.wrap(inconsistent).order(ByteOrder.LITTLE_ENDIAN).putInt(28, 8000);
        assertTrue(error(inconsistent, 8000).startsWith("x.wav: its header is inconsistent"));

        String truncated = error(Arrays.copyOf(good, 44 + 600), 8000);
        assertEquals("x.wav is truncated: its data chunk says 2000 bytes, and 600 are there", truncated);

        assertTrue(error(Arrays.copyOf(good, 36), 8000).startsWith("x.wav has no data chunk"));
        byte[] noFormat = good.clone();
        noFormat[12] = 'j';
        noFormat[13] = 'u';
        noFormat[14] = 'n';
        noFormat[15] = 'k';
        assertEquals("x.wav: its data chunk comes before any fmt chunk", error(noFormat, 8000));
    }
}
