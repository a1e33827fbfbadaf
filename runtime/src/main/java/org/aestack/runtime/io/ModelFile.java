package org.aestack.runtime.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Model files in the safetensors format, so PyTorch and other tools read the weights: an 8-byte
 * little-endian header length, a JSON header naming each tensor's dtype (F32), shape and byte range,
 * and the little-endian data. The header's {@code __metadata__} carries the model's declaration,
 * the format version, a CRC-32 of the data, and whatever the caller adds.
 *
 * <p>Writes are atomic: a temporary file in the same directory, forced to disk, then renamed over
 * the target, so a crash leaves the old file whole. Reads check everything and say what is wrong.
 */
public final class ModelFile {
    /** The version of aestack's metadata conventions. */
    public static final String FORMAT_VERSION = "1";
    static final String MODEL_KEY = "aestack.model";
    static final String FORMAT_KEY = "aestack.format";
    static final String CRC_KEY = "aestack.crc32";
    static final String HASH_KEY = "aestack.declaration.hash";
    private static final long MAX_HEADER = 100L * 1024 * 1024;

    private final Path path;
    private final Map<String, String> metadata;
    private final Map<String, int[]> shapes;
    private final Map<String, float[]> tensors;

    private ModelFile(Path path, Map<String, String> metadata, Map<String, int[]> shapes, Map<String, float[]> tensors) {
        this.path = path;
        this.metadata = metadata;
        this.shapes = shapes;
        this.tensors = tensors;
    }

    /**
     * Writes {@code tensors} (each with its shape in {@code shapes}) and {@code metadata} for the
     * model declared by {@code model}.
     */
    public static void write(Path file, String model, Map<String, float[]> tensors, Map<String, int[]> shapes,
            Map<String, String> metadata) throws IOException {
        long bytes = 0;
        StringBuilder header = new StringBuilder("{");
        CRC32 crc = new CRC32();
        ByteBuffer data;
        for (var e : tensors.entrySet()) {
            bytes += 4L * e.getValue().length;
        }
        if (bytes > Integer.MAX_VALUE) {
            throw new IOException("a model of " + bytes + " bytes is too large for one file");
        }
        data = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
        long offset = 0;
        for (var e : tensors.entrySet()) {
            int[] shape = shapes.get(e.getKey());
            long count = Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b);
            if (count != e.getValue().length) {
                throw new IllegalArgumentException(e.getKey() + " has " + e.getValue().length + " values, not "
                        + Arrays.toString(shape));
            }
            header.append(Json.quote(e.getKey())).append(":{\"dtype\":\"F32\",\"shape\":[");
            for (int i = 0; i < shape.length; i++) {
                header.append(i > 0 ? "," : "").append(shape[i]);
            }
            header.append("],\"data_offsets\":[").append(offset).append(',').append(offset + 4L * count).append("]},");
            data.asFloatBuffer().put((int) (offset / 4), e.getValue());
            offset += 4L * count;
        }
        crc.update(data.array());
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put(MODEL_KEY, model);
        meta.put(FORMAT_KEY, FORMAT_VERSION);
        meta.putIfAbsent("aestack.version", version());
        meta.putIfAbsent("aestack.jdk", Runtime.version().toString());
        meta.putIfAbsent("aestack.saved", java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        meta.put(CRC_KEY, Long.toHexString(crc.getValue()));
        header.append("\"__metadata__\":{");
        boolean first = true;
        for (var e : meta.entrySet()) {
            header.append(first ? "" : ",").append(Json.quote(e.getKey())).append(':').append(Json.quote(e.getValue()));
            first = false;
        }
        header.append("}}");
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8; // the format pads the header with spaces to 8 bytes
        ByteBuffer prefix = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        prefix.putLong(padded).put(json);
        while (prefix.hasRemaining()) {
            prefix.put((byte) ' ');
        }
        prefix.flip();

        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                while (prefix.hasRemaining()) {
                    ch.write(prefix);
                }
                data.rewind();
                while (data.hasRemaining()) {
                    ch.write(data);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Reads and checks a model file: its framing, header, byte ranges and checksum. */
    public static ModelFile read(Path file) throws IOException {
        long size = Files.size(file);
        if (size < 8) {
            throw new ModelFormatException(file + " is not a model file: it holds only " + size + " bytes");
        }
        byte[] all = Files.readAllBytes(file);
        ByteBuffer buf = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = buf.getLong();
        if (headerLength < 2 || headerLength > MAX_HEADER || headerLength > size - 8) {
            throw new ModelFormatException(file + " is not a safetensors model file (or is truncated): its header"
                    + " claims " + headerLength + " bytes of a " + size + "-byte file");
        }
        String json = new String(all, 8, (int) headerLength, StandardCharsets.UTF_8);
        Object parsed;
        try {
            parsed = Json.parse(json);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file + " has a malformed header: " + e.getMessage());
        }
        if (!(parsed instanceof Map)) {
            throw new ModelFormatException(file + " has a malformed header: not a JSON object");
        }
        Map<?, ?> header = (Map<?, ?>) parsed;
        int dataStart = 8 + (int) headerLength;
        long dataLength = size - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, int[]> shapes = new LinkedHashMap<>();
        Map<String, float[]> tensors = new LinkedHashMap<>();
        long covered = 0;
        for (var e : header.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals("__metadata__")) {
                if (!(e.getValue() instanceof Map)) {
                    throw new ModelFormatException(file + ": __metadata__ is not an object");
                }
                for (var m : ((Map<?, ?>) e.getValue()).entrySet()) {
                    metadata.put((String) m.getKey(), String.valueOf(m.getValue()));
                }
                continue;
            }
            if (!(e.getValue() instanceof Map)) {
                throw new ModelFormatException(file + ": tensor " + name + " is not described by an object");
            }
            Map<?, ?> t = (Map<?, ?>) e.getValue();
            if (!"F32".equals(t.get("dtype"))) {
                throw new ModelFormatException(file + ": tensor " + name + " has dtype " + t.get("dtype")
                        + "; aestack models are F32");
            }
            int[] shape = longs(file, name, "shape", t.get("shape"));
            int[] range = longs(file, name, "data_offsets", t.get("data_offsets"));
            long count = 1;
            for (int d : shape) {
                count *= d;
            }
            if (range.length != 2 || range[0] < 0 || range[1] < range[0] || range[1] > dataLength
                    || range[1] - range[0] != 4 * count) {
                throw new ModelFormatException(file + ": tensor " + name + " claims bytes " + Arrays.toString(range)
                        + " for shape " + Arrays.toString(shape) + " in " + dataLength + " bytes of data (truncated?)");
            }
            float[] values = new float[(int) count];
            ByteBuffer.wrap(all, dataStart + range[0], range[1] - range[0]).order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer().get(values);
            shapes.put(name, shape);
            tensors.put(name, values);
            covered += range[1] - range[0];
        }
        if (covered != dataLength) {
            throw new ModelFormatException(file + ": its tensors cover " + covered + " of its " + dataLength
                    + " data bytes (truncated or padded)");
        }
        String crc = metadata.get(CRC_KEY);
        if (crc != null) {
            CRC32 actual = new CRC32();
            actual.update(all, dataStart, (int) dataLength);
            if (!crc.equals(Long.toHexString(actual.getValue()))) {
                throw new ModelFormatException(file + " is damaged: its data's checksum is "
                        + Long.toHexString(actual.getValue()) + ", but the header recorded " + crc);
            }
        }
        return new ModelFile(file, metadata, shapes, tensors);
    }

