package org.aestack.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.CRC32;
import org.aestack.runtime.io.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * aestack's model files are safetensors that a reader other than aestack's understands: each test
 * saves a model and hands the file to {@code scripts/read_safetensors.py}, a strict reader written
 * from the format's specification in Python's standard library, then holds what it printed
 * against the model. Nothing here reads the file with aestack's own code ({@code ModelFile} is used
 * only for its public format version).
 *
 * <p>Python is not optional: without {@code /usr/bin/python3} these tests fail rather than skip,
 * so a machine that cannot run the check does not pass for one that ran it.
 */
class IndependentReaderTest {
    /** Debian's interpreter: the script needs only the standard library. */
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    /** The script, relative to the repository root. */
    private static final Path SCRIPT = Path.of("scripts", "read_safetensors.py");

    @TempDir
    Path dir;

    @Test
    void anAutoencoderFileReadsBackValueForValue() throws Exception {
        FashionAeModel model = FashionAeModel.initialize(3);
        Path file = dir.resolve("fashion-ae.safetensors");
        model.save(file);

        Map<String, String> metadata = assertReadsBack(file, model.parameters(), FashionAeModel.shapes());
        assertEquals("org.aestack.examples.FashionAe", metadata.get("aestack.model"));
        assertEquals(ModelFile.FORMAT_VERSION, metadata.get("aestack.format"));
        assertEquals("1", metadata.get("aestack.format"));
        assertEquals(FashionAeModel.DECLARATION_HASH, metadata.get("aestack.declaration.hash"));
        assertEquals("784-1000-500-250-30", metadata.get("aestack.layers"));
        assertEquals("CROSS_ENTROPY", metadata.get("aestack.loss"));
        assertEquals("false", metadata.get("aestack.tied"));
    }

    @Test
    void aDeepBoltzmannMachineFileReadsBackValueForValue() throws Exception {
        FashionDbmModel model = FashionDbmModel.initialize(1);
        Path file = dir.resolve("fashion-dbm.safetensors");
        model.save(file);

        Map<String, String> metadata = assertReadsBack(file, model.parameters(), FashionDbmModel.shapes());
        assertEquals("org.aestack.examples.FashionDbm", metadata.get("aestack.model"));
        assertEquals("1", metadata.get("aestack.format"));
        assertEquals(FashionDbmModel.DECLARATION_HASH, metadata.get("aestack.declaration.hash"));
        assertEquals("784-500-1000", metadata.get("aestack.layers"));
        assertEquals("deep Boltzmann machine", metadata.get("aestack.kind"));
    }

