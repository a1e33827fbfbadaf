package org.aestack.runtime.train;

import java.util.Arrays;
import org.aestack.runtime.kernel.KernelOps;
import org.aestack.runtime.kernel.Kernels;

/** Creates the {@link Updater} for a {@link TrainingConfig}'s optimizer. */
public final class Updaters {
    private Updaters() {}

    /** An updater for a tensor of {@code size} floats. */
    public static Updater create(TrainingConfig config, int size) {
        KernelOps ops = Kernels.ops();
        switch (config.optimizer()) {
            case SGD:
                return new Updater() {
                    private float lr = (float) config.learningRate();
                    @Override public void update(float[] param, float[] grad) { ops.sgd(param, grad, size, lr); }
                    @Override public void beginStep() {}
                    @Override public void update(float[] param, float[] grad, int gradOffset, int from, int to) {
                        ops.sgdRange(param, grad, gradOffset, from, to, lr);
                    }
                    @Override public void learningRate(double rate) { lr = (float) rate; }
                    @Override public void reset() {}
                };
            case MOMENTUM:
                return new Updater() {
                    private final float[] velocity = new float[size];
                    private final float mu = (float) config.momentum();
                    private float lr = (float) config.learningRate();
                    @Override public void update(float[] param, float[] grad) { ops.momentum(param, grad, velocity, size, lr, mu); }
                    @Override public void beginStep() {}
                    @Override public void update(float[] param, float[] grad, int gradOffset, int from, int to) {
                        ops.momentumRange(param, grad, gradOffset, velocity, from, to, lr, mu);
                    }
                    @Override public void learningRate(double rate) { lr = (float) rate; }
                    @Override public void reset() { Arrays.fill(velocity, 0f); }
                    @Override public float[][] state() { return new float[][] {velocity}; }
                };
            case ADAM:
                return new Adam(ops, config, size);
            default:
                throw new AssertionError(config.optimizer());
        }
    }

    private static final class Adam implements Updater {
        private final KernelOps ops;
        private final float[] m;
        private final float[] v;
        private final int size;
        private double lr;
        private final double b1;
        private final double b2;
        private final double eps;
        private int step;
        /** The step's learning rate and epsilon with the bias corrections folded in ({@link KernelOps#adam}). */
        private float lrCorrected;
        private float epsCorrected;

        Adam(KernelOps ops, TrainingConfig config, int size) {
            this.ops = ops;
            this.size = size;
            this.m = new float[size];
            this.v = new float[size];
            this.lr = config.learningRate();
            this.b1 = config.beta1();
            this.b2 = config.beta2();
            this.eps = config.epsilon();
        }

        @Override
        public void update(float[] param, float[] grad) {
            beginStep();
            ops.adam(param, grad, m, v, size, lrCorrected, (float) b1, (float) b2, epsCorrected);
        }

        @Override
        public void beginStep() {
            step++;
            double c1 = 1 - Math.pow(b1, step);
            double c2 = Math.sqrt(1 - Math.pow(b2, step));
            lrCorrected = (float) (lr * c2 / c1);
            epsCorrected = (float) (eps * c2);
        }

        @Override
        public void update(float[] param, float[] grad, int gradOffset, int from, int to) {
            ops.adamRange(param, grad, gradOffset, m, v, from, to, lrCorrected, (float) b1, (float) b2, epsCorrected);
        }

        @Override
        public void learningRate(double rate) {
            lr = rate;
        }

        @Override
        public void reset() {
            Arrays.fill(m, 0f);
            Arrays.fill(v, 0f);
            step = 0;
        }

        @Override
        public float[][] state() {
            return new float[][] {m, v};
        }

        @Override
        public long steps() {
            return step;
        }

        @Override
        public void steps(long steps) {
            this.step = (int) steps;
        }
    }
}
