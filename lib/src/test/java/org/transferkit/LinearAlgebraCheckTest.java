package org.transferkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class LinearAlgebraCheckTest {

    /** The backend's own operations, which the wrong ones below perturb. */
    private static final LinearAlgebraCheck.Ops ND4J = newNd4jOps();

    private static LinearAlgebraCheck.Ops newNd4jOps() {
        Kit.init();
        return new LinearAlgebraCheck.Nd4jOps();
    }

    /** The backend's operations with one of them replaced by a wrong one. */
    private static LinearAlgebraCheck.Ops with(Product product, java.util.function.UnaryOperator<LinearAlgebraCheck.Eigenpairs> eigen) {
        return new LinearAlgebraCheck.Ops() {
            @Override
            public double[][] product(double[][] a, double[][] b, DataType type) {
                return product.of(ND4J.product(a, b, type), type);
            }

            @Override
            public LinearAlgebraCheck.Eigenpairs eigen(double[][] symmetric) {
                return eigen.apply(ND4J.eigen(symmetric));
            }
        };
    }

    /** Changes a product computed in {@code type}. */
    private interface Product {
        double[][] of(double[][] c, DataType type);
    }

    @Test
    void theBackendOnThisMachinePasses() {
        LinearAlgebraCheck.Outcome r = LinearAlgebraCheck.run(ND4J);
        assertTrue(r.ok(), r.message());
        assertTrue(r.message().contains(r.cpu()) && r.message().contains(r.blas()), r.message());
        assertEquals(r, LinearAlgebraCheck.run(), "the cached check at Kit.init() saw the same");
    }

    @Test
    void aWrongDoubleProductFailsTheCheckWithTheFix() {
        LinearAlgebraCheck.Ops wrong = with((c, type) -> {
            if (type == DataType.DOUBLE) {
                c[3][7] += 1e-6; // one entry off in its sixth digit
            }
            return c;
        }, e -> e);
        LinearAlgebraCheck.Outcome r = LinearAlgebraCheck.run(wrong);
        assertFalse(r.ok());
        assertEquals(1, r.failures().size(), r.failures().toString());
        assertTrue(r.failures().get(0).startsWith("DOUBLE product"), r.failures().toString());
        String m = r.message();
        assertTrue(m.contains("CPU:") && m.contains(r.cpu()) && m.contains("BLAS:") && m.contains("OPENBLAS_CORETYPE=Haswell")
                && m.contains("environment/kit setup"), m);
    }

    @Test
    void aWrongFloatProductFailsTheCheck() {
        LinearAlgebraCheck.Ops wrong = with((c, type) -> {
            if (type == DataType.FLOAT) {
                c[0][0] = Double.NaN;
            }
            return c;
        }, e -> e);
        LinearAlgebraCheck.Outcome r = LinearAlgebraCheck.run(wrong);
        assertEquals(1, r.failures().size(), r.failures().toString());
        assertTrue(r.failures().get(0).startsWith("FLOAT product"), r.failures().toString());
    }

    /** Eigenvectors that are no longer orthonormal (what OpenBLAS 0.3.19 returned on Sapphire Rapids) fail. */
    @Test
    void wrongEigenvectorsFailTheCheck() {
        LinearAlgebraCheck.Ops wrong = with((c, type) -> c, e -> {
            double[][] v = e.vectors();
            int last = v.length - 1;
            for (double[] row : v) {
                row[last - 1] = row[last]; // two columns the same: still unit length, no longer orthogonal
            }
            return e;
        });
        LinearAlgebraCheck.Outcome r = LinearAlgebraCheck.run(wrong);
        assertEquals(1, r.failures().size(), r.failures().toString());
        assertTrue(r.failures().get(0).contains("eigen"), r.failures().toString());
    }
}
