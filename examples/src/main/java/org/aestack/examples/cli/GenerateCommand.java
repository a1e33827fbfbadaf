package org.aestack.examples.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Generates one modality of the trained multimodal machine from the other. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Generates a missing modality with the trained multimodal machine (./aestack train multimodal):",
                "--from audio: handwritten images from spoken digits (the held-out speaker's, or WAV files: 16-bit mono PCM at",
                "8 kHz), drawn as a picture; --from image: sound features from the held-out images, scored by a classifier."})
final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXAMPLE", description = "The multimodal example: multimodal.")
    String example;

    @Parameters(index = "1..*", paramLabel = "WAV", description = "Recordings to draw images for (with --from audio).")
    List<Path> wavs = new ArrayList<>();

    @Option(names = "--from", paramLabel = "audio|image", required = true, description = "The modality present.")
    String from;

    @Option(names = "--sweeps", paramLabel = "N", defaultValue = "0",
            description = "Gibbs sweeps with the present modality clamped; 0 (the default) for the mean-field means.")
    int sweeps;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the Gibbs chains (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    DataOptions data;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "aestack-out",
            description = "Where the trained model is and the picture goes (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (!MultimodalExample.handles(example)) {
            throw new IllegalArgumentException("generate works with the multimodal example, not " + example);
        }
        if (sweeps < 0) {
            throw new IllegalArgumentException("--sweeps must be 0 or more, not " + sweeps);
        }
        return MultimodalExample.generate(data, out, from, wavs, sweeps, seed, spec.commandLine().getOut());
    }
}
