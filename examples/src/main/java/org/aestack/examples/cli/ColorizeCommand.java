package org.aestack.examples.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.aestack.runtime.AutoencoderModel;
import org.aestack.runtime.data.Colour;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.io.JsonLine;
import org.aestack.runtime.viz.ImageGrid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Colorizes grey photos with the trained colorizer: the user's own image files, or test photos. */
@Command(name = "colorize", mixinStandardHelpOptions = true,
        description = {"Colorizes 32x32 images with the trained colorize example (./aestack train colorize first): each",
                "IMAGE (PNG, JPEG; a colour one is taken by its luminance) to OUT/<name>-colorized.png; without",
                "IMAGEs, the first test photos to a grid of grey / colorized / original rows."})
final class ColorizeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "IMAGE", arity = "0..*", description = "Grey (or colour) 32x32 images to colorize.")
    List<Path> images = List.of();

    @Mixin
    DataOptions data;

    @Option(names = "--model", defaultValue = "colorize", description = "colorize or densecolorize (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "aestack-out", description = "Where the model is and the pictures go.")
    Path out;

    @Option(names = "--json", description = "Print one JSON line instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (!Colorization.handles(model)) {
            throw new IllegalArgumentException("unknown colorizer '" + model + "'; choose colorize or densecolorize");
        }
        AutoencoderModel colorizer = Colorization.load(out, model);
        var w = spec.commandLine().getOut();
        JsonLine line = new JsonLine().put("command", "colorize").put("model", model.toLowerCase(Locale.ROOT));
        if (!images.isEmpty()) {
            List<Path> written = Colorization.colorizeFiles(colorizer, images, out);
            if (json) {
                w.println(line.put("images", images.size()).put("written", String.join(",", written.stream().map(Path::toString).toList())));
            } else {
                written.forEach(file -> w.println("wrote " + file));
            }
            return 0;
        }
        DataSet test = Colorization.load(data).test().head(16);
        DataSet luminance = Colour.luminance(test, Colorization.SIDE, Colorization.SIDE);
        Path picture = out.resolve(model.toLowerCase(Locale.ROOT) + "-test-photos.png");
        ImageGrid.of(Colorization.SIDE, Colorization.SIDE, 3).row(Colour.grey(luminance))
                .row(Colorization.colorize(colorizer, luminance)).row(test).write(picture);
        if (json) {
            w.println(line.put("images", test.rows()).put("picture", picture.toString()));
        } else {
            w.println("picture: " + picture + " (rows: grey, colorized, original)");
        }
        return 0;
    }
}
