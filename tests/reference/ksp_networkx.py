#!/usr/bin/env python3
"""Independent reference for sim/ksp.c on generated topologies.

gen DIR: writes the topologies below as FUSION text files (one line per
link, in the order networkx receives the edges).  paths FILE K: prints the
k shortest simple paths of every ordered pair as networkx gives them, in
ksp_dump's format ("src dst index node node ...", pairs in node order).

The topologies are chosen for ties, which is where an implementation of
Yen's algorithm most easily departs from networkx: a grid whose links all
have the same length (many equal-length paths), a grid with a few lengths,
a jittered grid like bench --scale's, a ring, a random graph with
lengths from a small set, and graphs with decimal lengths whose sums round
differently by the order they are added in.
"""
import itertools
import random
import sys

import networkx as nx


def grid(cols, rows, length):
    edges = []
    for r in range(rows):
        for c in range(cols):
            i = r * cols + c
            if c + 1 < cols:
                edges.append((i, i + 1, length(i, i + 1)))
            if r + 1 < rows:
                edges.append((i, i + cols, length(i, i + cols)))
    return edges


def topologies():
    rnd = random.Random(20261204)
    yield "grid_uniform", grid(7, 7, lambda a, b: 100)
    yield "grid_two", grid(6, 8, lambda a, b: rnd.choice((100, 200)))
    yield "grid_jitter", grid(8, 7, lambda a, b: round(rnd.uniform(50, 500), 3))
    yield "ring", [(i, (i + 1) % 30, rnd.choice((80, 120))) for i in range(30)]
    edges, n = [], 40
    for v in range(1, n):  # a random tree, then chords
        edges.append((rnd.randrange(v), v, rnd.choice((1, 2, 3))))
    pairs = {(min(a, b), max(a, b)) for a, b, _ in edges}
    while len(edges) < 90:
        a, b = rnd.sample(range(n), 2)
        if (min(a, b), max(a, b)) not in pairs:
            pairs.add((min(a, b), max(a, b)))
            edges.append((a, b, rnd.choice((1, 2, 3))))
    yield "random_ties", edges
    # lengths whose sums round differently by order (0.1 + 0.2 != 0.3):
    # equal costs that differ in the last bit, which the spur searches' caps
    # must not tell apart (sim/ksp.c's relative margin); the small one is a
    # graph where a cap without the margin drops an accepted path at k = 6
    decimals = (0.1, 0.2, 0.3, 0.4, 0.6, 0.7)
    yield "decimal_small", [(2, 7, 0.1), (0, 1, 0.3), (4, 9, 0.3), (12, 1, 0.4),
                            (0, 7, 0.1), (9, 1, 0.6), (0, 3, 0.4), (1, 4, 0.6),
                            (6, 12, 0.4), (3, 7, 0.3), (12, 2, 0.3), (3, 6, 0.3),
                            (0, 2, 0.2)]
    edges, n = [], 24
    for v in range(1, n):
        edges.append((rnd.randrange(v), v, rnd.choice(decimals)))
    pairs = {(min(a, b), max(a, b)) for a, b, _ in edges}
    while len(edges) < 50:
        a, b = rnd.sample(range(n), 2)
        if (min(a, b), max(a, b)) not in pairs:
            pairs.add((min(a, b), max(a, b)))
            edges.append((a, b, rnd.choice(decimals)))
    yield "decimal_random", edges


def gen(out_dir):
    for name, edges in topologies():
        with open(f"{out_dir}/{name}.txt", "w") as f:
            for a, b, km in edges:
                f.write(f"n{a}\tn{b}\t{km}\n")
        print(name)


def load(path):
    """As FUSION builds its graph: add_edge per line, nodes by first sight."""
    g = nx.Graph()
    for line in open(path):
        a, b, km = line.split()
        g.add_edge(a, b, length=float(km))
    return g


def paths(path, k):
    g = load(path)
    nodes = list(g.nodes)
    for s in nodes:
        for d in nodes:
            if s == d:
                continue
            found = nx.shortest_simple_paths(g, s, d, weight="length")
            for i, p in enumerate(itertools.islice(found, k)):
                print(s, d, i, " ".join(p))


if __name__ == "__main__":
    if sys.argv[1] == "gen":
        gen(sys.argv[2])
    else:
        paths(sys.argv[2], int(sys.argv[3]))