    private static int[] longs(Path file, String tensor, String field, Object value) throws ModelFormatException {
        if (!(value instanceof List)) {
            throw new ModelFormatException(file + ": tensor " + tensor + " has no " + field);
        }
        List<?> list = (List<?>) value;
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long) || (Long) list.get(i) < 0 || (Long) list.get(i) > Integer.MAX_VALUE) {
                throw new ModelFormatException(file + ": tensor " + tensor + " has a bad " + field);
            }
            out[i] = (int) (long) (Long) list.get(i);
        }
        return out;
    }

    /** The metadata, the aestack keys included. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The declaration the file was saved from, e.g. {@code org.aestack.examples.FashionAe}. */
    public String model() {
        return metadata.get(MODEL_KEY);
    }

    /** @throws ModelFormatException unless the file holds a model of {@code declaration} */
    public void expectModel(String declaration) throws ModelFormatException {
        String model = model();
        if (model == null) {
            throw new ModelFormatException(path + " is a safetensors file but not an aestack model (no " + MODEL_KEY + ")");
        }
        if (!model.equals(declaration)) {
            throw new ModelFormatException(path + " holds a " + model + ", not a " + declaration);
        }
    }

    /**
     * @param hash the declaration's hash now
     * @param earlier the hashes earlier versions of aestack recorded for the same declaration, also accepted
     * @throws ModelFormatException if the file records a different hash of the declaration: the
     *     declaration changed since (an activation, the loss…), even if the shapes still fit
     */
    public void expectDeclarationHash(String hash, String... earlier) throws ModelFormatException {
        String saved = metadata.get(HASH_KEY);
        if (saved == null || saved.equals(hash) || java.util.Arrays.asList(earlier).contains(saved)) {
            return;
        }
        throw new ModelFormatException(path + " was saved from another version of " + model() + " (declaration hash "
                + saved + ", now " + hash + "): its layers, shapes, activations or loss differ"
                + (earlier.length > 0 ? ", or, saved by an aestack before the stable hash, its training settings do" : "")
                + "; retrain it, or load it with the declaration it was saved from");
    }

    /** The aestack version, from the runtime jar's manifest, or "development" when run from classes. */
    public static String version() {
        String v = ModelFile.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }

    /** Copies tensor {@code name}, which must have {@code shape}, into {@code into}. */
    public void copy(String name, int[] shape, float[] into) throws ModelFormatException {
        float[] values = tensors.get(name);
        if (values == null) {
            throw new ModelFormatException(path + " has no tensor " + name);
        }
        if (!Arrays.equals(shape, shapes.get(name))) {
            throw new ModelFormatException(path + ": tensor " + name + " has shape " + Arrays.toString(shapes.get(name))
                    + ", but this model's is " + Arrays.toString(shape));
        }
        System.arraycopy(values, 0, into, 0, values.length);
    }

    /** @throws ModelFormatException unless the file holds exactly these tensors */
    public void expectTensors(java.util.Collection<String> names) throws ModelFormatException {
        var missing = new java.util.TreeSet<>(names);
        missing.removeAll(tensors.keySet());
        var extra = new java.util.TreeSet<>(tensors.keySet());
        extra.removeAll(names);
        if (!missing.isEmpty() || !extra.isEmpty()) {
            throw new ModelFormatException(path + " does not fit this model:"
                    + (missing.isEmpty() ? "" : " it lacks " + missing)
                    + (extra.isEmpty() ? "" : " it has tensors the model does not " + extra));
        }
    }

    /** The shape of tensor {@code name}, or null if there is none. */
    public int[] shape(String name) {
        int[] shape = shapes.get(name);
        return shape == null ? null : shape.clone();
    }

    /** The tensor names in file order. */
    public List<String> names() {
        return List.copyOf(tensors.keySet());
    }
}
