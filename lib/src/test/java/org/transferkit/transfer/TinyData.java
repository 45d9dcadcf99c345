package org.transferkit.transfer;

import java.util.Random;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Small synthetic problems and networks for fast, deterministic tests. */
final class TinyData {
    private TinyData() {
    }

    /**
     * Gaussian blobs: base class b uniform in [0, relabel.length), x = sep * e_b + N(0, 1) in {@code dims} dimensions,
     * label relabel[b] one-hot over {@code classes}.
     */
    static DataSet blobs(int n, int dims, double sep, int[] relabel, int classes, long seed, DataType type) {
        Random random = new Random(seed);
        double[][] x = new double[n][dims];
        double[][] y = new double[n][classes];
        for (int i = 0; i < n; i++) {
            int b = random.nextInt(relabel.length);
            for (int j = 0; j < dims; j++) {
                x[i][j] = random.nextGaussian() + (j == b ? sep : 0);
            }
            y[i][relabel[b]] = 1;
        }
        return new DataSet(Nd4j.createFromArray(x).castTo(type), Nd4j.createFromArray(y).castTo(type));
    }

    /** Source task: 4 blobs in 8-D, 4 classes. */
    static DataSet source(int n, long seed) {
        return blobs(n, 8, 3.0, new int[] {0, 1, 2, 3}, 4, seed, DataType.FLOAT);
    }

    /** Related target task: the same blobs, 2 classes {0,1} vs {2,3}. */
    static DataSet target(int n, long seed) {
        return blobs(n, 8, 3.0, new int[] {0, 0, 1, 1}, 2, seed, DataType.FLOAT);
    }

    /** MLP nIn -> hidden... -> nOut, layers named fc1, fc2, ..., out. */
    static MultiLayerNetwork mlp(int nIn, int[] hidden, int nOut, Activation activation, IUpdater updater, long seed,
                                 DataType type) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(seed).updater(updater).weightInit(WeightInit.XAVIER).dataType(type).list();
        int in = nIn;
        for (int i = 0; i < hidden.length; i++) {
            list.layer(new DenseLayer.Builder().name("fc" + (i + 1)).nIn(in).nOut(hidden[i]).activation(activation).build());
            in = hidden[i];
        }
        list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("out").nIn(in).nOut(nOut)
                .activation(Activation.SOFTMAX).build());
        MultiLayerConfiguration conf = list.build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** A tiny LeNet-shaped CNN on flat 28x28 images: conv1 5x5x2, pool1 2x2, fc1 8, out (same layout as the kit's lenet). */
    static MultiLayerNetwork tinyCnn(int nOut, long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed).updater(new Sgd(0.1)).weightInit(WeightInit.XAVIER).list()
                .layer(new ConvolutionLayer.Builder(5, 5).name("conv1").nOut(2).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).name("pool1")
                        .kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().name("fc1").nOut(8).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("out").nOut(nOut)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(28, 28, 1))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** n random "images" [n, 784] in [0, 1) with random labels over {@code classes}. */
    static DataSet randomImages(int n, int classes, long seed) {
        Random random = new Random(seed);
        float[][] x = new float[n][784];
        float[][] y = new float[n][classes];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 784; j++) {
                x[i][j] = random.nextFloat();
            }
            y[i][random.nextInt(classes)] = 1;
        }
        return new DataSet(Nd4j.createFromArray(x), Nd4j.createFromArray(y));
    }

    private static MultiLayerNetwork cachedSource;

    /**
     * A trained 8-16-8-4 ReLU source network (30 Adam steps, seed 7), built once per JVM and shared: tests must not
     * modify it (the transfer API clones it; several tests check that it is left unchanged).
     */
    static synchronized MultiLayerNetwork trainedSource() {
        if (cachedSource == null) {
            long seed = 7;
            MultiLayerNetwork net = mlp(8, new int[] {16, 8}, 4, Activation.RELU, new Adam(5e-2), seed, DataType.FLOAT);
            org.transferkit.training.Trainer.fitSteps(net, source(400, seed), 30, 32, seed);
            cachedSource = net;
        }
        return cachedSource;
    }

    static double accuracy(INDArray probabilities, INDArray oneHot) {
        int[] p = Nd4j.argMax(probabilities, 1).toIntVector();
        int[] y = Nd4j.argMax(oneHot, 1).toIntVector();
        int correct = 0;
        for (int i = 0; i < p.length; i++) {
            correct += p[i] == y[i] ? 1 : 0;
        }
        return (double) correct / p.length;
    }
}
