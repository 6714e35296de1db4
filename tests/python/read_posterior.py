#!/usr/bin/env python3
"""Reads an Unsure posterior export (safetensors) with json + numpy only and prints a JSON summary.

Usage: read_posterior.py FILE
Prints {"metadata": {...}, "tensors": {name: {"shape", "sum", "abs_sum", "first", "last"}}}.
The sums are float64 sums of the float32 values, so another program can check them.
"""
import json
import struct
import sys

import numpy as np


def read_safetensors(path):
    """Returns (tensors: dict name -> np.ndarray, metadata: dict)."""
    with open(path, "rb") as f:
        raw = f.read()
    (header_len,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + header_len])
    metadata = header.pop("__metadata__", {})
    data = raw[8 + header_len :]
    tensors = {}
    for name, entry in header.items():
        if entry["dtype"] != "F32":
            raise ValueError(f"{name}: unexpected dtype {entry['dtype']}")
        start, end = entry["data_offsets"]
        tensors[name] = np.frombuffer(data[start:end], dtype="<f4").reshape(entry["shape"])
    return tensors, metadata


def main():
    tensors, metadata = read_safetensors(sys.argv[1])
    summary = {}
    for name, array in tensors.items():
        flat = array.reshape(-1)
        summary[name] = {
            "shape": list(array.shape),
            "sum": float(np.sum(flat, dtype=np.float64)),
            "abs_sum": float(np.sum(np.abs(flat), dtype=np.float64)),
            "first": [float(v) for v in flat[:3]],
            "last": float(flat[-1]),
        }
    # The config and metrics are JSON strings inside the metadata; decode them to prove they parse.
    config = json.loads(metadata["config"])
    metrics = json.loads(metadata["metrics"])
    print(json.dumps({"metadata": metadata, "hidden": config["hidden"], "metric_steps": [m["step"] for m in metrics], "tensors": summary}))


if __name__ == "__main__":
    main()