    @Test
    void aTruncatedFileIsRejected() throws Exception {
        Path file = tinyModelFile();
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 1));

        assertRejected(file, "the file is truncated");
    }

    @Test
    void aHeaderLengthBeyondTheFileIsRejected() throws Exception {
        Path file = tinyModelFile();
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, bytes.length);
        Files.write(file, bytes);

        assertRejected(file, "the header length is " + bytes.length + " bytes, but only " + (bytes.length - 8)
                + " bytes follow the length");
    }

    @Test
    void aTensorWhoseBytesDoNotFitItsDtypeIsRejected() throws Exception {
        Path file = tinyModelFile();
        // Relabel the first tensor F64 in place (same length, so the framing stays intact): its
        // byte range now holds half the values its shape asks for.
        byte[] bytes = Files.readAllBytes(file);
        String latin1 = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = latin1.indexOf("\"dtype\":\"F32\"");
        assertTrue(at > 0, "the header names a dtype");
        byte[] f64 = "\"dtype\":\"F64\"".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(f64, 0, bytes, at, f64.length);
        Files.write(file, bytes);

        assertRejected(file, "of F64 takes");
    }

    /**
     * Has the script read {@code file} with {@code --dump} and checks that it holds exactly these
     * tensors as F32 with these shapes and bit-identical values, and that the data's CRC-32 is the
     * one recorded in the metadata.
     *
     * @return the file's metadata, as the script read it
     */
    private Map<String, String> assertReadsBack(Path file, Map<String, float[]> parameters, Map<String, int[]> shapes)
            throws Exception {
        RepositoryScript.Run run = read(file, "--dump");
        assertEquals(0, run.exit(), () -> "the reader rejected a file aestack wrote: " + run.err());
        Map<?, ?> report = assertInstanceOf(Map.class, MiniJson.parse(run.out()));
        Map<?, ?> tensors = assertInstanceOf(Map.class, report.get("tensors"));
        assertEquals(new TreeSet<>(parameters.keySet()), new TreeSet<>(tensors.keySet()),
                "the file holds every parameter and nothing else");

        long values = 0;
        for (Map.Entry<String, float[]> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            float[] expected = parameter.getValue();
            Map<?, ?> tensor = assertInstanceOf(Map.class, tensors.get(name));
            assertEquals("F32", tensor.get("dtype"), name);
            int[] shape = ((List<?>) tensor.get("shape")).stream().mapToInt(d -> Math.toIntExact((Long) d)).toArray();
            assertArrayEquals(shapes.get(name), shape, name + "'s shape");

            List<?> dumped = assertInstanceOf(List.class, tensor.get("values"));
            assertEquals(expected.length, dumped.size(), name + "'s value count");
            for (int i = 0; i < expected.length; i++) {
                assertSameFloat(expected[i], dumped.get(i), name, i);
            }
            List<?> first = assertInstanceOf(List.class, tensor.get("first"));
            assertEquals(Math.min(5, expected.length), first.size(), name + "'s first values");
            for (int i = 0; i < first.size(); i++) {
                assertSameFloat(expected[i], first.get(i), name + " (first)", i);
            }
            // The script's sum is correctly rounded (math.fsum); a plain double sum of n values is
            // within n * 2^-53 * sum(|v|) of the exact one, so the two may differ by that much.
            double sum = 0;
            double magnitude = 0;
            for (float v : expected) {
                sum += v;
                magnitude += Math.abs(v);
            }
            assertEquals(sum, number(tensor.get("sum")), expected.length * 0x1p-53 * magnitude, name + "'s sum");
            values += expected.length;
        }

        Map<?, ?> rawMetadata = assertInstanceOf(Map.class, report.get("metadata"));
        Map<String, String> metadata = new LinkedHashMap<>();
        rawMetadata.forEach((k, v) -> metadata.put((String) k, assertInstanceOf(String.class, v, "metadata " + k)));
        // The reader has shown that the tensors tile the data to the end of the file, so the data
        // is the file's last 4 bytes per value: its CRC-32 must be the one aestack recorded.
        byte[] bytes = Files.readAllBytes(file);
        CRC32 crc = new CRC32();
        crc.update(bytes, (int) (bytes.length - 4 * values), (int) (4 * values));
        assertEquals(Long.toHexString(crc.getValue()), metadata.get("aestack.crc32"), "the data's CRC-32");
        return metadata;
    }

    /** Asserts that the script printed {@code expected} exactly: a double that is that very float. */
    private static void assertSameFloat(float expected, Object printed, String tensor, int index) {
        double value = number(printed);
        float narrowed = (float) value;
        if ((double) narrowed != value && !Double.isNaN(value)) {
            fail(tensor + "[" + index + "] is " + printed + ", which is no F32 value");
        }
        if (Float.floatToIntBits(narrowed) != Float.floatToIntBits(expected)) {
            fail(tensor + "[" + index + "] reads as " + printed + ", but the model holds " + expected);
        }
    }

    /** A number the script printed: JSON numbers, or the strings it uses for non-finite values. */
    private static double number(Object printed) {
        if (printed instanceof Number n) {
            return n.doubleValue();
        }
        if (printed instanceof String s) {
            switch (s) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        throw new AssertionError("not a number: " + printed);
    }

    /** A small DBM's file, which the script accepts as written (so a corruption is what it rejects). */
    private Path tinyModelFile() throws IOException, InterruptedException {
        Path file = dir.resolve("tiny-dbm.safetensors");
        TinyDbmModel.initialize(5).save(file);
        RepositoryScript.Run run = read(file);
        assertEquals(0, run.exit(), () -> "the reader rejected the file before it was damaged: " + run.err());
        return file;
    }

    /** Asserts that the script exits 1 on {@code file}, saying {@code problem} about that file. */
    private void assertRejected(Path file, String problem) throws IOException, InterruptedException {
        RepositoryScript.Run run = read(file);
        assertEquals(1, run.exit(), () -> "exit status; stderr: " + run.err() + "; stdout: " + run.out());
        assertEquals("", run.out(), "nothing on stdout for a bad file");
        assertTrue(run.err().startsWith("read_safetensors: " + file + ": "), run.err());
        assertTrue(run.err().contains(problem), () -> "expected \"" + problem + "\" in: " + run.err());
    }

    /** Runs the script on {@code file}. */
    private RepositoryScript.Run read(Path file, String... options) throws IOException, InterruptedException {
        if (!Files.isExecutable(PYTHON)) {
            fail(PYTHON + " is missing: the independent safetensors check needs Python 3 (standard library only)."
                    + " Install python3 (apt-get install python3); these tests fail rather than skip without it.");
        }
        List<String> command = new ArrayList<>(
                List.of(PYTHON.toString(), RepositoryScript.find(SCRIPT).toString(), file.toString()));
        command.addAll(List.of(options));
        return RepositoryScript.run(command, dir, 5);
    }

    /**
     * Just enough JSON for the script's output, which Python's json module writes: objects (kept in
     * order), arrays, strings, numbers (integers as Long, the rest as Double), true, false and null.
     * Written here rather than borrowed from aestack, whose parser this test is not about.
     */
    static final class MiniJson {
        private final String text;
        private int at;

        private MiniJson(String text) {
            this.text = text;
        }

        static Object parse(String text) {
            MiniJson parser = new MiniJson(text);
            Object value = parser.value();
            parser.skipSpace();
            if (parser.at != text.length()) {
                throw parser.error("text after the value");
            }
            return value;
        }

        private Object value() {
            skipSpace();
            if (at >= text.length()) {
                throw error("end of text where a value belongs");
            }
            char c = text.charAt(at);
            return switch (c) {
                case '{' -> object();
                case '[' -> array();
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> number();
            };
        }

        private Map<String, Object> object() {
            Map<String, Object> object = new LinkedHashMap<>();
            at++; // {
            skipSpace();
            if (peek() == '}') {
                at++;
                return object;
            }
            while (true) {
                skipSpace();
                if (peek() != '"') {
                    throw error("a key must be a string");
                }
                String key = string();
                skipSpace();
                expect(':');
                if (object.put(key, value()) != null) {
                    throw error("duplicate key " + key);
                }
                skipSpace();
                if (peek() == ',') {
                    at++;
                } else {
                    expect('}');
                    return object;
                }
            }
        }

        private List<Object> array() {
            List<Object> array = new ArrayList<>();
            at++; // [
            skipSpace();
            if (peek() == ']') {
                at++;
                return array;
            }
            while (true) {
                array.add(value());
                skipSpace();
                if (peek() == ',') {
                    at++;
                } else {
                    expect(']');
                    return array;
                }
            }
        }

        private String string() {
            at++; // "
            StringBuilder s = new StringBuilder();
            while (true) {
                if (at >= text.length()) {
                    throw error("unterminated string");
                }
                char c = text.charAt(at++);
                if (c == '"') {
                    return s.toString();
                }
                if (c != '\\') {
                    s.append(c);
                    continue;
                }
                char escaped = text.charAt(at++);
                switch (escaped) {
                    case '"', '\\', '/' -> s.append(escaped);
                    case 'b' -> s.append('\b');
                    case 'f' -> s.append('\f');
                    case 'n' -> s.append('\n');
                    case 'r' -> s.append('\r');
                    case 't' -> s.append('\t');
                    case 'u' -> {
                        s.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> throw error("bad escape \\" + escaped);
                }
            }
        }

        private Object number() {
            int start = at;
            boolean integral = true;
            while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
                integral &= Character.isDigit(text.charAt(at)) || (at == start && text.charAt(at) == '-');
                at++;
            }
            if (at == start) {
                throw error("unexpected character '" + text.charAt(at) + "'");
            }
            String token = text.substring(start, at);
            // Python prints every float with a '.' or an exponent, so this tells F32 values from counts.
            return integral ? (Object) Long.parseLong(token) : (Object) Double.parseDouble(token);
        }

        private Object literal(String word, Object value) {
            if (!text.startsWith(word, at)) {
                throw error("unexpected text");
            }
            at += word.length();
            return value;
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            at++;
        }

        private char peek() {
            return at < text.length() ? text.charAt(at) : '\0';
        }

        private void skipSpace() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("bad JSON at character " + at + ": " + what + " near \""
                    + text.substring(Math.max(0, at - 20), Math.min(text.length(), at + 20)) + "\"");
        }
    }
}
