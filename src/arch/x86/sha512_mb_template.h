/* SPDX-License-Identifier: MIT */
/*
 * The multi-buffer SHA-512 compression, written once over a vector type:
 * the including file defines
 *   V              the vector type (one 64-bit word per lane)
 *   ADD(a, b)      lane-wise addition mod 2^64
 *   BCAST(x)       x in every lane
 *   XOR3(a, b, c)  a ^ b ^ c
 *   ROR(x, n)      rotate right by n, SHR(x, n) shift right by n
 *   CH(e, f, g)    (e & f) ^ (~e & g),  MAJ(a, b, c) the bitwise majority
 *   LOAD(p), STORE(p, v)  an aligned vector load and store at p
 *   TARGET         the function attribute enabling the instructions
 * and includes this file to get sha512_mb_rounds(s, l, w), which
 * compresses the block in w[] (word-sliced, already host-order) into the
 * lanes of `s` starting at lane l.  w[] is overwritten by the message
 * schedule: the caller wipes it.
 *
 * Every index is a constant or the round counter: no data-dependent
 * branch or address.
 */

#define BSIG0(x) XOR3(ROR(x, 28), ROR(x, 34), ROR(x, 39))
#define BSIG1(x) XOR3(ROR(x, 14), ROR(x, 18), ROR(x, 41))
#define SSIG0(x) XOR3(ROR(x, 1), ROR(x, 8), SHR(x, 7))
#define SSIG1(x) XOR3(ROR(x, 19), ROR(x, 61), SHR(x, 6))

/* Round t + i on the rotating names a..h (h becomes the new a). */
#define ROUND(a, b, c, d, e, f, g, h, i)                                      \
	do {                                                                  \
		V t1_ = ADD(ADD(h, BCAST(k[t + (i)])), w[i]);                 \
		t1_ = ADD(ADD(t1_, CH(e, f, g)), BSIG1(e));                   \
		d = ADD(d, t1_);                                              \
		h = ADD(t1_, ADD(BSIG0(a), MAJ(a, b, c)));                    \
	} while (0)

#define ROUNDS8(i)                                                            \
	ROUND(a, b, c, d, e, f, g, h, (i) + 0);                               \
	ROUND(h, a, b, c, d, e, f, g, (i) + 1);                               \
	ROUND(g, h, a, b, c, d, e, f, (i) + 2);                               \
	ROUND(f, g, h, a, b, c, d, e, (i) + 3);                               \
	ROUND(e, f, g, h, a, b, c, d, (i) + 4);                               \
	ROUND(d, e, f, g, h, a, b, c, (i) + 5);                               \
	ROUND(c, d, e, f, g, h, a, b, (i) + 6);                               \
	ROUND(b, c, d, e, f, g, h, a, (i) + 7)

/* W_{t+i} for the next 16 rounds, in the ring of the last 16 words. */
#define SCHED(i)                                                              \
	w[i] = ADD(ADD(w[i], SSIG1(w[((i) + 14) & 15])),                      \
		   ADD(w[((i) + 9) & 15], SSIG0(w[((i) + 1) & 15])))

#define SCHED4(i) SCHED(i); SCHED((i) + 1); SCHED((i) + 2); SCHED((i) + 3)

static TARGET void sha512_mb_rounds(struct extcrypt_sha512_mb_state *s,
				    unsigned l, V w[16])
{
	const uint64_t *k = extcrypt_sha512_k;
	V a = LOAD(&s->h[0][l]), b = LOAD(&s->h[1][l]);
	V c = LOAD(&s->h[2][l]), d = LOAD(&s->h[3][l]);
	V e = LOAD(&s->h[4][l]), f = LOAD(&s->h[5][l]);
	V g = LOAD(&s->h[6][l]), h = LOAD(&s->h[7][l]);

	/* Make the compiler read the input state again for the final
	 * additions instead of keeping it in 8 more registers: with the 16
	 * schedule words that would not fit, and it would spill secrets to
	 * the stack where nothing wipes them. */
	__asm__ volatile("" ::: "memory");
	for (int t = 0; t < 80; t += 16) {
		if (t != 0) {
			SCHED4(0); SCHED4(4); SCHED4(8); SCHED4(12);
		}
		ROUNDS8(0);
		ROUNDS8(8);
	}
	STORE(&s->h[0][l], ADD(LOAD(&s->h[0][l]), a));
	STORE(&s->h[1][l], ADD(LOAD(&s->h[1][l]), b));
	STORE(&s->h[2][l], ADD(LOAD(&s->h[2][l]), c));
	STORE(&s->h[3][l], ADD(LOAD(&s->h[3][l]), d));
	STORE(&s->h[4][l], ADD(LOAD(&s->h[4][l]), e));
	STORE(&s->h[5][l], ADD(LOAD(&s->h[5][l]), f));
	STORE(&s->h[6][l], ADD(LOAD(&s->h[6][l]), g));
	STORE(&s->h[7][l], ADD(LOAD(&s->h[7][l]), h));
}

#undef BSIG0
#undef BSIG1
#undef SSIG0
#undef SSIG1
#undef ROUND
#undef ROUNDS8
#undef SCHED
#undef SCHED4
