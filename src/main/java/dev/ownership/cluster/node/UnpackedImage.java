package dev.ownership.cluster.node;

import java.nio.file.Path;

/** An image's root file system on the node, shared by its containers, and its config. */
record UnpackedImage(Path rootfs, ImageConfig config, ImageUsers users) {
}
