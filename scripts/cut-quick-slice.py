#!/usr/bin/env python3
"""Cuts data/fashion-mnist-quick/, the Fashion-MNIST slice experiments/quick.yaml trains on, from the full
data set (Debian's dataset-fashion-mnist, /usr/share/datasets/fashion-mnist).

The slice is exactly the subset selab used to draw itself with data.train_subset: 4000 and
data.test_subset: 2000 (selab.data.ImageSet.subsetIndices): the first k positions of a seeded partial
Fisher-Yates shuffle of 0..n-1 with java.util.Random, sorted ascending, so the images keep their order in
the full file. The seeds are selab.data.DataSources.SUBSET_SEED (training split) and SUBSET_SEED + 1 (test
split). java.util.Random is re-implemented here rather than called, so the Java test that compares the
slice with selab's own subsetting of the Debian files (selab.it.QuickSliceTest) checks two independent
implementations. Output: the four IDX files, gzipped (level 9, no name, mtime 0: same bytes on every run
with one zlib), and nothing else; LICENSE and README.md beside them are written by hand.

Usage: scripts/cut-quick-slice.py [--source DIR] [--out DIR] [--train N] [--test N]
"""
import argparse
import gzip
import os
import struct
import sys

SUBSET_SEED = 0x5E1AB5EED  # selab.data.DataSources.SUBSET_SEED
TEST_SUBSET_SEED = SUBSET_SEED + 1  # selab.data.DataSources.TEST_SUBSET_SEED
IMAGES_MAGIC = 0x00000803
LABELS_MAGIC = 0x00000801


class JavaRandom:
    """java.util.Random: the 48-bit linear congruential generator of its Javadoc."""

    MULTIPLIER = 0x5DEECE66D
    MASK = (1 << 48) - 1

    def __init__(self, seed):
        self.seed = (seed ^ self.MULTIPLIER) & self.MASK

    def next_bits(self, bits):
        self.seed = (self.seed * self.MULTIPLIER + 0xB) & self.MASK
        return self.seed >> (48 - bits)  # bits <= 31 here, so never negative

    def next_int(self, bound):
        r = self.next_bits(31)
        m = bound - 1
        if bound & m == 0:  # a power of two
            return (bound * r) >> 31
        u = r
        r = u % bound
        while u - r + m >= 1 << 31:  # Java's `u - r + m < 0`: the int sum overflowed
            u = self.next_bits(31)
            r = u % bound
        return r


def subset_indices(n, k, seed):
    """The indices selab's ImageSet.subsetIndices(n, k, seed) picks, ascending."""
    order = list(range(n))
    rng = JavaRandom(seed)
    for i in range(k):
        j = i + rng.next_int(n - i)
        order[i], order[j] = order[j], order[i]
    return sorted(order[:k])


def read_gz(path):
    with gzip.open(path, "rb") as f:
        return f.read()


def write_gz(path, data):
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=raw, mtime=0) as f:
            f.write(data)


def cut(source, out, prefix, k, seed):
    images = read_gz(os.path.join(source, prefix + "-images-idx3-ubyte.gz"))
    labels = read_gz(os.path.join(source, prefix + "-labels-idx1-ubyte.gz"))
    magic, n, rows, cols = struct.unpack(">IIII", images[:16])
    lmagic, ln = struct.unpack(">II", labels[:8])
    if magic != IMAGES_MAGIC or lmagic != LABELS_MAGIC or n != ln:
        sys.exit(f"{source}: not a matching pair of IDX {prefix} files")
    if not 1 <= k <= n:
        sys.exit(f"{prefix}: subset size {k} is out of range [1, {n}]")
    size = rows * cols
    chosen = subset_indices(n, k, seed)
    pixels = b"".join(images[16 + i * size:16 + (i + 1) * size] for i in chosen)
    picked = bytes(labels[8 + i] for i in chosen)
    write_gz(os.path.join(out, prefix + "-images-idx3-ubyte.gz"), struct.pack(">IIII", IMAGES_MAGIC, k, rows, cols) + pixels)
    write_gz(os.path.join(out, prefix + "-labels-idx1-ubyte.gz"), struct.pack(">II", LABELS_MAGIC, k) + picked)
    print(f"{prefix}: {k} of {n} images (seed {seed:#x}), first indices {chosen[:5]}")


def main():
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--source", default="/usr/share/datasets/fashion-mnist", help="full Fashion-MNIST (gzipped IDX)")
    p.add_argument("--out", default=os.path.join(here, "data", "fashion-mnist-quick"), help="slice directory")
    p.add_argument("--train", type=int, default=4000, help="training images (quick.yaml's data.train_subset)")
    p.add_argument("--test", type=int, default=2000, help="test images (quick.yaml's data.test_subset)")
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    cut(a.source, a.out, "train", a.train, SUBSET_SEED)
    cut(a.source, a.out, "t10k", a.test, TEST_SUBSET_SEED)


if __name__ == "__main__":
    main()
