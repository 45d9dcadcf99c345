package org.transferkit.data;

/**
 * Result of {@link FewShot#sample}: {@code labelled} holds k examples per class, {@code pool} every other example
 * (to be used without its labels, e.g. for self-training or as the unlabelled target domain).
 */
public record FewShotSplit(ImageDataset labelled, ImageDataset pool) {
}
