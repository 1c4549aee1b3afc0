// SPDX-License-Identifier: MIT
/*
 * Measurement: clocks, pinning, warm-up, repetitions, median.
 *
 * Method (docs of the figures: /work/shared/reference/perf-anchors.md §0):
 * each measurement is warmed up for a fixed time, during which the number
 * of calls per repetition is chosen so that one repetition lasts about
 * rep_s; then `reps` repetitions are timed and the median, min and max per
 * call are kept.  The median is robust to the occasional preemption on a
 * shared machine; min and max show how noisy the run was.
 *
 * Workloads measured together have their repetitions interleaved (see
 * timing.h), so that the ratios between them, which are what the bench is
 * for, are not skewed by load that comes and goes on a shared machine.
 *
 * With several threads every repetition starts at a barrier; its duration
 * is from the earliest start to the latest end over the threads, so a
 * straggler makes the aggregate slower, never faster.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#define BENCH_HAVE_TSC 1
#else
#define BENCH_HAVE_TSC 0
#endif

#include "timing.h"

bool bench_have_tsc(void)
{
	return BENCH_HAVE_TSC;
}

/* CPU time of the calling thread (a system call, so only per repetition). */
static uint64_t thread_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t bench_now_ns(void)
{
	struct timespec ts;

	/* RAW: not slewed by NTP, so short intervals are not stretched or
	 * shrunk while the clock is being adjusted. */
	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/*
 * rdtsc is not ordered with the instructions around it.  At the start,
 * lfence before waits for earlier work to finish and lfence after keeps
 * the timed code from starting early; at the end, rdtscp waits for the
 * timed code and lfence keeps later code from overlapping the read.
 */
static inline uint64_t tsc_begin(void)
{
#if BENCH_HAVE_TSC
	uint64_t t;

	_mm_lfence();
	t = __rdtsc();
	_mm_lfence();
	return t;
#else
	return 0;
#endif
}

static inline uint64_t tsc_end(void)
{
#if BENCH_HAVE_TSC
	unsigned aux;
	uint64_t t = __rdtscp(&aux);

	_mm_lfence();
	return t;
#else
	return 0;
#endif
}

double bench_tsc_mhz(double seconds)
{
	if (!BENCH_HAVE_TSC)
		return 0;
	uint64_t n0 = bench_now_ns(), t0 = tsc_begin();
	uint64_t n1, t1;

	do {
		n1 = bench_now_ns();
	} while ((double)(n1 - n0) < seconds * 1e9);
	t1 = tsc_end();
	return (double)(t1 - t0) * 1e3 / (double)(n1 - n0);
}

size_t bench_allowed_cpus(int *cpus, size_t cap)
{
	cpu_set_t set;
	size_t n = 0;

	if (sched_getaffinity(0, sizeof(set), &set) != 0)
		return 0;
	for (int c = 0; c < CPU_SETSIZE && n < cap; c++)
		if (CPU_ISSET(c, &set))
			cpus[n++] = c;
	return n;
}

int bench_pin_self(int cpu)
{
	cpu_set_t set;
	int err;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	err = pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	if (err != 0) {
		errno = err;
		return -1;
	}
	return 0;
}

/* ---- the measurement loop --------------------------------------------- */

struct sample {
	uint64_t start_ns, end_ns, ticks, cpu_ns;
};

struct run {
	const struct bench_params *p;
	unsigned nwork, nthreads;
	const bench_fn *fns;
	void *const *args;
	const int *cpus;
	pthread_barrier_t barrier;
	uint64_t calls_wanted[BENCH_MAX_WORK][BENCH_MAX_THREADS];
	uint64_t calls[BENCH_MAX_WORK]; /* per repetition and thread */
	struct sample s[BENCH_MAX_WORK][BENCH_MAX_REPS][BENCH_MAX_THREADS];
	bool pin_failed;
};

struct worker {
	struct run *run;
	unsigned t;
};

/*
 * Runs the workload for warmup_s while doubling the batch until one batch
 * takes at least 1/8 of a repetition (so the clock reads are negligible
 * and the estimate is not one lucky call), then returns the number of
 * calls one repetition needs.
 */
static uint64_t warm_up(const struct bench_params *p, bench_fn fn, void *arg)
{
	const double rep_ns = p->rep_s * 1e9;
	uint64_t begin = bench_now_ns(), n = 1;
	double per_call = 0;

	for (;;) {
		uint64_t t0 = bench_now_ns(), dt;

		fn(arg, n);
		dt = bench_now_ns() - t0;
		bool long_enough = (double)dt >= rep_ns / 8;

		if (long_enough)
			per_call = (double)dt / (double)n;
		else
			n *= 2;
		if (long_enough &&
		    (double)(bench_now_ns() - begin) >= p->warmup_s * 1e9)
			break;
	}
	uint64_t calls = (uint64_t)(rep_ns / per_call + 0.5);

	return calls > 0 ? calls : 1;
}

static void *worker_main(void *opaque)
{
	struct worker *w = opaque;
	struct run *r = w->run;
	const unsigned t = w->t, nt = r->nthreads;

	if (nt > 1 && r->cpus != NULL && bench_pin_self(r->cpus[t]))
		r->pin_failed = true; /* reported; the figures still stand */

	/* Warm up together, so the sizing sees the same contention as the
	 * timed repetitions; all threads then use the largest count. */
	for (unsigned k = 0; k < r->nwork; k++) {
		pthread_barrier_wait(&r->barrier);
		r->calls_wanted[k][t] =
			warm_up(r->p, r->fns[k], r->args[k * nt + t]);
		pthread_barrier_wait(&r->barrier);
		if (t == 0) {
			uint64_t m = 0;

			for (unsigned i = 0; i < nt; i++)
				if (r->calls_wanted[k][i] > m)
					m = r->calls_wanted[k][i];
			r->calls[k] = m;
		}
	}
	pthread_barrier_wait(&r->barrier);

	for (unsigned rep = 0; rep < r->p->reps; rep++) {
		for (unsigned i = 0; i < r->nwork; i++) {
			/* Rotate the order so no workload always runs
			 * right after the same other one. */
			unsigned k = (rep + i) % r->nwork;
			void *arg = r->args[k * nt + t];
			struct sample *s = &r->s[k][rep][t];

			pthread_barrier_wait(&r->barrier);
			uint64_t c0 = thread_cpu_ns();
			uint64_t n0 = bench_now_ns();
			uint64_t t0 = tsc_begin();

			r->fns[k](arg, r->calls[k]);
			uint64_t t1 = tsc_end();

			s->end_ns = bench_now_ns();
			s->cpu_ns = thread_cpu_ns() - c0;
			s->start_ns = n0;
			s->ticks = t1 - t0;
		}
	}
	return NULL;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Median, min and max of v[0..n); sorts v. */
static void summarize(double *v, unsigned n, double *med, double *min,
		      double *max)
{
	qsort(v, n, sizeof(*v), cmp_double);
	*min = v[0];
	*max = v[n - 1];
	*med = (n % 2) ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The statistics of workload k from its samples. */
static void collect(const struct run *r, unsigned k, struct bench_stats *out)
{
	double ns[BENCH_MAX_REPS], ticks[BENCH_MAX_REPS], share[BENCH_MAX_REPS];
	double unused_min, unused_max;
	const double calls = (double)r->calls[k];

	for (unsigned rep = 0; rep < r->p->reps; rep++) {
		const struct sample *s = r->s[k][rep];
		uint64_t first = s[0].start_ns, last = s[0].end_ns;
		double tk = 0, sh = 0;

		for (unsigned t = 0; t < r->nthreads; t++) {
			if (s[t].start_ns < first)
				first = s[t].start_ns;
			if (s[t].end_ns > last)
				last = s[t].end_ns;
			tk += (double)s[t].ticks;
			sh += (double)s[t].cpu_ns /
			      (double)(s[t].end_ns - s[t].start_ns + 1);
		}
		share[rep] = sh / r->nthreads;
		ns[rep] = (double)(last - first) / calls;
		/* Ticks per call on one core: each thread's own count,
		 * averaged over the threads. */
		ticks[rep] = tk / r->nthreads / calls;
	}
	out->reps = r->p->reps;
	out->threads = r->nthreads;
	out->calls_per_rep = r->calls[k];
	summarize(ns, r->p->reps, &out->ns_med, &out->ns_min, &out->ns_max);
	summarize(share, r->p->reps, &out->cpu_share, &unused_min, &unused_max);
	if (BENCH_HAVE_TSC)
		summarize(ticks, r->p->reps, &out->tsc_med, &out->tsc_min,
			  &out->tsc_max);
	else
		out->tsc_med = out->tsc_min = out->tsc_max = -1;
}

int bench_measure(const struct bench_params *p, unsigned nwork,
		  const bench_fn *fns, void *const *args, const int *cpus,
		  unsigned nthreads, struct bench_stats *out)
{
	struct worker w[BENCH_MAX_THREADS];
	pthread_t tid[BENCH_MAX_THREADS];
	struct run *r;
	int ret;

	if (nwork < 1 || nwork > BENCH_MAX_WORK || nthreads < 1 ||
	    nthreads > BENCH_MAX_THREADS || p->reps < 1 ||
	    p->reps > BENCH_MAX_REPS)
		return -1;
	r = calloc(1, sizeof(*r));
	if (r == NULL)
		return -1;
	r->p = p; /* field by field: the struct is large, keep it off the stack */
	r->nwork = nwork;
	r->nthreads = nthreads;
	r->fns = fns;
	r->args = args;
	r->cpus = cpus;
	pthread_barrier_init(&r->barrier, NULL, nthreads);

	for (unsigned t = 0; t < nthreads; t++)
		w[t] = (struct worker){ .run = r, .t = t };
	if (nthreads == 1) {
		worker_main(&w[0]);
	} else {
		for (unsigned t = 0; t < nthreads; t++) {
			if (pthread_create(&tid[t], NULL, worker_main, &w[t])) {
				/* The started threads wait at a barrier that
				 * will never open: nothing sensible is left
				 * to do. */
				fputs("extcrypt-bench: cannot create threads\n",
				      stderr);
				exit(1);
			}
		}
		for (unsigned t = 0; t < nthreads; t++)
			pthread_join(tid[t], NULL);
	}
	for (unsigned k = 0; k < nwork; k++)
		collect(r, k, &out[k]);
	ret = r->pin_failed ? -1 : 0;
	pthread_barrier_destroy(&r->barrier);
	free(r);
	return ret;
}
