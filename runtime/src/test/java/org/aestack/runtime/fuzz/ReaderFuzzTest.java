package org.aestack.runtime.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.aestack.runtime.data.DataFormatException;
import org.aestack.runtime.data.Idx;
import org.aestack.runtime.io.ModelFile;
import org.aestack.runtime.io.ModelFormatException;

/**
 * The IDX reader and the model-file loader take random and mutated bytes without hanging, without
 * running out of memory, and without any exception but their documented ones.
 */
class ReaderFuzzTest {
    private static final byte[] IDX = idx();
    private static final byte[] IDX_GZ = gzip(IDX);
    private static final byte[] MODEL = model();

    private static byte[] idx() {
        ByteBuffer b = ByteBuffer.allocate(4 + 12 + 3 * 4 * 5);
        b.putInt(0x0803).putInt(3).putInt(4).putInt(5);
        for (int i = 0; i < 60; i++) {
            b.put((byte) i);
        }
        return b.array();
    }

    private static byte[] gzip(byte[] raw) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (OutputStream out = new GZIPOutputStream(bytes)) {
                out.write(raw);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] model() {
        try {
            Path file = Files.createTempFile("fuzz", ".safetensors");
            Map<String, float[]> tensors = new LinkedHashMap<>();
            tensors.put("encoder.0.weight", new float[] {1, 2, 3, 4, 5, 6});
            tensors.put("encoder.0.bias", new float[] {7, 8});
            ModelFile.write(file, "fuzz.Ae", tensors, Map.of("encoder.0.weight", new int[] {2, 3}, "encoder.0.bias", new int[] {2}),
                    Map.of());
            byte[] bytes = Files.readAllBytes(file);
            Files.delete(file);
            return bytes;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Random bytes, or a valid file with some bytes overwritten, some cut off, or some inserted. */
    private static Arbitrary<byte[]> mutationsOf(byte[] valid) {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<byte[]> flipped = Combinators.combine(
                Arbitraries.integers().between(0, valid.length - 1).list().ofMinSize(1).ofMaxSize(6),
                Arbitraries.bytes().list().ofSize(6))
                .as((positions, values) -> {
                    byte[] b = valid.clone();
                    for (int i = 0; i < positions.size(); i++) {
                        b[positions.get(i)] = values.get(i);
                    }
                    return b;
                });
        Arbitrary<byte[]> cut = Arbitraries.integers().between(0, valid.length - 1)
                .map(n -> java.util.Arrays.copyOf(valid, n));
        Arbitrary<byte[]> grown = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(40).map(extra -> {
            byte[] b = java.util.Arrays.copyOf(valid, valid.length + extra.length);
            System.arraycopy(extra, 0, b, valid.length, extra.length);
            return b;
        });
        return Arbitraries.oneOf(random, flipped, cut, grown);
    }

    @Provide
    Arbitrary<byte[]> idxFiles() {
        return Arbitraries.oneOf(mutationsOf(IDX), mutationsOf(IDX_GZ));
    }

    @Provide
    Arbitrary<byte[]> modelFiles() {
        return mutationsOf(MODEL);
    }

    @Property(tries = 400)
    void theIdxReaderFailsOnlyWithDataFormatException(@ForAll("idxFiles") byte[] bytes) throws IOException {
        Path file = Files.createTempFile("fuzz", ".idx");
        try {
            Files.write(file, bytes);
            Idx.read(file);
        } catch (DataFormatException expected) {
            // the documented failure
        } finally {
            Files.delete(file);
        }
    }

    @Property(tries = 400)
    void theModelLoaderFailsOnlyWithModelFormatException(@ForAll("modelFiles") byte[] bytes) throws IOException {
        Path file = Files.createTempFile("fuzz", ".safetensors");
        try {
            Files.write(file, bytes);
            ModelFile read = ModelFile.read(file);
            read.expectModel("fuzz.Ae");
            read.expectTensors(List.of("encoder.0.weight", "encoder.0.bias"));
            read.copy("encoder.0.weight", new int[] {2, 3}, new float[6]);
            read.copy("encoder.0.bias", new int[] {2}, new float[2]);
        } catch (ModelFormatException expected) {
            // the documented failure
        } finally {
            Files.delete(file);
        }
    }
}
