#!/usr/bin/env python3
"""An independent model of FUSION's legacy KSP/first-fit path, for checking
rollgate's simulator.

Written for rollgate from the behaviour of FUSION's Python sources
(fusion/core/request.py, routing/k_shortest_path.py, spectrum_assignment.py,
sdn_controller.py): per-slot lists like FUSION's numpy arrays, networkx's own
shortest_simple_paths for routing, and a pure-Python MT19937 with numpy's
seeding and 53-bit uniforms.  It shares no code with rollgate's C.

usage: fusion_model.py TOPOLOGY MODS ASSUMPTION K CORES SLOTS GUARD ERLANG N SEED...
prints one line per seed: "seed blocked requested_gbps blocked_gbps"
"""
import itertools
import json
import math
import sys

import networkx as nx


class MT19937:
    def __init__(self, seed):
        self.mt = [0] * 624
        self.mt[0] = seed & 0xFFFFFFFF
        for i in range(1, 624):
            prev = self.mt[i - 1]
            self.mt[i] = (1812433253 * (prev ^ (prev >> 30)) + i) & 0xFFFFFFFF
        self.index = 624

    def _u32(self):
        if self.index >= 624:
            mt = self.mt
            for k in range(624):
                y = (mt[k] & 0x80000000) | (mt[(k + 1) % 624] & 0x7FFFFFFF)
                mt[k] = mt[(k + 397) % 624] ^ (y >> 1) ^ (0x9908B0DF if y & 1 else 0)
            self.index = 0
        y = self.mt[self.index]
        self.index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C5680
        y ^= (y << 15) & 0xEFC60000
        y ^= y >> 18
        return y

    def uniform(self):
        a = self._u32() >> 5
        b = self._u32() >> 6
        return (a * 67108864.0 + b) / 9007199254740992.0


def load_topology(path):
    lengths, order = {}, []
    with open(path) as f:
        for line in f:
            parts = line.strip().split()
            if len(parts) != 3:
                continue
            src, dst, km = parts
            for node in (src, dst):
                if node not in order:
                    order.append(node)
            if (src, dst) not in lengths:
                lengths[(src, dst)] = float(km)
    graph = nx.Graph()
    graph.add_nodes_from(order)
    for (src, dst), km in lengths.items():
        graph.add_edge(src, dst, length=km)
    return graph, order


def requests(rng, nodes, classes, dist, erlang, holding, n):
    rate = erlang / holding
    quota = {bw: int(dist[bw] * n) for bw in classes}
    assert sum(quota.values()) == n
    out, t = [], 0.0
    for rid in range(1, n + 1):
        arrive = t + (-1.0 / rate) * math.log(rng.uniform())
        depart = arrive + (-1.0 / (1 / holding)) * math.log(rng.uniform())
        t = arrive
        src = nodes[int(rng.uniform() * len(nodes))]
        dst = nodes[int(rng.uniform() * len(nodes))]
        while dst == src:
            dst = nodes[int(rng.uniform() * len(nodes))]
        while True:
            bw = classes[int(rng.uniform() * len(classes))]
            if quota[bw] > 0:
                break
        quota[bw] -= 1
        out.append((rid, src, dst, bw, arrive, depart))
    return out


def first_fit(spectrum, path, cores, slots_needed, guard):
    links = [frozenset(pair) for pair in zip(path, path[1:])]
    for core in range(cores):
        first = spectrum[links[0]][core]
        free = [i for i, v in enumerate(first) if v == 0]
        blocks = [[x for _, x in grp] for _, grp in
                  itertools.groupby(enumerate(free), lambda p: p[1] - p[0])]
        for block in blocks:
            if len(block) < slots_needed + guard:
                continue
            for start in block:
                end = start + slots_needed + guard - 1
                if end not in block:
                    break
                if all(v == 0 for link in links
                       for v in spectrum[link][core][start:start + slots_needed + guard]):
                    return core, start
    return None


def run(graph, nodes, mods, k, cores, slots, guard, erlang, n, seed, dist):
    classes = list(mods.keys())
    rng = MT19937(seed)
    reqs = requests(rng, nodes, classes, dist, erlang, 1.0, n)
    events = []
    for r in reqs:
        events.append((r[4], "arrival", r))
        events.append((r[5], "release", r))
    events.sort(key=lambda e: e[0])  # stable: ties keep insertion order
    spectrum = {frozenset(e): [[0] * slots for _ in range(cores)] for e in graph.edges}
    paths_cache, held = {}, {}
    blocked, requested, blocked_gbps = 0, 0, 0
    for _, kind, (rid, src, dst, bw, _, _) in events:
        if kind == "release":
            if rid in held:
                path, core = held.pop(rid)
                for link in zip(path, path[1:]):
                    arr = spectrum[frozenset(link)][core]
                    for i, v in enumerate(arr):
                        if v in (rid, -rid):
                            arr[i] = 0
            continue
        requested += int(bw)
        if (src, dst) not in paths_cache:
            paths_cache[(src, dst)] = list(itertools.islice(
                nx.shortest_simple_paths(graph, src, dst, weight="length"), k))
        done = False
        for path in paths_cache[(src, dst)]:
            length = sum(graph[u][v]["length"] for u, v in zip(path, path[1:]))
            formats = sorted(mods[bw].items(), key=lambda kv: kv[1]["max_length"])
            for _, spec in formats:
                if spec["max_length"] < length:
                    continue
                hit = first_fit(spectrum, path, cores, spec["slots_needed"], guard)
                if hit is None:
                    continue
                core, start = hit
                for link in zip(path, path[1:]):
                    arr = spectrum[frozenset(link)][core]
                    for i in range(start, start + spec["slots_needed"]):
                        arr[i] = rid
                    if guard:
                        arr[start + spec["slots_needed"]] = -rid
                held[rid] = (path, core)
                done = True
                break
            if done:
                break
        if not done:
            blocked += 1
            blocked_gbps += int(bw)
    return blocked, requested, blocked_gbps


def main(argv):
    topo, mod_path, assumption, k, cores, slots, guard, erlang, n = argv[1:10]
    seeds = [int(s) for s in argv[10:]]
    graph, nodes = load_topology(topo)
    with open(mod_path) as f:
        mods = json.load(f)[assumption]
    dist = {"25": 0.1, "50": 0.1, "100": 0.5, "200": 0.2, "400": 0.1}
    for seed in seeds:
        b, req, bg = run(graph, nodes, mods, int(k), int(cores), int(slots), int(guard),
                         float(erlang), int(n), seed, dist)
        print(seed, b, req, bg)


if __name__ == "__main__":
    main(sys.argv)
