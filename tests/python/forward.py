#!/usr/bin/env python3
"""The mean prediction of an Unsure export, computed with json + numpy only, from docs/posterior-format.md.

Usage: forward.py FILE PIXELS
PIXELS: raw little-endian float32 rows of 784 values in [0, 1]. Prints a JSON list of probability rows:
softmax of the network at its centre (the means of a mean-field posterior; the weights of a point, MC
dropout or Laplace model, dropout off and Laplace at its MAP), averaged over an ensemble's members.
"""
import json
import sys

import numpy as np

from read_posterior import read_safetensors


def conv_same(x, w, b):
    """3x3 convolution, stride 1, 'same' padding, NHWC input, weight [3, 3, in, out]."""
    n, h, wd, _ = x.shape
    padded = np.pad(x, ((0, 0), (1, 1), (1, 1), (0, 0)))
    out = np.zeros((n, h, wd, w.shape[3]), dtype=np.float64)
    for dy in range(3):
        for dx in range(3):
            out += padded[:, dy : dy + h, dx : dx + wd, :] @ w[dy, dx]
    return out + b


def max_pool(x):
    """2x2 max-pooling, stride 2, odd edges dropped."""
    n, h, w, c = x.shape
    x = x[:, : h // 2 * 2, : w // 2 * 2, :]
    return x.reshape(n, h // 2, 2, w // 2, 2, c).max(axis=(2, 4))


def centre_logits(tensors, prefix, config, x):
    suffix = ".mean" if config.get("family", "mfvi") == "mfvi" else ""
    weight = lambda i, kind: tensors[f"{prefix}layers.{i}.{kind}{suffix}"].astype(np.float64)
    i = 0
    if config.get("arch", "mlp") == "cnn":
        x = x.reshape(-1, 28, 28, 1)
        for _ in config["conv"]:
            x = np.maximum(max_pool(conv_same(x, weight(i, "weight"), weight(i, "bias"))), 0)
            i += 1
        x = x.reshape(x.shape[0], -1)
    dense = len(config["hidden"]) + 1
    for j in range(dense):
        x = x @ weight(i, "weight") + weight(i, "bias")
        if j < dense - 1:
            x = np.maximum(x, 0)
        i += 1
    return x


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def main():
    tensors, metadata = read_safetensors(sys.argv[1])
    config = json.loads(metadata["config"])
    x = np.fromfile(sys.argv[2], dtype="<f4").reshape(-1, 784).astype(np.float64)
    members = config.get("members", 1)
    prefixes = [f"members.{k}." for k in range(members)] if members > 1 else [""]
    probs = np.mean([softmax(centre_logits(tensors, p, config, x)) for p in prefixes], axis=0)
    print(json.dumps(probs.tolist()))


if __name__ == "__main__":
    main()
