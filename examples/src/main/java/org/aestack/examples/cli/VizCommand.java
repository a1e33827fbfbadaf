package org.aestack.examples.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.aestack.runtime.AutoencoderModel;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.data.FashionMnist;
import org.aestack.runtime.io.ModelFile;
import org.aestack.runtime.metric.Pca;
import org.aestack.runtime.train.EpochRecord;
import org.aestack.runtime.viz.Charts;
import org.aestack.runtime.viz.ImageGrid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Pictures of a trained example: its latent space, its training, its filters, its reconstructions. */
@Command(name = "viz", mixinStandardHelpOptions = true,
        description = {"Draws a trained example: the test set's codes in 2-D coloured by class (PCA of the code when",
                "it is wider than 2), the training loss per epoch, the first layer's filters, and reconstructions.",
                "With --report DIR, also an HTML page with all of them and the model's metadata."})
final class VizCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXAMPLE", description = "Which trained example to draw.")
    String example;

    @Mixin
    DataOptions data;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "aestack-out",
            description = "Where the trained model is and the pictures go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--report", paramLabel = "DIR", description = "Also write DIR/index.html with everything on one page.")
    Path report;

    @Option(names = "--points", defaultValue = "3000", description = "Test images in the scatter plot (default: ${DEFAULT-VALUE}).")
    int points;

    @Override
    public Integer call() throws Exception {
        Example chosen = Example.named(example);
        Path file = chosen.file(out);
        AutoencoderModel model = chosen.loadTrained(out);
        DataSet test = data.source().test();
        Path dir = report != null ? report : out;
        PrintWriter w = spec.commandLine().getOut();
        List<String[]> pictures = new ArrayList<>();

        DataSet codes = model.activations(model.layers().size() - 1, test.head(Math.max(1, points)));
        String how = codes.cols() == 2 ? "the 2-unit code" : "the first two principal components of the " + codes.cols() + "-unit code";
        DataSet plane = codes.cols() == 2 ? codes : Pca.fit(codes, 2).project(codes);
        Path scatter = dir.resolve(chosen.id() + "-latent.png");
        Charts.scatter(plane, FashionMnist.CLASSES, chosen.id() + ": test images in " + how, scatter);
        pictures.add(new String[] {scatter.getFileName().toString(), "Latent space: " + how + ", by class"});

        List<EpochRecord> history = EpochRecord.decode(model.provenance().get("train.history"));
        if (!history.isEmpty()) {
            Path curves = dir.resolve(chosen.id() + "-loss.png");
            Charts.lossCurves(history, curves);
            pictures.add(new String[] {curves.getFileName().toString(), "Training loss per epoch"});
        }
        Path filters = dir.resolve(chosen.id() + "-filters.png");
        Images.filters(model).write(filters);
        pictures.add(new String[] {filters.getFileName().toString(), "The first layer's filters"});
        DataSet shown = test.head(16);
        Path reconstructions = dir.resolve(chosen.id() + "-reconstructions.png");
        ImageGrid.of(28, 28).row(shown).row(model.reconstruct(shown)).write(reconstructions);
        pictures.add(new String[] {reconstructions.getFileName().toString(), "Test images over their reconstructions"});

        for (String[] p : pictures) {
            w.println(dir.resolve(p[0]) + "  " + p[1]);
        }
        if (report != null) {
            Path page = report.resolve("index.html");
            writeReport(page, chosen, file, pictures);
            w.println(page + "  the report");
        }
        return 0;
    }

    private static void writeReport(Path page, Example example, Path modelFile, List<String[]> pictures) throws Exception {
        Map<String, String> metadata = new TreeMap<>(ModelFile.read(modelFile).metadata());
        metadata.remove("train.history");
        StringBuilder html = new StringBuilder();
        html.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>aestack: ")
                .append(escape(example.id())).append("</title>\n<style>body{font-family:sans-serif;max-width:900px;margin:2em auto}"
                        + "table{border-collapse:collapse}td{border-bottom:1px solid #ddd;padding:2px 8px;font-size:90%}"
                        + "img{max-width:100%;border:1px solid #ccc}</style></head><body>\n")
                .append("<h1>").append(escape(example.id())).append("</h1>\n<p>").append(escape(example.description()))
                .append("</p>\n");
        for (String[] p : pictures) {
            html.append("<h2>").append(escape(p[1])).append("</h2>\n<img src=\"").append(escape(p[0]))
                    .append("\" alt=\"").append(escape(p[1])).append("\">\n");
        }
        html.append("<h2>Model file</h2>\n<p>").append(escape(modelFile.toString())).append("</p>\n<table>\n");
        for (var e : metadata.entrySet()) {
            html.append("<tr><td>").append(escape(e.getKey())).append("</td><td>").append(escape(e.getValue()))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n</body></html>\n");
        Files.createDirectories(page.getParent());
        Files.writeString(page, html, StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
