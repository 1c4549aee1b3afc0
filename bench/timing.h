/* SPDX-License-Identifier: MIT */
/*
 * timing.h - clocks, CPU pinning and the measurement loop of extcrypt-bench.
 *
 * A workload is a function that performs `n` operations ("calls").  The
 * loop warms it up while sizing a repetition to a target duration, then
 * times several repetitions and keeps median, min and max per call, in
 * nanoseconds (CLOCK_MONOTONIC_RAW) and, on x86, in TSC ticks.
 *
 * Workloads that are to be compared (OpenSSL and each implementation on
 * the same row) are measured as one group with their repetitions
 * interleaved, so load from elsewhere on the machine falls on all of them
 * alike instead of on whichever happened to run at the wrong moment.
 */
#ifndef EXTCRYPT_BENCH_TIMING_H
#define EXTCRYPT_BENCH_TIMING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Performs `n` operations on `arg`; fatal errors exit the process. */
typedef void (*bench_fn)(void *arg, uint64_t n);

struct bench_params {
	double warmup_s; /* warm-up (and sizing) time per measurement */
	double rep_s;    /* target duration of one repetition */
	unsigned reps;   /* repetitions, at most BENCH_MAX_REPS */
};

#define BENCH_MAX_REPS 64
#define BENCH_MAX_THREADS 8
#define BENCH_MAX_WORK 8 /* workloads in one group */

/* Per-call figures over the repetitions.  TSC fields are < 0 if there is
 * no TSC (non-x86). */
struct bench_stats {
	unsigned reps;
	unsigned threads;
	uint64_t calls_per_rep; /* per thread */
	double ns_med, ns_min, ns_max;    /* wall ns per call (per thread) */
	double tsc_med, tsc_min, tsc_max; /* TSC ticks per call on one core */
	/* Median over the repetitions of the threads' CPU time / wall time:
	 * below 1 the bench was preempted (other load on the machine) and
	 * the figures are that much less trustworthy. */
	double cpu_share;
};

/* Rows whose cpu_share is below this are flagged in the output. */
#define BENCH_CPU_SHARE_OK 0.90

/* true if this build reads a TSC (x86). */
bool bench_have_tsc(void);

/* CLOCK_MONOTONIC_RAW in nanoseconds. */
uint64_t bench_now_ns(void);

/* TSC frequency in MHz, measured against CLOCK_MONOTONIC_RAW over about
 * `seconds` (busy-waiting, which also wakes the core up); 0 without TSC. */
double bench_tsc_mhz(double seconds);

/* CPUs this process may run on, in increasing order; returns the count. */
size_t bench_allowed_cpus(int *cpus, size_t cap);

/* Pins the calling thread to `cpu`; returns 0 or -1 (errno set). */
int bench_pin_self(int cpu);

/*
 * Measures `nwork` workloads with `nthreads` threads each: workload w runs
 * fns[w] with args[w * nthreads + t] in thread t, which is pinned to
 * cpus[t] (cpus may be NULL: no pinning).  Each workload is warmed up in
 * turn; then repetition r times every workload once, in an order rotated
 * by r.  One thread runs in the caller's own thread (pin the caller
 * beforehand); more run in new threads that start every repetition
 * together.  Results go to out[w].
 *
 * Returns 0; -1 for bad arguments (nothing measured) or if a thread could
 * not be pinned (results filled).  Exits if threads cannot be created.
 */
int bench_measure(const struct bench_params *p, unsigned nwork,
		  const bench_fn *fns, void *const *args, const int *cpus,
		  unsigned nthreads, struct bench_stats *out);

#endif /* EXTCRYPT_BENCH_TIMING_H */
