package org.aestack.examples.multimodal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.aestack.runtime.data.DataFormatException;

/**
 * A mono 16-bit PCM WAV recording: its sample rate and its samples scaled to [−1, 1). {@link #read}
 * walks the RIFF chunks (skipping any it does not need, such as {@code LIST}), and refuses, naming the
 * file, whatever it cannot read as such a recording: another container, a compressed or
 * floating-point format, more than one channel, another sample size, inconsistent header fields, or
 * a data chunk cut short.
 */
public record Wav(int sampleRate, float[] samples) {
    /** WAVE_FORMAT_PCM, and WAVE_FORMAT_EXTENSIBLE, whose sub-format then says PCM. */
    private static final int PCM = 1;
    private static final int EXTENSIBLE = 0xFFFE;

    /** The length in seconds. */
    public double seconds() {
        return (double) samples.length / sampleRate;
    }

    /**
     * Reads {@code bytes}, the whole of a WAV file called {@code name} in any message.
     *
     * @param expectedRate the sample rate the recording must have (no resampling is done), or 0 for any
     */
    public static Wav read(byte[] bytes, String name, int expectedRate) throws DataFormatException {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 12 || !tag(bytes, 0).equals("RIFF") || !tag(bytes, 8).equals("WAVE")) {
            throw new DataFormatException(name + " is not a WAV file: it does not start with RIFF....WAVE");
        }
        int channels = -1;
        int rate = -1;
        int bits = -1;
        int at = 12;
        while (at + 8 <= bytes.length) {
            String id = tag(bytes, at);
            long size = Integer.toUnsignedLong(in.getInt(at + 4));
            int body = at + 8;
            if (id.equals("fmt ")) {
                if (size < 16 || body + size > bytes.length) {
                    throw new DataFormatException(name + ": its fmt chunk is " + size + " bytes of the 16 or more a format"
                            + " needs" + (body + size > bytes.length ? ", and the file ends inside it" : ""));
                }
                int format = Short.toUnsignedInt(in.getShort(body));
                channels = Short.toUnsignedInt(in.getShort(body + 2));
                rate = in.getInt(body + 4);
                int byteRate = in.getInt(body + 8);
                int blockAlign = Short.toUnsignedInt(in.getShort(body + 12));
                bits = Short.toUnsignedInt(in.getShort(body + 14));
                if (format == EXTENSIBLE && size >= 26) {
                    format = Short.toUnsignedInt(in.getShort(body + 24));
                }
                if (format != PCM) {
                    throw new DataFormatException(name + " is not PCM (format tag " + format + "): only uncompressed"
                            + " 16-bit PCM is read");
                }
                if (channels != 1) {
                    throw new DataFormatException(name + " has " + channels + " channels; a mono recording is expected");
                }
                if (bits != 16) {
                    throw new DataFormatException(name + " has " + bits + "-bit samples; 16-bit ones are expected");
                }
                if (blockAlign != 2 || byteRate != rate * 2) {
                    throw new DataFormatException(name + ": its header is inconsistent (block align " + blockAlign
                            + ", " + byteRate + " bytes a second at " + rate + " Hz; 2 and " + rate * 2L + " expected)");
                }
                if (expectedRate > 0 && rate != expectedRate) {
                    throw new DataFormatException(name + " is sampled at " + rate + " Hz; " + expectedRate
                            + " Hz is expected (recordings are not resampled)");
                }
            } else if (id.equals("data")) {
                if (channels < 0) {
                    throw new DataFormatException(name + ": its data chunk comes before any fmt chunk");
                }
                long present = bytes.length - body;
                if (size > present) {
                    throw new DataFormatException(name + " is truncated: its data chunk says " + size + " bytes, and "
                            + present + " are there");
                }
                if (size % 2 != 0) {
                    throw new DataFormatException(name + ": its data chunk holds " + size + " bytes, not a whole number"
                            + " of 16-bit samples");
                }
                float[] samples = new float[(int) (size / 2)];
                for (int i = 0; i < samples.length; i++) {
                    samples[i] = in.getShort(body + 2 * i) / 32768f;
                }
                return new Wav(rate, samples);
            }
            at = (int) Math.min(Integer.MAX_VALUE, body + size + (size & 1)); // chunks are padded to even sizes
        }
        throw new DataFormatException(name + (channels < 0 ? " has no fmt chunk" : " has no data chunk")
                + (at > bytes.length ? " (it is truncated inside a chunk)" : ""));
    }

    private static String tag(byte[] bytes, int at) {
        return new String(bytes, at, 4, StandardCharsets.US_ASCII);
    }

    /** A mono 16-bit PCM WAV file of {@code samples} (clamped to [−1, 1]): for tests and for writing sounds out. */
    public byte[] toBytes() {
        ByteBuffer out = ByteBuffer.allocate(44 + 2 * samples.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 2 * samples.length);
        out.put("WAVE".getBytes(StandardCharsets.US_ASCII));
        out.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) PCM).putShort((short) 1)
                .putInt(sampleRate).putInt(sampleRate * 2).putShort((short) 2).putShort((short) 16);
        out.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(2 * samples.length);
        for (float s : samples) {
            out.putShort((short) Math.round(Math.max(-1f, Math.min(32767f / 32768f, s)) * 32768f));
        }
        return out.array();
    }
}
