package org.aestack.runtime.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files (the format of MNIST and Fashion-MNIST), raw or gzip-compressed: compression is
 * recognised by its magic bytes, not the file name. Only unsigned-byte data (type 0x08) is
 * supported. Every defect is a {@link DataFormatException} naming the file; a hostile header
 * cannot make the reader allocate more than the file can hold.
 */
public final class Idx {
    private static final int UNSIGNED_BYTE = 0x08;
    /** gzip compresses these files at most about 10:1; a header promising more than this is a lie. */
    private static final long MAX_EXPANSION = 1024;

    private Idx() {}

    /** An IDX array: its dimensions and its bytes, row-major. */
    public record Array(int[] dims, byte[] data) {
        /** The number of items: the first dimension. */
        public int count() {
            return dims[0];
        }

        /** The size of one item: the product of the other dimensions. */
        public int itemSize() {
            int size = 1;
            for (int i = 1; i < dims.length; i++) {
                size *= dims[i];
            }
            return size;
        }
    }

    /** Reads an unsigned-byte IDX file. */
    public static Array read(Path file) throws IOException {
        long fileSize = Files.size(file);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            boolean gzip = b0 == 0x1f && b1 == 0x8b;
            InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
            return read(file, in, gzip ? fileSize * MAX_EXPANSION : fileSize);
        } catch (java.util.zip.ZipException e) {
            throw new DataFormatException(file + " is not a valid gzip file: " + e.getMessage());
        } catch (EOFException e) {
            throw new DataFormatException(file + " is a truncated gzip file: it ends inside its gzip header");
        }
    }

    private static Array read(Path file, InputStream in, long maxBytes) throws IOException {
        byte[] header = new byte[4];
        if (readFully(in, header) < 4) {
            throw new DataFormatException(file + " is too short to be an IDX file");
        }
        int magic = ((header[0] & 0xff) << 24) | ((header[1] & 0xff) << 16) | ((header[2] & 0xff) << 8) | (header[3] & 0xff);
        if (header[0] != 0 || header[1] != 0 || header[3] < 1 || header[3] > 4) {
            throw new DataFormatException(String.format("%s is not an IDX file: its magic number is 0x%08x, expected"
                    + " 0x000008NN with 1 to 4 dimensions (e.g. 0x00000803 for images)", file, magic));
        }
        if ((header[2] & 0xff) != UNSIGNED_BYTE) {
            throw new DataFormatException(String.format("%s holds IDX type 0x%02x; only unsigned bytes (0x08) are supported",
                    file, header[2] & 0xff));
        }
        int rank = header[3];
        byte[] dimBytes = new byte[4 * rank];
        if (readFully(in, dimBytes) < dimBytes.length) {
            throw new DataFormatException(file + " ends inside its header");
        }
        int[] dims = new int[rank];
        long total = 1;
        for (int i = 0; i < rank; i++) {
            long d = ((dimBytes[4 * i] & 0xffL) << 24) | ((dimBytes[4 * i + 1] & 0xff) << 16)
                    | ((dimBytes[4 * i + 2] & 0xff) << 8) | (dimBytes[4 * i + 3] & 0xff);
            if (d == 0 || d > Integer.MAX_VALUE) {
                throw new DataFormatException(file + ": dimension " + i + " is " + d + "; it must lie in [1, 2^31)");
            }
            dims[i] = (int) d;
            total *= d;
            if (total > Integer.MAX_VALUE - 8) {
                throw new DataFormatException(file + ": its header promises " + Arrays.toString(dims)
                        + " values, more than one array can hold");
            }
        }
        if (total > maxBytes) {
            throw new DataFormatException(file + ": its header promises " + total + " bytes of data, but the file is"
                    + " far too small to hold them");
        }
        byte[] data = new byte[(int) total];
        int got = readFully(in, data);
        if (got < data.length) {
            throw new DataFormatException(file + " is truncated: it holds " + got + " of the " + total
                    + " data bytes its header promises");
        }
        if (in.read() != -1) {
            throw new DataFormatException(file + " has data after the " + total + " bytes its header promises");
        }
        return new Array(dims, data);
    }

    private static int readFully(InputStream in, byte[] into) throws IOException {
        int n = 0;
        try {
            while (n < into.length) {
                int r = in.read(into, n, into.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
        } catch (EOFException e) {
            // A gzip stream cut short: report what arrived.
        }
        return n;
    }
}
