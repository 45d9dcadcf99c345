package org.transferkit.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.transferkit.Kit;

/**
 * The kit's convolutions run through oneDNN on ND4J's oneDNN build (Linux x86-64): DL4J's oneDNN helpers are
 * created, oneDNN's convolution primitives run forward and backward, the gradients equal those of DL4J's own
 * convolution, and transfer and serialisation keep working. Skipped where libnd4j has no oneDNN.
 */
class OneDnnConvolutionTest {

    @BeforeAll
    static void oneDnnBuild() {
        Kit.init();
        Assumptions.assumeTrue(Kit.nativeBuild().startsWith("oneDNN ("),
                "libnd4j without oneDNN here (" + Kit.nativeBuild() + "): nothing to test");
    }

    /** One LeNet training step in a child JVM with oneDNN's verbose log on: its convolution primitives ran. */
    @Test
    void theLeNetsConvolutionsRunThroughOneDnnForwardAndBackward() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                OneDnnStep.class.getName()).redirectErrorStream(true);
        pb.environment().put("DNNL_VERBOSE", "1"); // oneDNN 2.3's name for ONEDNN_VERBOSE
        pb.environment().remove("KIT_ONEDNN");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child JVM did not finish");
        assertEquals(0, p.exitValue(), out);
        List<String> exec = out.lines().filter(l -> l.startsWith("dnnl_verbose,exec,cpu,")).toList();
        for (String kind : List.of("convolution,", "pooling")) {
            assertTrue(exec.stream().anyMatch(l -> l.contains(kind) && l.contains(",forward")), kind + " forward:\n" + out);
        }
        assertTrue(exec.stream().anyMatch(l -> l.contains("convolution,") && l.contains("backward_data")), out);
        assertTrue(exec.stream().anyMatch(l -> l.contains("convolution,") && l.contains("backward_weights")), out);
        assertTrue(exec.stream().anyMatch(l -> l.contains("pooling") && l.contains("backward")), out);
    }

    /** What the child JVM runs: one step of the lesson LeNet. */
    static final class OneDnnStep {
        public static void main(String[] args) {
            MultiLayerNetwork net = Models.lenet(10, new Sgd(0.01), 1);
            net.fit(batch(8, 1, DataType.FLOAT));
            System.out.println("native build: " + Kit.nativeBuild());
        }
    }

    /**
     * The helper path (oneDNN, FLOAT: oneDNN has no double convolution, and DL4J's helper takes FLOAT only) gives the
     * gradients of DL4J's own convolution computed in DOUBLE, to float precision; DL4J's own path in FLOAT is shown
     * to be as close, so the tolerance is that of float arithmetic, not of a different algorithm.
     */
    @Test
    void helperGradientsEqualDl4jsOwnConvolution() {
        MultiLayerNetwork helped = Models.lenet(10, new Sgd(0.01), 3);
        assertHelpers(helped, true);
        MultiLayerNetwork own = withoutHelpers(() -> Models.lenet(10, new Sgd(0.01), 3));
        assertHelpers(own, false);
        own.setParams(helped.params().dup());
        MultiLayerNetwork reference = withoutHelpers(() -> helped.convertDataType(DataType.DOUBLE));
        DataSet data = batch(16, 5, DataType.FLOAT);
        DataSet data64 = new DataSet(data.getFeatures().castTo(DataType.DOUBLE), data.getLabels().castTo(DataType.DOUBLE));
        INDArray gHelped = gradient(helped, data);
        INDArray gOwn = gradient(own, data);
        INDArray gReference = gradient(reference, data64);
        double helpedError = relative(gHelped, gReference);
        double ownError = relative(gOwn, gReference);
        assertTrue(helpedError < 1e-5, "oneDNN gradient vs DOUBLE reference: relative error " + helpedError);
        assertTrue(ownError < 1e-5, "DL4J FLOAT gradient vs DOUBLE reference: relative error " + ownError);
        assertTrue(relative(helped.output(data.getFeatures()).castTo(DataType.DOUBLE), reference.output(data64.getFeatures())) < 1e-5);
    }

    /** Freezing and replacing the head (TransferLearning) and a save/load round trip keep the helpers and the outputs. */
    @Test
    void transferAndSerialisationKeepTheHelpers() throws Exception {
        MultiLayerNetwork source = Models.lenet(10, new Sgd(0.01), 4);
        source.fit(batch(16, 6, DataType.FLOAT));
        MultiLayerNetwork transferred = new TransferLearning.Builder(source)
                .fineTuneConfiguration(new FineTuneConfiguration.Builder().updater(new Sgd(0.01)).seed(Kit.nativeSeed(5)).build())
                .setFeatureExtractor(3).removeOutputLayer() // conv1..pool2 frozen
                .addLayer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder().name("out5").nIn(500).nOut(5)
                        .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build())
                .build();
        assertHelpers(transferred, true);
        DataSet five = batch(16, 7, DataType.FLOAT);
        five.setLabels(five.getLabels().get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 5)));
        transferred.fit(five); // the frozen convolutions run forward through their helpers, the new head trains
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(transferred, bytes, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes.toByteArray()), true);
        assertHelpers(restored, true);
        INDArray x = batch(8, 8, DataType.FLOAT).getFeatures();
        assertArrayEquals(transferred.output(x).ravel().toFloatVector(), restored.output(x).ravel().toFloatVector(), 0f);
    }

    private static DataSet batch(int n, long seed, DataType type) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(type, n, 784);
        INDArray y = Nd4j.zeros(type, n, 10);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, (int) (seed + i) % 10, 1);
        }
        return new DataSet(x, y);
    }

    private static INDArray gradient(MultiLayerNetwork net, DataSet data) {
        net.setInput(data.getFeatures());
        net.setLabels(data.getLabels());
        net.computeGradientAndScore();
        return net.gradient().gradient().castTo(DataType.DOUBLE).dup();
    }

    private static double relative(INDArray a, INDArray reference) {
        return a.sub(reference).norm2Number().doubleValue() / reference.norm2Number().doubleValue();
    }

    private static void assertHelpers(MultiLayerNetwork net, boolean expected) {
        int conv = 0;
        for (org.deeplearning4j.nn.api.Layer layer : net.getLayers()) {
            org.deeplearning4j.nn.api.Layer l = layer instanceof org.deeplearning4j.nn.layers.FrozenLayer f ? f.getInsideLayer() : layer;
            Object helper = l instanceof ConvolutionLayer c ? c.getHelper()
                    : l instanceof SubsamplingLayer s ? s.getHelper() : null;
            if (l instanceof ConvolutionLayer) {
                conv++;
                assertEquals(expected, helper instanceof MKLDNNConvHelper, "conv layer helper: " + helper);
            } else if (l instanceof SubsamplingLayer) {
                assertEquals(expected, helper instanceof MKLDNNSubsamplingHelper, "pooling layer helper: " + helper);
            }
        }
        assertTrue(conv > 0, "no convolution layer");
    }

    private static <T> T withoutHelpers(java.util.function.Supplier<T> build) {
        String property = "org.eclipse.deeplearning4j.helpers.disable";
        String before = System.getProperty(property);
        System.setProperty(property, "true");
        try {
            return build.get();
        } finally {
            System.setProperty(property, before);
        }
    }
}
