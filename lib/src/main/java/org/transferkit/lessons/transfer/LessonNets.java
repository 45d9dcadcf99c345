package org.transferkit.lessons.transfer;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.transferkit.Kit;
import org.transferkit.transfer.ModelTransfer;

/**
 * Networks of the transfer lessons that {@link org.transferkit.models.Models} does not have. {@link #lenet5} has the
 * layer widths of LeCun et al.'s original LeNet-5 (6 and 16 feature maps, 120 and 84 units), about a third of the
 * compute of {@code Models.lenet} (20 and 50 maps, 500 units), so the lessons' seed grids fit a laptop CPU, and one
 * more dense layer, which gives the freeze-depth sweep more depths to try.
 */
public final class LessonNets {
    private LessonNets() {
    }

    /**
     * LeNet-5 widths for flat 28x28 grey input ([n, 784]): "conv1" 5x5x6 ReLU, "pool1" max 2x2, "conv2" 5x5x16 ReLU,
     * "pool2" max 2x2, "fc1" dense 120 ReLU, "fc2" dense 84 ReLU, "out" softmax (cross-entropy). DL4J layer indices
     * 0..6. ReLU (He) initialisation, Xavier for the output layer, as in {@code Models.lenet}.
     *
     * @param nOut    number of classes, at least 2
     * @param updater optimiser of every layer
     * @param seed    seed of the weight initialisation (any value: mapped by {@link org.transferkit.Kit#nativeSeed}, because
     *                DL4J ignores a seed of 0)
     */
    public static MultiLayerNetwork lenet5(int nOut, IUpdater updater, long seed) {
        if (nOut < 2) {
            throw new IllegalArgumentException("nOut must be at least 2 classes, got " + nOut);
        }
        if (updater == null) {
            throw new IllegalArgumentException("updater must be given, e.g. new Nesterovs(0.01, 0.9)");
        }
        Kit.init();
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder()
                .seed(Kit.nativeSeed(seed))
                .updater(updater)
                .weightInit(WeightInit.RELU)
                .list()
                .layer(new ConvolutionLayer.Builder(5, 5).name("conv1").nOut(6).stride(1, 1)
                        .activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).name("pool1")
                        .kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(5, 5).name("conv2").nOut(16).stride(1, 1)
                        .activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).name("pool2")
                        .kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().name("fc1").nOut(120).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().name("fc2").nOut(84).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).name("out").nOut(nOut)
                        .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build())
                .setInputType(InputType.convolutionalFlat(28, 28, 1));
        MultiLayerNetwork net = new MultiLayerNetwork(b.build());
        net.init();
        return net;
    }
}
