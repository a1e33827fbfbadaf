package org.aestack.runtime.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API implementation of {@link KernelOps}. Each elementwise kernel is one loop over
 * whole vectors and a masked last vector; loss sums are gathered in float lanes and moved to a
 * double every {@link #FLUSH} vectors so long sums stay accurate. {@link ScalarOps}, which this
 * extends, is the reference the tests hold every kernel to.
 */
final class PanamaOps extends ScalarOps {
    private static final VectorSpecies<Float> S = PanamaSpecies.FLOAT;
    private static final int L = S.length();
    private static final int FLUSH = 64;

    @Override
    public String name() {
        return "panama-" + S.vectorBitSize();
    }

    @Override
    public void gemmNN(int m, int n, int k, float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc) {
        PanamaGemm.gemm(false, false, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    @Override
    public void gemmNT(int m, int n, int k, float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc) {
        PanamaGemm.gemm(false, true, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    @Override
    public void gemmTN(int m, int n, int k, float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc) {
        PanamaGemm.gemm(true, false, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /** sigmoid(z) = 1 / (1 + e^-z); e^-z overflows to infinity for very negative z, giving exactly 0. */
    private static FloatVector sigmoid(FloatVector z) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        return one.div(z.neg().lanewise(VectorOperators.EXP).add(one));
    }

    @Override
    public void sigmoidWithBias(float[] z, float[] bias, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int j = 0; j < cols; j += L) {
                VectorMask<Float> m = S.indexInRange(j, cols);
                FloatVector v = FloatVector.fromArray(S, z, base + j, m).add(FloatVector.fromArray(S, bias, j, m));
                sigmoid(v).intoArray(z, base + j, m);
            }
        }
    }

    @Override
    public void tanhWithBias(float[] z, float[] bias, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int j = 0; j < cols; j += L) {
                VectorMask<Float> m = S.indexInRange(j, cols);
                FloatVector v = FloatVector.fromArray(S, z, base + j, m).add(FloatVector.fromArray(S, bias, j, m));
                v.lanewise(VectorOperators.TANH).intoArray(z, base + j, m);
            }
        }
    }

    @Override
    public void reluWithBias(float[] z, float[] bias, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int j = 0; j < cols; j += L) {
                VectorMask<Float> m = S.indexInRange(j, cols);
                FloatVector v = FloatVector.fromArray(S, z, base + j, m).add(FloatVector.fromArray(S, bias, j, m));
                v.max(0f).intoArray(z, base + j, m);
            }
        }
    }

    @Override
    public void addBias(float[] z, float[] bias, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int j = 0; j < cols; j += L) {
                VectorMask<Float> m = S.indexInRange(j, cols);
                FloatVector.fromArray(S, z, base + j, m).add(FloatVector.fromArray(S, bias, j, m)).intoArray(z, base + j, m);
            }
        }
    }

    @Override
    public void sigmoidBackward(float[] y, float[] grad, int n) {
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(S, y, i, m);
            FloatVector g = FloatVector.fromArray(S, grad, i, m);
            g.mul(v.mul(v.neg().add(1f))).intoArray(grad, i, m);
        }
    }

    @Override
    public void tanhBackward(float[] y, float[] grad, int n) {
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(S, y, i, m);
            FloatVector g = FloatVector.fromArray(S, grad, i, m);
            g.mul(v.mul(v).neg().add(1f)).intoArray(grad, i, m);
        }
    }

    @Override
    public void reluBackward(float[] y, float[] grad, int n) {
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(S, y, i, m);
            FloatVector g = FloatVector.fromArray(S, grad, i, m);
            g.blend(0f, v.compare(VectorOperators.GT, 0f).not()).intoArray(grad, i, m);
        }
    }

    @Override
    public double crossEntropyWithGradient(float[] y, float[] x, float[] grad, int n, float scale) {
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, y, i, m).sub(FloatVector.fromArray(S, x, i, m)).mul(scale).intoArray(grad, i, m);
        }
        return crossEntropy(y, x, n);
    }

    @Override
    public double crossEntropy(float[] y, float[] x, int n) {
        double total = 0;
        FloatVector sum = FloatVector.zero(S);
        int count = 0;
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector p = FloatVector.fromArray(S, y, i, m).max(CLAMP).min(1f - CLAMP);
            FloatVector t = FloatVector.fromArray(S, x, i, m);
            FloatVector logP = p.lanewise(VectorOperators.LOG);
            FloatVector logQ = p.neg().add(1f).lanewise(VectorOperators.LOG);
            // -(t log p + (1 - t) log(1 - p)) = -(logQ + t (logP - logQ)); masked-off lanes add 0.
            FloatVector term = logP.sub(logQ).fma(t, logQ).neg();
            sum = sum.add(term, m);
            if (++count == FLUSH) {
                total += sum.reduceLanes(VectorOperators.ADD);
                sum = FloatVector.zero(S);
                count = 0;
            }
        }
        return total + sum.reduceLanes(VectorOperators.ADD);
    }

    @Override
    public double squaredErrorWithGradient(float[] y, float[] x, float[] grad, int n, float scale) {
        double total = 0;
        FloatVector sum = FloatVector.zero(S);
        int count = 0;
        float twice = 2f * scale;
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector d = FloatVector.fromArray(S, y, i, m).sub(FloatVector.fromArray(S, x, i, m));
            d.mul(twice).intoArray(grad, i, m);
            sum = d.fma(d, sum);
            if (++count == FLUSH) {
                total += sum.reduceLanes(VectorOperators.ADD);
                sum = FloatVector.zero(S);
                count = 0;
            }
        }
        return total + sum.reduceLanes(VectorOperators.ADD);
    }

    @Override
    public double squaredError(float[] y, float[] x, int n) {
        double total = 0;
        FloatVector sum = FloatVector.zero(S);
        int count = 0;
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector d = FloatVector.fromArray(S, y, i, m).sub(FloatVector.fromArray(S, x, i, m));
            sum = d.fma(d, sum);
            if (++count == FLUSH) {
                total += sum.reduceLanes(VectorOperators.ADD);
                sum = FloatVector.zero(S);
                count = 0;
            }
        }
        return total + sum.reduceLanes(VectorOperators.ADD);
    }

    @Override
    public void columnSums(float[] mat, int rows, int cols, float[] out) {
        for (int j = 0; j < cols; j += L) {
            VectorMask<Float> m = S.indexInRange(j, cols);
            FloatVector sum = FloatVector.zero(S);
            for (int r = 0; r < rows; r++) {
                sum = sum.add(FloatVector.fromArray(S, mat, r * cols + j, m));
            }
            sum.intoArray(out, j, m);
        }
    }

    @Override
    public void sgd(float[] p, float[] g, int n, float lr) {
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector gv = FloatVector.fromArray(S, g, i, m);
            gv.mul(-lr).add(FloatVector.fromArray(S, p, i, m)).intoArray(p, i, m);
        }
    }

    @Override
    public void momentum(float[] p, float[] g, float[] v, int n, float lr, float mu) {
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector vel = FloatVector.fromArray(S, v, i, m).mul(mu).sub(FloatVector.fromArray(S, g, i, m).mul(lr));
            vel.intoArray(v, i, m);
            FloatVector.fromArray(S, p, i, m).add(vel).intoArray(p, i, m);
        }
    }

    @Override
    public void adam(float[] p, float[] g, float[] m1, float[] v, int n, float lrCorrected, float b1, float b2, float epsCorrected) {
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector gv = FloatVector.fromArray(S, g, i, m);
            FloatVector mv = FloatVector.fromArray(S, m1, i, m).mul(b1).add(gv.mul(1f - b1));
            FloatVector vv = FloatVector.fromArray(S, v, i, m).mul(b2).add(gv.mul(gv).mul(1f - b2));
            mv.intoArray(m1, i, m);
            vv.intoArray(v, i, m);
            FloatVector step = mv.mul(lrCorrected).div(vv.sqrt().add(epsCorrected));
            FloatVector.fromArray(S, p, i, m).sub(step).intoArray(p, i, m);
        }
    }
}
