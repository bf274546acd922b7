/*
 * The native limit for `bench/run ec`: ISA-L's ec_encode_data on one thread, in C, with
 * nothing between the caller and the library. The EC suite compiles this file with
 * `gcc -O2 ec_bench.c -lisal` at run time and runs it beside the Java codecs.
 *
 * usage: ec_bench WINDOW_MILLIS WINDOWS K+M:SHARD_BYTES [K+M:SHARD_BYTES ...]
 * prints one line per scheme, size and operation:
 *   native op=encode k=8 m=3 shard=1048576 gbps=18.012 calls=4321
 * gbps counts the k data shards of a stripe (k * SHARD_BYTES per call), for encode and for
 * decode alike, and is the best of WINDOWS windows of WINDOW_MILLIS each (after a warm-up
 * window), the way the EC suite reads its JMH iterations. Decode rebuilds the first m data shards from the other k-m data shards and
 * the m parity shards, with its tables prepared once beforehand (as the Java codecs cache
 * them), so both operations time ec_encode_data alone.
 */
#include <isa-l/erasure_code.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_SHARDS 64

static double now_sec(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static unsigned char *aligned(size_t bytes) {
  void *p = NULL;
  if (posix_memalign(&p, 64, bytes) != 0) {
    fprintf(stderr, "ec_bench: out of memory (%zu bytes)\n", bytes);
    exit(1);
  }
  return p;
}

static long window_millis = 600;
static int windows = 5;

/*
 * Calls ec_encode_data for one warm-up window, then `windows` windows, and returns the best
 * window's GB/s: other processes on a shared machine only ever slow a window down, so the
 * best one is the closest to what the code can do.
 */
static double run(int len, int k, int rows, unsigned char *tables, unsigned char **src,
                  unsigned char **dst, long *calls_out) {
  double warm_until = now_sec() + window_millis / 1000.0;
  while (now_sec() < warm_until) {
    ec_encode_data(len, k, rows, tables, src, dst);
  }
  double best = 0;
  long total = 0;
  /* Read the clock about once per MiB of data, so tiny calls do not time the clock. */
  long batch = 1 + (1L << 20) / ((long) k * len);
  for (int w = 0; w < windows; w++) {
    long calls = 0;
    double start = now_sec(), end = start + window_millis / 1000.0, t;
    do {
      for (long i = 0; i < batch; i++) {
        ec_encode_data(len, k, rows, tables, src, dst);
      }
      calls += batch;
      t = now_sec();
    } while (t < end);
    double gbps = (double) calls * k * len / (t - start) / 1e9;
    best = gbps > best ? gbps : best;
    total += calls;
  }
  *calls_out = total;
  return best;
}

static int bench(int k, int m, int len) {
  int n = k + m;
  if (k < 1 || m < 1 || n > MAX_SHARDS || len < 64) {
    fprintf(stderr, "ec_bench: bad scheme %d+%d:%d\n", k, m, len);
    return 1;
  }
  unsigned char *shards[MAX_SHARDS];
  for (int i = 0; i < n; i++) {
    shards[i] = aligned(len);
    for (int b = 0; b < len; b++) {
      shards[i][b] = (unsigned char) rand();
    }
  }
  unsigned char *matrix = aligned(n * k), *tables = aligned(32 * k * m);
  gf_gen_cauchy1_matrix(matrix, n, k);
  ec_init_tables(k, m, &matrix[k * k], tables);
  long calls;
  double gbps = run(len, k, m, tables, shards, &shards[k], &calls);
  printf("native op=encode k=%d m=%d shard=%d gbps=%.3f calls=%ld\n", k, m, len, gbps, calls);

  /* Decode: lose data shards 0..m-1, rebuild them from shards m..n-1. */
  unsigned char *sub = aligned(k * k), *inv = aligned(k * k), *dtables = aligned(32 * k * m);
  unsigned char *src[MAX_SHARDS], *dst[MAX_SHARDS];
  for (int i = 0; i < k; i++) {
    memcpy(&sub[k * i], &matrix[k * (m + i)], k);
    src[i] = shards[m + i];
  }
  if (gf_invert_matrix(sub, inv, k) != 0) {
    fprintf(stderr, "ec_bench: singular decode matrix for %d+%d\n", k, m);
    return 1;
  }
  for (int i = 0; i < m; i++) {
    dst[i] = aligned(len);
  }
  ec_init_tables(k, m, inv, dtables);  /* rows 0..m-1 of the inverse rebuild data 0..m-1 */
  gbps = run(len, k, m, dtables, src, dst, &calls);
  for (int i = 0; i < m; i++) {
    if (memcmp(dst[i], shards[i], len) != 0) {
      fprintf(stderr, "ec_bench: decode of %d+%d rebuilt wrong data\n", k, m);
      return 1;
    }
    free(dst[i]);
  }
  printf("native op=decode k=%d m=%d shard=%d gbps=%.3f calls=%ld\n", k, m, len, gbps, calls);
  fflush(stdout);
  for (int i = 0; i < n; i++) {
    free(shards[i]);
  }
  free(matrix); free(tables); free(sub); free(inv); free(dtables);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 4 || atol(argv[1]) < 1 || atoi(argv[2]) < 1) {
    fprintf(stderr, "usage: ec_bench WINDOW_MILLIS WINDOWS K+M:SHARD_BYTES [K+M:SHARD_BYTES ...]\n");
    return 2;
  }
  window_millis = atol(argv[1]);
  windows = atoi(argv[2]);
  srand(42);
  for (int i = 3; i < argc; i++) {
    int k, m, len;
    if (sscanf(argv[i], "%d+%d:%d", &k, &m, &len) != 3) {
      fprintf(stderr, "ec_bench: expected K+M:SHARD_BYTES, got '%s'\n", argv[i]);
      return 2;
    }
    if (bench(k, m, len) != 0) {
      return 1;
    }
  }
  return 0;
}
