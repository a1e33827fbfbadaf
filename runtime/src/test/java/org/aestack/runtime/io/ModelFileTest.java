package org.aestack.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    @TempDir
    Path dir;

    private final Map<String, float[]> tensors = new LinkedHashMap<>();
    private final Map<String, int[]> shapes = new LinkedHashMap<>();

    ModelFileTest() {
        tensors.put("encoder.0.weight", new float[] {1, 2, 3, 4, 5, 6});
        tensors.put("encoder.0.bias", new float[] {-1.5f, 0.25f});
        shapes.put("encoder.0.weight", new int[] {2, 3});
        shapes.put("encoder.0.bias", new int[] {2});
    }

    private Path saved() throws IOException {
        Path file = dir.resolve("m.safetensors");
        ModelFile.write(file, "test.Ae", tensors, shapes, Map.of("aestack.layers", "3-2"));
        return file;
    }

    @Test
    void aPlainSafetensorsReaderSeesTheTensors() throws IOException {
        byte[] bytes = Files.readAllBytes(saved());
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong();
        assertEquals(0, n % 8, "the header is padded to 8 bytes");
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8).strip();
        assertTrue(header.contains("\"encoder.0.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}"), header);
        assertTrue(header.contains("\"encoder.0.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[24,32]}"), header);
        assertTrue(header.contains("\"aestack.model\":\"test.Ae\""), header);
        b.position(8 + (int) n + 24);
        assertEquals(-1.5f, b.getFloat());
        assertEquals(0.25f, b.getFloat());
        assertEquals(bytes.length, 8 + n + 32);
    }

    @Test
    void roundTripsWithShapesAndMetadata() throws IOException {
        ModelFile file = ModelFile.read(saved());
        file.expectModel("test.Ae");
        file.expectTensors(tensors.keySet());
        float[] w = new float[6];
        file.copy("encoder.0.weight", new int[] {2, 3}, w);
        assertArrayEquals(tensors.get("encoder.0.weight"), w);
        assertEquals("3-2", file.metadata().get("aestack.layers"));
        assertEquals(ModelFile.FORMAT_VERSION, file.metadata().get("aestack.format"));
    }

    @Test
    void everyDefectIsNamed() throws IOException {
        Path file = saved();
        byte[] good = Files.readAllBytes(file);

        Files.write(file, Arrays.copyOf(good, good.length - 4));
        assertMessage(file, "claims bytes [24, 32] for shape [2] in 28 bytes of data (truncated?)");

        byte[] flipped = good.clone();
        flipped[flipped.length - 1] ^= 1;
        Files.write(file, flipped);
        assertMessage(file, "is damaged: its data's checksum");

        Files.write(file, "not a model at all, just text".getBytes(StandardCharsets.UTF_8));
        assertMessage(file, "is not a safetensors model file");

        Files.write(file, new byte[3]);
        assertMessage(file, "is not a model file: it holds only 3 bytes");

        Files.write(file, good);
        ModelFile ok = ModelFile.read(file);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ok.expectModel("test.Other"));
        assertTrue(e.getMessage().endsWith("holds a test.Ae, not a test.Other"), e.getMessage());
        e = assertThrows(ModelFormatException.class, () -> ok.copy("encoder.0.weight", new int[] {3, 2}, new float[6]));
        assertTrue(e.getMessage().contains("has shape [2, 3], but this model's is [3, 2]"), e.getMessage());
        e = assertThrows(ModelFormatException.class, () -> ok.expectTensors(java.util.List.of("encoder.0.weight")));
        assertTrue(e.getMessage().contains("it has tensors the model does not [encoder.0.bias]"), e.getMessage());
    }

    private static void assertMessage(Path file, String text) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.read(file));
        assertTrue(e.getMessage().contains(text), e.getMessage());
    }

    @Test
    void aFileFromAnotherVersionOfTheDeclarationIsRefused() throws IOException {
        Path file = dir.resolve("h.safetensors");
        ModelFile.write(file, "test.Ae", tensors, shapes, Map.of("aestack.declaration.hash", "aaaa"));
        ModelFile read = ModelFile.read(file);
        read.expectDeclarationHash("aaaa");
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> read.expectDeclarationHash("bbbb"));
        assertTrue(e.getMessage().contains("was saved from another version of test.Ae (declaration hash aaaa, now bbbb)"),
                e.getMessage());
        // the hash an earlier aestack recorded for the same declaration is accepted; others are not
        read.expectDeclarationHash("bbbb", "cccc", "aaaa");
        e = assertThrows(ModelFormatException.class, () -> read.expectDeclarationHash("bbbb", "cccc"));
        assertTrue(e.getMessage().contains("training settings"), e.getMessage());
    }

    @Test
    void aFailedWriteLeavesThePreviousFileWhole() throws IOException {
        Path file = saved();
        byte[] before = Files.readAllBytes(file);
        shapes.put("encoder.0.bias", new int[] {3}); // inconsistent: the write fails before touching the file
        assertThrows(IllegalArgumentException.class,
                () -> ModelFile.write(file, "test.Ae", tensors, shapes, Map.of()));
        assertArrayEquals(before, Files.readAllBytes(file));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }
}
