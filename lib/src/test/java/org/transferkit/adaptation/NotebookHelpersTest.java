package org.transferkit.adaptation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Helpers used by the adaptation notebooks: shifts, standardisation, the MLP proxy A-distance, plots. */
class NotebookHelpersTest {

    @BeforeAll
    static void floatDefault() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    @Test
    void moonsShiftHasTheDocumentedSizesAndIsSeeded() {
        AdaptationShifts.Shift a = AdaptationShifts.moons(3);
        assertEquals(150, a.sourceTrain().numExamples());
        assertEquals(150, a.sourceVal().numExamples());
        assertEquals(1000, a.sourceTest().numExamples());
        assertEquals(150, a.targetTrain().numExamples());
        assertEquals(1000, a.targetTest().numExamples());
        assertEquals(a.targetTrain().getFeatures(), AdaptationShifts.moons(3).targetTrain().getFeatures());
        assertThrows(IllegalArgumentException.class, () -> AdaptationShifts.byName("MNIST -> SVHN"));
    }

    @Test
    void standardiseUsesTheReferenceStatistics() {
        INDArray ref = Nd4j.createFromArray(new double[][] {{1, 5}, {3, 5}});
        INDArray z = ShiftBaselines.standardise(Nd4j.createFromArray(new double[][] {{2, 7}}), ref);
        // column 0: mean 2, sd sqrt(2) (n-1); column 1 has sd 0 and is only centred
        assertEquals(0.0, z.getDouble(0, 0), 1e-9);
        assertEquals(2.0, z.getDouble(0, 1), 1e-9);
    }

    @Test
    void mlpProxyADistanceSeesARotationThatIsSeparableOnlyNonLinearly() {
        // source: points on a ring of radius 1; target: ring of radius 2 (same mean: no linear separation)
        java.util.Random rnd = new java.util.Random(1);
        INDArray s = Nd4j.create(DataType.FLOAT, 400, 2);
        INDArray t = Nd4j.create(DataType.FLOAT, 400, 2);
        for (int i = 0; i < 400; i++) {
            double a = rnd.nextDouble() * 2 * Math.PI;
            double b = rnd.nextDouble() * 2 * Math.PI;
            s.putScalar(i, 0, Math.cos(a));
            s.putScalar(i, 1, Math.sin(a));
            t.putScalar(i, 0, 2 * Math.cos(b));
            t.putScalar(i, 1, 2 * Math.sin(b));
        }
        double linear = ProxyADistance.compute(s, t, 1).distance();
        double mlp = ProxyADistance.computeMlp(s, t, 16, 400, 1).distance();
        assertTrue(mlp > 1.5, "the non-linear classifier separates the rings, d_A = " + mlp);
        assertTrue(linear < mlp, "linear " + linear + " vs mlp " + mlp);
        assertThrows(IllegalArgumentException.class, () -> ProxyADistance.computeMlp(s, t, 0, 10, 1));
    }

    @Test
    void subsampleIsSeededAndCapped() {
        INDArray x = Nd4j.arange(20).reshape(10, 2).castTo(DataType.FLOAT);
        assertEquals(4, AdaptationPlots.subsample(x, 4, 7).rows());
        assertEquals(AdaptationPlots.subsample(x, 4, 7), AdaptationPlots.subsample(x, 4, 7));
        assertEquals(10, AdaptationPlots.subsample(x, 50, 7).rows());
        assertThrows(IllegalArgumentException.class, () -> AdaptationPlots.subsample(x, 0, 7));
    }

    @Test
    void decisionRegionsAndDomainScatterBuildCharts() {
        TwoMoons.Domains d = TwoMoons.generate(20, 0.05, 35, 20, 2);
        assertNotNull(AdaptationPlots.decisionRegions("t", x -> new int[(int) x.rows()], d.source(), d.target(), 5));
        assertNotNull(AdaptationPlots.domainScatter("t", d.source().getFeatures(), d.target().getFeatures(), 10, 1));
    }
}
