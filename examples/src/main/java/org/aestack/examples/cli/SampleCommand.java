package org.aestack.examples.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.aestack.runtime.AutoencoderModel;
import org.aestack.runtime.BeliefNetModel;
import org.aestack.runtime.BoltzmannMachineModel;
import org.aestack.runtime.DenoisingModel;
import org.aestack.runtime.data.DataSet;
import org.aestack.runtime.kernel.Rng;
import org.aestack.runtime.viz.ImageGrid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Draws samples from a trained denoising autoencoder, belief net or deep Boltzmann machine. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = {"Samples from a trained denoising example (denoising, gaussian) by the corrupt-reconstruct",
                "Markov chain (Bengio et al. 2013), starting from uniform noise, and writes a grid: one chain a row;",
                "or from the belief net (dbn): each row one chain of Gibbs sampling in the top RBM, shown through the",
                "top-down pass after more and more sweeps; or from the deep Boltzmann machine (dbm): each row one chain",
                "of Gibbs sampling of all layers, starting from a persistent chain of training."})
final class SampleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXAMPLE", description = "denoising, gaussian, dbn or dbm")
    String example;

    @Option(names = "--chains", defaultValue = "8", description = "Chains, one a row (default: ${DEFAULT-VALUE}).")
    int chains;

    @Option(names = "--steps", defaultValue = "30", description = "Steps per chain (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "aestack-out", description = "Where the model is and the picture goes.")
    Path out;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the start and the chains (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        Example chosen = Example.named(example);
        if (chains < 1 || steps < 1) {
            throw new IllegalArgumentException("--chains and --steps must be at least 1");
        }
        AutoencoderModel trained = chosen.loadTrained(out);
        if (trained instanceof BeliefNetModel dbn) {
            return sampleChains(chosen, dbn::sample, "Gibbs sweeps in the top RBM, each through the top-down pass");
        }
        if (trained instanceof BoltzmannMachineModel dbm) {
            return sampleChains(chosen, dbm::sample, "Gibbs sweeps of every layer, each chain starting from a persistent chain of training");
        }
        if (!(trained instanceof DenoisingModel)) {
            throw new IllegalArgumentException(chosen.id() + " is neither a denoising autoencoder nor a belief net nor a Boltzmann"
                    + " machine; sample from denoising, gaussian, dbn or dbm");
        }
        DenoisingModel model = (DenoisingModel) trained;
        float[] start = new float[chains * 784];
        new Rng(seed).fillUniform(start, start.length, 0f, 1f);
        List<DataSet> trace = model.sample(DataSet.of(start, chains, 784), steps, seed);
        int every = Math.max(1, steps / 10);
        ImageGrid grid = ImageGrid.of(28, 28);
        for (int c = 0; c < chains; c++) {
            List<float[]> row = new ArrayList<>();
            row.add(java.util.Arrays.copyOfRange(start, c * 784, (c + 1) * 784));
            for (int s = every - 1; s < steps; s += every) {
                row.add(trace.get(s).row(c));
            }
            grid.row(row);
        }
        Path picture = out.resolve(chosen.id() + "-samples.png");
        grid.write(picture);
        spec.commandLine().getOut().printf("%d chains of %d steps from uniform noise: %s (every %d steps, left to right)%n",
                chains, steps, picture, every);
        return 0;
    }

    /** Draws {@code count} samples after {@code sweeps} sweeps from the seeded start. */
    interface Sampler {
        DataSet sample(int count, int sweeps, long seed);
    }

    /** Row c: chain c after 1, 2, 5, 10, … sweeps (as many columns as --steps allows, up to 10,000). */
    private int sampleChains(Example chosen, Sampler model, String what) throws java.io.IOException {
        int[] sweeps = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000};
        ImageGrid grid = ImageGrid.of(28, 28);
        List<DataSet> columns = new ArrayList<>();
        int shown = 0;
        for (int s : sweeps) {
            if (s > Math.max(steps, 1)) {
                break;
            }
            columns.add(model.sample(chains, s, seed)); // the same start and generator: one chain, seen at s sweeps
            shown = s;
        }
        for (int c = 0; c < chains; c++) {
            List<float[]> row = new ArrayList<>();
            for (DataSet column : columns) {
                row.add(column.row(c));
            }
            grid.row(row);
        }
        Path file = out.resolve(chosen.id() + "-chains.png");
        grid.scale(2).write(file);
        spec.commandLine().getOut().println("picture: " + file + " (" + chains + " chains, one a row, after 1 to " + shown
                + " " + what + ")");
        return 0;
    }
}
