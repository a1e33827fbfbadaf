package org.aestack.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.data.FashionMnist;
import org.aestack.runtime.kernel.Kernels;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/**
 * Training on executors that are JVMs of their own ({@code local-cluster[2,1,1024]}: a standalone
 * master and two workers, each starting an executor process): what travels between JVMs (the
 * factories, the broadcast checkpoint, the partitions' checkpoints) arrives whole, the executors
 * run the Vector API kernels, and the model is the one two partitions give in one JVM; executors on
 * the scalar kernels are said on the driver and in the model's provenance.
 */
class LocalClusterTest {
    @Test
    void twoExecutorJvmsTrainTheModelOneJvmDoes() throws Exception {
        DataSet subset = FashionMnist.locate(null).train().head(2_000);
        JavaSparkContext cluster = cluster(new SparkConf().setAppName("aestack-local-cluster"));
        SparkAeModel apart;
        List<String> executors;
        try {
            executors = cluster.parallelize(List.of(0, 1), 2)
                    .map(i -> ManagementFactory.getRuntimeMXBean().getPid() + " " + Kernels.ops().name()).collect();
            apart = training().fit(SparkRows.of(cluster, subset, 2));
        } finally {
            cluster.stop();
        }
        long self = ManagementFactory.getRuntimeMXBean().getPid();
        for (String e : executors) {
            assertNotEquals(Long.toString(self), e.split(" ")[0], "an executor is a JVM of its own: " + executors);
            assertEquals(Kernels.ops().name(), e.split(" ")[1], "the executors run the Vector API kernels: " + executors);
        }
        assertEquals(Kernels.ops().name(), apart.provenance().get("train.spark.kernels"));

        JavaSparkContext local = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("aestack-local")
                .set("spark.ui.enabled", "false"));
        SparkAeModel together;
        try {
            together = training().fit(SparkRows.of(local, subset, 2));
        } finally {
            local.stop();
        }
        for (var e : together.parameters().entrySet()) {
            assertArrayEquals(e.getValue(), apart.parameters().get(e.getKey()), e.getKey());
        }
        assertTrue(apart.provenance().get("train.spark.master").startsWith("local-cluster"));
    }

    @Test
    void executorsOnTheScalarKernelsAreSaidOnTheDriver() throws Exception {
        DataSet subset = FashionMnist.locate(null).train().head(200);
        // Spark 4 gives every executor the Vector API module; the runtime's switch stands in for one without it
        JavaSparkContext cluster = cluster(new SparkConf().setAppName("aestack-scalar-executors")
                .set("spark.executor.extraJavaOptions", "-Daestack.kernels=scalar"));
        java.io.ByteArrayOutputStream said = new java.io.ByteArrayOutputStream();
        java.io.PrintStream err = System.err;
        SparkAeModel model;
        try {
            System.setErr(new java.io.PrintStream(said, true, java.nio.charset.StandardCharsets.UTF_8));
            model = SparkTraining.of(() -> SparkAeModel.initialize(7),
                    (m, file) -> SparkAeTrainer.builder(m).seed(7).checkpoint(file, 1).build()).fit(SparkRows.of(cluster, subset, 2));
        } finally {
            System.setErr(err);
            cluster.stop();
        }
        assertEquals("scalar", model.provenance().get("train.spark.kernels"));
        String text = said.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.contains("aestack-spark: some executors run the scalar kernels (scalar), slower: give them"
                + " spark.executor.extraJavaOptions=--add-modules=jdk.incubator.vector"), text);
    }

    /** A local cluster of two one-core workers, their executors given the tests' class path. */
    private static JavaSparkContext cluster(SparkConf conf) throws java.io.IOException {
        Files.createDirectories(Path.of(System.getProperty("spark.test.home")));
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return new JavaSparkContext(conf.setMaster("local-cluster[2,1,1024]").set("spark.ui.enabled", "false")
                .set("spark.executor.extraClassPath", classPath).set("spark.executor.memory", "512m"));
    }

    private static SparkTraining<SparkAeModel> training() {
        return SparkTraining.of(() -> SparkAeModel.initialize(7),
                (model, file) -> SparkAeTrainer.builder(model).seed(7).checkpoint(file, 1).build()).stepsPerRound(15);
    }
}
