package org.aestack.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.aestack.runtime.data.DataFormatException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.UserDefinedType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows from Parquet, CSV and IDX files on a local Spark, each value checked exactly, and the
 * message of every error: a missing column, a wrong type, a row of the wrong width, a null.
 */
class SparkRowsTest {
    private static SparkSession spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("aestack-spark-rows-test")
                .config("spark.ui.enabled", "false").getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static Dataset<Row> frame(StructType schema, Row... rows) {
        return spark.createDataFrame(List.of(rows), schema);
    }

    private static StructType arrays(DataType element) {
        return new StructType().add("label", DataTypes.IntegerType)
                .add("features", DataTypes.createArrayType(element));
    }

    /** A frame with a label and three numeric columns of different types, the last a decimal. */
    private static Dataset<Row> numeric() {
        StructType schema = new StructType().add("a", DataTypes.ByteType).add("label", DataTypes.StringType)
                .add("b", DataTypes.LongType).add("c", DataTypes.createDecimalType(10, 2));
        return frame(schema, RowFactory.create((byte) 1, "x", 2L, new BigDecimal("0.25")),
                RowFactory.create((byte) -3, "y", 40L, new BigDecimal("1.50")));
    }

    private static void assertRows(List<float[]> rows, float[]... expected) {
        assertEquals(expected.length, rows.size());
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], rows.get(i), "row " + i);
        }
    }

    /** The exception a failed task threw, found in the cause chain of the job's failure. */
    private static IllegalArgumentException taskFailure(JavaRDD<float[]> rows) {
        Exception e = assertThrows(Exception.class, rows::collect);
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException found) {
                return found;
            }
        }
        throw new AssertionError("no IllegalArgumentException in the cause chain of " + e, e);
    }

    @Test
    void parquetArrayColumnsOfFloatsAndDoubles() {
        Dataset<Row> floats = frame(arrays(DataTypes.FloatType), RowFactory.create(0, List.of(0.5f, 0.1f, 1f)),
                RowFactory.create(1, List.of(0f, 0.25f, 0.75f)));
        Dataset<Row> doubles = frame(arrays(DataTypes.DoubleType), RowFactory.create(2, List.of(0.1, 0.2, 0.3)));
        floats.coalesce(1).write().parquet(dir.resolve("floats").toString());
        doubles.coalesce(1).write().parquet(dir.resolve("doubles").toString());

        assertRows(SparkRows.of(spark.read().parquet(dir.resolve("floats").toString()), "features", 3).collect(),
                new float[] {0.5f, 0.1f, 1f}, new float[] {0f, 0.25f, 0.75f});
        assertRows(SparkRows.of(spark.read().parquet(dir.resolve("doubles").toString()), "features", 3).collect(),
                new float[] {0.1f, 0.2f, 0.3f});
    }

    @Test
    void parquetNumericColumnsInTheirOrder() {
        numeric().coalesce(1).write().parquet(dir.resolve("numeric").toString());
        assertRows(SparkRows.of(spark.read().parquet(dir.resolve("numeric").toString()), 3, "label").collect(),
                new float[] {1, 2, 0.25f}, new float[] {-3, 40, 1.5f});
    }

    @Test
    void csvWithAHeaderGivesNumericColumns() {
        numeric().coalesce(1).write().option("header", "true").csv(dir.resolve("csv").toString());
        Dataset<Row> read = SparkRows.csv(spark, dir.resolve("csv").toString());
        assertEquals(List.of("a", "label", "b", "c"), Arrays.asList(read.columns()));
        assertRows(SparkRows.of(read, 3, "label").collect(), new float[] {1, 2, 0.25f}, new float[] {-3, 40, 1.5f});
    }

    @Test
    void idxImagesRawAndGzippedAreScaledToZeroOne() throws IOException {
        byte[] pixels = {0, (byte) 255, 51, 102, (byte) 153, (byte) 204, 1, 2, 3, 4, 5, (byte) 128};
        Path raw = dir.resolve("images-idx3-ubyte");
        Path gz = dir.resolve("images-idx3-ubyte.gz");
        writeIdx(Files.newOutputStream(raw), 0x00000803, new int[] {2, 2, 3}, pixels);
        writeIdx(new GZIPOutputStream(Files.newOutputStream(gz)), 0x00000803, new int[] {2, 2, 3}, pixels);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        float[][] expected = new float[2][6];
        for (int i = 0; i < pixels.length; i++) {
            expected[i / 6][i % 6] = (pixels[i] & 0xff) / 255f;
        }
        assertEquals(1f, expected[0][1]);
        assertEquals(0.2f, expected[0][2]);
        for (Path file : List.of(raw, gz)) {
            JavaRDD<float[]> rows = SparkRows.idx(sc, file, 6, 2);
            assertEquals(2, rows.getNumPartitions());
            assertRows(rows.collect(), expected);
        }
    }

    @Test
    void idxErrors() throws IOException {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Path labels = dir.resolve("labels-idx1-ubyte");
        writeIdx(Files.newOutputStream(labels), 0x00000801, new int[] {3}, new byte[] {1, 2, 3});
        assertMessage("holds [3], a list of single values (labels?), not images",
                assertThrows(DataFormatException.class, () -> SparkRows.idx(sc, labels, 1, 1)));
        Path images = dir.resolve("images-idx3-ubyte");
        writeIdx(Files.newOutputStream(images), 0x00000803, new int[] {1, 2, 2}, new byte[4]);
        assertMessage("holds images of 4 pixels [2, 2], expected 784, the model's input width",
                assertThrows(DataFormatException.class, () -> SparkRows.idx(sc, images, 784, 1)));
    }

    @Test
    void aMissingColumnListsTheColumns() {
        Dataset<Row> frame = frame(arrays(DataTypes.FloatType));
        assertMessage("no column 'pixels'; the columns are [label, features]",
                assertThrows(IllegalArgumentException.class, () -> SparkRows.of(frame, "pixels", 3)));
        assertMessage("no column 'lable'; the columns are [label, features]",
                assertThrows(IllegalArgumentException.class, () -> SparkRows.of(frame, 3, "lable")));
    }

    @Test
    void aColumnOfAnotherTypeNamesItsType() {
        Dataset<Row> strings = frame(new StructType().add("features", DataTypes.StringType));
        assertMessage("column 'features' is string; expected array<float> or array<double> holding each row's 3 values",
                assertThrows(IllegalArgumentException.class, () -> SparkRows.of(strings, "features", 3)));
        Dataset<Row> ints = frame(arrays(DataTypes.IntegerType));
        assertMessage("column 'features' is array<int>; expected array<float> or array<double>",
                assertThrows(IllegalArgumentException.class, () -> SparkRows.of(ints, "features", 3)));
    }

    @Test
    void aVectorColumnSaysHowToMakeItAnArray() {
        Dataset<Row> vectors = frame(new StructType().add("features", new VectorUDT()));
        assertMessage("column 'features' holds Spark ML vectors; turn it into an array first: frame.withColumn("
                + "\"features\", org.apache.spark.ml.functions.vector_to_array(col(\"features\"), \"float32\"))",
                assertThrows(IllegalArgumentException.class, () -> SparkRows.of(vectors, "features", 3)));
    }

    @Test
    void aRowOfAnotherWidthFailsItsTask() {
        Dataset<Row> frame = frame(arrays(DataTypes.FloatType), RowFactory.create(0, List.of(1f, 2f, 3f)),
                RowFactory.create(1, List.of(1f, 2f)));
        assertMessage("column 'features' holds a row of 2 values, expected 3, the model's input width",
                taskFailure(SparkRows.of(frame, "features", 3)));
    }

    @Test
    void nullsFailTheirTask() {
        Dataset<Row> nullRow = frame(arrays(DataTypes.DoubleType), RowFactory.create(0, null));
        assertMessage("column 'features' is null in a row; expected 3 values",
                taskFailure(SparkRows.of(nullRow, "features", 3)));
        Dataset<Row> nullValue = frame(arrays(DataTypes.DoubleType), RowFactory.create(0, Arrays.asList(1.0, null, 3.0)));
        assertMessage("column 'features' holds a row whose value 1 is null; expected 3 numbers",
                taskFailure(SparkRows.of(nullValue, "features", 3)));
        Dataset<Row> nullCell = frame(new StructType().add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType),
                RowFactory.create(0.5, null));
        assertMessage("column 'b' is null in the row [0.5,null] (a value missing, or not a number)", taskFailure(SparkRows.of(nullCell, 2)));
    }

    @Test
    void numericColumnsMustBeNumericAndAsManyAsTheWidth() {
        assertMessage("every column not skipped must be numeric (byte, short, int, long, float, double or decimal),"
                + " but 'label' is string; skip the columns that are not values (skipped: [])",
                assertThrows(IllegalArgumentException.class, () -> SparkRows.of(numeric(), 3)));
        assertMessage("the frame has 3 numeric columns (skipped: [label]), expected 784, the model's input width",
                assertThrows(IllegalArgumentException.class, () -> SparkRows.of(numeric(), 784, "label")));
    }

    private static void assertMessage(String expected, Throwable e) {
        assertTrue(e.getMessage().contains(expected), "message \"" + e.getMessage() + "\" lacks \"" + expected + "\"");
    }

    private static void writeIdx(OutputStream out, int magic, int[] dims, byte[] data) throws IOException {
        try (DataOutputStream idx = new DataOutputStream(out)) {
            idx.writeInt(magic);
            for (int d : dims) {
                idx.writeInt(d);
            }
            idx.write(data);
        }
    }

    /**
     * A stand-in for Spark ML's {@code VectorUDT} (in {@code spark-mllib}, not a dependency):
     * {@link SparkRows} knows vector columns by their type's class name.
     */
    static final class VectorUDT extends UserDefinedType<double[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public DataType sqlType() {
            return DataTypes.createArrayType(DataTypes.DoubleType, false);
        }

        @Override
        public Object serialize(double[] vector) {
            return ArrayData.toArrayData(vector);
        }

        @Override
        public double[] deserialize(Object datum) {
            return ((ArrayData) datum).toDoubleArray();
        }

        @Override
        public Class<double[]> userClass() {
            return double[].class;
        }
    }
}
