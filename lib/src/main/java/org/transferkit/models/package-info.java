/** Reference networks with named layers (MLP, LeNet, autoencoder) for the transfer-learning notebooks. */
package org.transferkit.models;
