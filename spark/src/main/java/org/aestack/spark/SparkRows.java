package org.aestack.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.aestack.runtime.data.DataFormatException;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.data.Idx;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.UserDefinedType;

/**
 * Turns data where users keep it (Parquet, CSV, any Spark data frame, IDX files) into the rows
 * {@link SparkTraining#fit(JavaRDD)} takes: a {@code JavaRDD<float[]>} whose every row has the
 * model's input width.
 *
 * <p>A frame holds a row's values either in one column, an {@code array<float>} or
 * {@code array<double>} ({@link #of(Dataset, String, int)}), or in one numeric column per value,
 * e.g. 784 pixel columns ({@link #of(Dataset, int, String...)}). Read it with Spark's readers:
 * <pre>{@code
 * JavaRDD<float[]> rows = SparkRows.of(spark.read().parquet("images.parquet"), "features", 784);
 * JavaRDD<float[]> rows = SparkRows.of(SparkRows.csv(spark, "images.csv"), 784, "label");
 * }</pre>
 * The column types are checked on the driver, when these methods are called; the width of each
 * row and missing values are checked as the rows are read, in the tasks, so such an error comes
 * with the first action (e.g. {@code fit}), as a {@code SparkException} whose cause is the
 * {@link IllegalArgumentException} described here.
 *
 * <p>Values are taken as they are: nothing is scaled. The model expects what it was declared for
 * (the Fashion-MNIST examples, pixels in [0, 1]), so scale a frame's pixels first if they are
 * stored as 0–255. Only {@link #idx} scales, as the runtime's {@code FashionMnist} does.
 *
 * <p>Spark ML vector columns ({@code VectorUDT}, e.g. from {@code VectorAssembler}) are not read
 * directly, which would need the large {@code spark-mllib} dependency; turn one into an array
 * column first with {@code org.apache.spark.ml.functions.vector_to_array}:
 * <pre>{@code
 * frame = frame.withColumn("features", vector_to_array(col("features"), "float32"));
 * }</pre>
 */
public final class SparkRows {
    private SparkRows() {}

    /**
     * The rows of one array column: each row's {@code array<float>} or {@code array<double>} as a
     * {@code float[]} of {@code width} values.
     *
     * @param frame the data
     * @param column the name of the column holding each row's values
     * @param width the model's input width: how many values every row must hold
     * @throws IllegalArgumentException now, if the column does not exist or is not an array of
     *     floats or doubles; in the tasks, if a row or one of its values is null or a row holds
     *     another number of values than {@code width}
     */
    public static JavaRDD<float[]> of(Dataset<Row> frame, String column, int width) {
        checkWidth(width);
        StructField field = field(frame, column);
        DataType type = field.dataType();
        if (isVector(type)) {
            throw new IllegalArgumentException("column '" + column + "' holds Spark ML vectors; turn it into an array"
                    + " first: frame.withColumn(\"" + column + "\", org.apache.spark.ml.functions.vector_to_array(col(\""
                    + column + "\"), \"float32\"))");
        }
        if (!(type instanceof ArrayType array) || !(array.elementType().equals(DataTypes.FloatType)
                || array.elementType().equals(DataTypes.DoubleType))) {
            throw new IllegalArgumentException("column '" + column + "' is " + type.simpleString()
                    + "; expected array<float> or array<double> holding each row's " + width + " values");
        }
        return frame.select(quoted(column)).javaRDD().map(row -> arrayRow(row, column, width));
    }

    /**
     * The rows of a frame that holds one numeric column per value (byte, short, int, long, float,
     * double or decimal), in the frame's column order: e.g. 784 pixel columns and a label column
     * to skip.
     *
     * @param frame the data
     * @param width the model's input width: how many columns, skipped ones aside, the frame must have
     * @param skip the columns that are not values, such as a label
     * @throws IllegalArgumentException now, if a column to skip does not exist, a column not
     *     skipped is not numeric, or there are not {@code width} of them; in the tasks, if a
     *     value is null
     */
    public static JavaRDD<float[]> of(Dataset<Row> frame, int width, String... skip) {
        checkWidth(width);
        List<String> skipped = Arrays.asList(skip);
        for (String name : skipped) {
            field(frame, name);
        }
        List<String> names = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (StructField field : frame.schema().fields()) {
            if (skipped.contains(field.name())) {
                continue;
            }
            if (field.dataType() instanceof NumericType) {
                names.add(field.name());
            } else {
                wrong.add("'" + field.name() + "' is " + field.dataType().simpleString());
            }
        }
        if (!wrong.isEmpty()) {
            throw new IllegalArgumentException("every column not skipped must be numeric (byte, short, int, long,"
                    + " float, double or decimal), but " + String.join(", ", wrong) + "; skip the columns that are"
                    + " not values (skipped: " + skipped + ")");
        }
        if (names.size() != width) {
            throw new IllegalArgumentException("the frame has " + names.size() + " numeric columns (skipped: "
                    + skipped + "), expected " + width + ", the model's input width");
        }
        String[] columns = names.toArray(new String[0]);
        Column[] selected = names.stream().map(SparkRows::quoted).toArray(Column[]::new);
        return frame.select(selected).javaRDD().map(row -> numericRow(row, columns));
    }

