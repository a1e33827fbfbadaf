package org.aestack.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    @TempDir
    Path dir;

    static byte[] idx(int type, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(data).array();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(raw);
        }
        return bytes.toByteArray();
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private static byte[] pixels(int n) {
        byte[] p = new byte[n];
        new Random(1).nextBytes(p);
        return p;
    }

    @Test
    void readsRawAndGzippedFilesAlikeWhateverTheirNames() throws IOException {
        byte[] data = pixels(3 * 4 * 5);
        byte[] raw = idx(0x08, new int[] {3, 4, 5}, data);
        for (Path file : new Path[] {write("a.idx", raw), write("b.idx", gzip(raw)), write("c.gz", raw)}) {
            Idx.Array array = Idx.read(file);
            assertArrayEquals(new int[] {3, 4, 5}, array.dims(), file.toString());
            assertArrayEquals(data, array.data());
            assertEquals(3, array.count());
            assertEquals(20, array.itemSize());
        }
    }

    @Test
    void aBadMagicNumberIsNamed() throws IOException {
        Path file = write("x.idx", new byte[] {0x12, 0x34, (byte) 0xab, (byte) 0xcd, 0, 0, 0, 1, 7});
        DataFormatException e = assertThrows(DataFormatException.class, () -> Idx.read(file));
        assertTrue(e.getMessage().contains("is not an IDX file: its magic number is 0x1234abcd"), e.getMessage());
    }

    @Test
    void anotherElementTypeIsRefusedByName() throws IOException {
        Path file = write("f.idx", idx(0x0d, new int[] {1}, new byte[4]));
        DataFormatException e = assertThrows(DataFormatException.class, () -> Idx.read(file));
        assertTrue(e.getMessage().contains("IDX type 0x0d; only unsigned bytes (0x08)"), e.getMessage());
    }

    @Test
    void truncatedFilesSayHowMuchIsMissing() throws IOException {
        byte[] raw = idx(0x08, new int[] {10, 28, 28}, pixels(7840));
        byte[] cut = Arrays.copyOf(raw, raw.length - 6840);
        Path rawFile = write("raw.idx", cut);
        DataFormatException e = assertThrows(DataFormatException.class, () -> Idx.read(rawFile));
        assertTrue(e.getMessage().contains("far too small") || e.getMessage().contains("holds 1000 of the 7840"), e.getMessage());

        byte[] gz = gzip(raw);
        Path gzFile = write("cut.gz", Arrays.copyOf(gz, gz.length / 2));
        DataFormatException g = assertThrows(DataFormatException.class, () -> Idx.read(gzFile));
        assertTrue(g.getMessage().contains("truncated") || g.getMessage().contains("gzip"), g.getMessage());
    }

    @Test
    void aRawFileMissingSomeDataSaysHowMuchArrived() throws IOException {
        byte[] raw = idx(0x08, new int[] {10, 28, 28}, pixels(7840));
        Path file = write("short.idx", Arrays.copyOf(raw, raw.length - 10));
        DataFormatException e = assertThrows(DataFormatException.class, () -> Idx.read(file));
        assertTrue(e.getMessage().contains("holds 7830 of the 7840 data bytes"), e.getMessage());
    }

    @Test
    void trailingBytesAreAnError() throws IOException {
        byte[] raw = idx(0x08, new int[] {2}, new byte[] {1, 2, 3});
        DataFormatException e = assertThrows(DataFormatException.class, () -> Idx.read(write("long.idx", raw)));
        assertTrue(e.getMessage().contains("has data after the 2 bytes"), e.getMessage());
    }

    @Test
    void aHostileHeaderNeitherAllocatesNorHangs() throws IOException {
        byte[] huge = idx(0x08, new int[] {Integer.MAX_VALUE, 28, 28}, new byte[16]);
        assertThrows(DataFormatException.class, () -> Idx.read(write("huge.idx", huge)));
        assertThrows(DataFormatException.class, () -> Idx.read(write("huge.gz", gzip(huge))));
        byte[] big = idx(0x08, new int[] {100_000_000}, new byte[16]); // fits in an array, not in the file
        DataFormatException e = assertThrows(DataFormatException.class, () -> Idx.read(write("big.idx", big)));
        assertTrue(e.getMessage().contains("far too small"), e.getMessage());
        byte[] zero = idx(0x08, new int[] {0, 28}, new byte[0]);
        assertThrows(DataFormatException.class, () -> Idx.read(write("zero.idx", zero)));
    }

    @Test
    void aGzipFileCutInsideItsHeaderIsNamed() throws IOException {
        // Found by ReaderFuzzTest: GZIPInputStream's constructor threw a bare EOFException.
        Path file = write("cut-header.gz", new byte[] {0x1f, (byte) 0x8b, 8});
        DataFormatException e = assertThrows(DataFormatException.class, () -> Idx.read(file));
        assertTrue(e.getMessage().contains("is a truncated gzip file"), e.getMessage());
    }

    @Test
    void tinyOrEmptyFilesAreNotIdx() throws IOException {
        assertThrows(DataFormatException.class, () -> Idx.read(write("empty.idx", new byte[0])));
        assertThrows(DataFormatException.class, () -> Idx.read(write("three.idx", new byte[] {0, 0, 8})));
        assertThrows(DataFormatException.class, () -> Idx.read(write("header.idx", new byte[] {0, 0, 8, 3, 0, 0})));
    }
}
