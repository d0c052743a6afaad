#!/usr/bin/python3
"""PyTorch peer of bench/ganStep.ts for `bench/run.ts --compare`, one thread.

Reads commands from stdin, one per line, and answers each with one JSON line on stdout:
  "<rank> <ms>"   rank = full or an integer: the median ms per step over at least <ms> ms of steps
Starts by printing {"torch": version}. The workload is bench/ganStep.ts's: G z(64) -> 256 -> 256 -> 64 (tanh),
D 64 -> 256 -> 256 -> 1, LeakyReLU(0.2), batch 64, BCE with logits, Adam(2e-4, (0.5, 0.999)); a rank-r
layer is Linear(n, r, bias=False) then Linear(r, m), as LowRankLinear(n, m, r).
"""
import json
import os
import sys
import time

# Debian's torch calls whatever libblas.so.3 the alternatives point at (reference BLAS or OpenBLAS) and does
# not pass its thread count on, so OpenBLAS's own pool is held to one thread before the library loads.
os.environ.setdefault('OPENBLAS_NUM_THREADS', '1')
os.environ.setdefault('OMP_NUM_THREADS', '1')

import torch  # noqa: E402
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(1)


def layer(n, m, rank):
    if rank == 'full' or min(n, m) <= rank:
        return nn.Linear(n, m)
    return nn.Sequential(nn.Linear(n, rank, bias=False), nn.Linear(rank, m))


def workload(rank, width=256, batch=64, dim=64):
    torch.manual_seed(1)
    G = nn.Sequential(layer(64, width, rank), nn.LeakyReLU(0.2), layer(width, width, rank), nn.LeakyReLU(0.2),
                      layer(width, dim, rank), nn.Tanh())
    D = nn.Sequential(layer(dim, width, rank), nn.LeakyReLU(0.2), layer(width, width, rank), nn.LeakyReLU(0.2),
                      layer(width, 1, rank))
    opt_g = torch.optim.Adam(G.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(D.parameters(), lr=2e-4, betas=(0.5, 0.999))
    real = torch.tanh(torch.randn(batch, dim))
    ones, zeros = torch.ones(batch, 1), torch.zeros(batch, 1)

    def step():
        with torch.no_grad():
            fake = G(torch.randn(batch, 64))
        loss_d = (F.binary_cross_entropy_with_logits(D(real), ones)
                  + F.binary_cross_entropy_with_logits(D(fake), zeros))
        opt_d.zero_grad()
        loss_d.backward()
        opt_d.step()
        for p in D.parameters():
            p.requires_grad_(False)
        loss_g = F.binary_cross_entropy_with_logits(D(G(torch.randn(batch, 64))), ones)
        opt_g.zero_grad()
        loss_g.backward()
        opt_g.step()
        for p in D.parameters():
            p.requires_grad_(True)

    return step


def median_step_ms(step, min_ms, min_steps=7):
    times = []
    start = time.perf_counter()
    while (time.perf_counter() - start) * 1000 < min_ms or len(times) < min_steps:
        t0 = time.perf_counter()
        step()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return times[len(times) // 2]


def blas():
    """The BLAS library mapped into this process (after one product), and the GFLOP/s of a 256^3 product (best round)."""
    a, b = torch.randn(256, 256), torch.randn(256, 256)
    for _ in range(3):
        a @ b
    best = float('inf')
    for _ in range(5):  # the best of 5 rounds: the machine is shared
        t0 = time.perf_counter()
        for _ in range(10):
            a @ b
        best = min(best, (time.perf_counter() - t0) / 10)
    gflops = 2 * 256 ** 3 / best / 1e9
    with open('/proc/self/maps') as maps:
        text = maps.read()
    name = 'OpenBLAS' if 'openblas' in text else 'reference BLAS' if 'libblas' in text else 'unknown BLAS'
    return name, gflops


def main():
    steps = {}
    name, gflops = blas()
    print(json.dumps({'torch': torch.__version__, 'blas': name, 'gflops256': round(gflops, 1)}), flush=True)
    for line in sys.stdin:
        rank_text, ms_text = line.split()
        rank = rank_text if rank_text == 'full' else int(rank_text)
        if rank_text not in steps:
            steps[rank_text] = workload(rank)
            for _ in range(5):
                steps[rank_text]()
        print(json.dumps({'ms': median_step_ms(steps[rank_text], float(ms_text))}), flush=True)


main()