    /**
     * Reads CSV files with a header line naming the columns, guessing each column's type from
     * the data ({@code header=true}, {@code inferSchema=true}), so that numeric columns come out
     * numeric for {@link #of(Dataset, int, String...)}. Guessing the types reads the data once
     * more; for large files give the schema instead:
     * {@code spark.read().option("header", "true").schema(schema).csv(path)}.
     *
     * @param spark the session
     * @param path a CSV file, a directory of them, or a glob, as Spark's reader takes
     */
    public static Dataset<Row> csv(SparkSession spark, String path) {
        return spark.read().option("header", "true").option("inferSchema", "true").csv(path);
    }

    /**
     * The images of an IDX file (as Fashion-MNIST's, gzipped or not), read on the driver, each
     * image a row of its pixels in row-major order, scaled from 0–255 to [0, 1] as the runtime's
     * {@code FashionMnist} does.
     *
     * @param sc the Spark context
     * @param images an IDX file of unsigned bytes on the driver's file system, e.g.
     *     {@code train-images-idx3-ubyte.gz}: images × height × width
     * @param width the model's input width: how many pixels every image must have
     * @param partitions how many partitions to spread the rows over
     * @throws IOException if the file cannot be read, is not an IDX file of images, or its
     *     images do not have {@code width} pixels
     */
    public static JavaRDD<float[]> idx(JavaSparkContext sc, Path images, int width, int partitions) throws IOException {
        checkWidth(width);
        Idx.Array array = Idx.read(images);
        if (array.dims().length < 2) {
            throw new DataFormatException(images + " holds " + Arrays.toString(array.dims()) + ", a list of single"
                    + " values (labels?), not images");
        }
        if (array.itemSize() != width) {
            throw new DataFormatException(images + " holds images of " + array.itemSize() + " pixels "
                    + Arrays.toString(Arrays.copyOfRange(array.dims(), 1, array.dims().length)) + ", expected " + width
                    + ", the model's input width");
        }
        byte[] pixels = array.data();
        float[] values = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            values[i] = (pixels[i] & 0xff) / 255f;
        }
        return of(sc, DataSet.of(values, array.count(), width), partitions);
    }

    /**
     * The rows of a data set the driver holds, spread over {@code partitions}: for data that fits
     * the driver (an example's, a test's); larger data belongs in files Spark reads.
     */
    public static JavaRDD<float[]> of(JavaSparkContext sc, DataSet data, int partitions) {
        List<float[]> rows = new ArrayList<>(data.rows());
        for (int r = 0; r < data.rows(); r++) {
            rows.add(data.row(r));
        }
        return sc.parallelize(rows, partitions);
    }

    private static float[] arrayRow(Row row, String column, int width) {
        if (row.isNullAt(0)) {
            throw new IllegalArgumentException("column '" + column + "' is null in a row; expected " + width + " values");
        }
        List<Object> values = row.getList(0);
        if (values.size() != width) {
            throw new IllegalArgumentException("column '" + column + "' holds a row of " + values.size()
                    + " values, expected " + width + ", the model's input width");
        }
        float[] out = new float[width];
        for (int i = 0; i < width; i++) {
            Object value = values.get(i);
            if (value == null) {
                throw new IllegalArgumentException("column '" + column + "' holds a row whose value " + i
                        + " is null; expected " + width + " numbers");
            }
            out[i] = ((Number) value).floatValue();
        }
        return out;
    }

    private static float[] numericRow(Row row, String[] columns) {
        float[] out = new float[columns.length];
        for (int i = 0; i < columns.length; i++) {
            if (row.isNullAt(i)) {
                throw new IllegalArgumentException("column '" + columns[i] + "' is null in the row " + start(row)
                        + " (a value missing, or not a number)");
            }
            out[i] = ((Number) row.get(i)).floatValue();
        }
        return out;
    }

    /** A row as text, its first few values only: enough to find it, short enough for one line. */
    private static String start(Row row) {
        int shown = Math.min(row.length(), 6);
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < shown; i++) {
            out.append(i == 0 ? "" : ",").append(row.get(i));
        }
        return out.append(row.length() > shown ? ",…]" : "]").toString();
    }

    private static StructField field(Dataset<Row> frame, String column) {
        for (StructField field : frame.schema().fields()) {
            if (field.name().equals(column)) {
                return field;
            }
        }
        throw new IllegalArgumentException("no column '" + column + "'; the columns are "
                + Arrays.toString(frame.columns()));
    }

    /** Whether a type is a vector of Spark ML ({@code org.apache.spark.ml.linalg}) or the older {@code mllib}. */
    private static boolean isVector(DataType type) {
        return type instanceof UserDefinedType && type.getClass().getSimpleName().equals("VectorUDT");
    }

    /** The column of that name, even if the name holds dots or back quotes. */
    private static Column quoted(String name) {
        return functions.col("`" + name.replace("`", "``") + "`");
    }

    private static void checkWidth(int width) {
        if (width < 1) {
            throw new IllegalArgumentException("the width must be positive, not " + width);
        }
    }
}
