// fastgru's device kernels, compiled to PTX for compute_80 (the driver JIT-compiles it for sm_80
// and sm_90) by gen.sh; the PTX is committed and embedded by the Go package.
//
// Every parameter is 8 bytes wide (pointers, long long, or a float in an 8-byte slot), as
// gorgonia.org/cu's LaunchKernel copies each one as 8 bytes.
//
// SGEMM: C = epilogue(alpha·A·B + beta·C) with A(i,p) at a[i*rsa + p*csa] and B(p,j) at
// b[p*rsb + j*csb], so that either operand may be transposed by its strides. 128×128 tiles of
// C per block of 256 threads, k in steps of 8 (FP32: 8×8 outputs per thread) or 16 (TF32: eight
// warps of 32×64, on mma.sync m16n8k8); the GRU steps' products take 32×32 tiles.

#include <stdint.h>

#define BM 128
#define BN 128

// Activation codes, the Go package's actCode.
enum { ACT_LINEAR = 0, ACT_RELU = 1, ACT_SIGMOID = 2, ACT_HARD_SIGMOID = 3, ACT_TANH = 4, ACT_SOFTMAX = 5 };

// Epilogues.
enum { EPI_ACT = 0, EPI_GRU_ZR = 1, EPI_GRU_H = 2 };

__device__ __forceinline__ float sigmoidf(float x) { return 1.0f / (1.0f + expf(-x)); }

// The larger of a and b, or NaN when either is NaN (fmaxf would drop it).
__device__ __forceinline__ float nanmax(float a, float b) { return a != a || b != b ? a + b : fmaxf(a, b); }

__device__ __forceinline__ float activate(float v, long long act) {
    switch (act) {
    case ACT_RELU: return v > 0.0f || v != v ? v : 0.0f;
    case ACT_SIGMOID: return sigmoidf(v);
    case ACT_HARD_SIGMOID: return fminf(fmaxf(0.2f * v + 0.5f, 0.0f), 1.0f);
    case ACT_TANH: return tanhf(v);
    }
    return v;
}

// The epilogue's inputs besides C: bias and act for EPI_ACT; the GRU step's input projection x
// (row i at x[i*ldx], at the gate's section), the state h (rows units apart), z (rows ldz apart)
// and the output sequence o (rows ldo apart, or null).
struct Epi {
    const float *bias;
    long long act;
    const float *x;
    long long ldx;
    const float *h;
    const float *z;
    long long ldz;
    float *o;
    long long ldo;
    long long units;
};

// Writes the finished value v of C(i, j).
template <int EPI>
__device__ __forceinline__ void store(float *c, long long ldc, long long i, long long j, float v,
                                      float beta, const Epi &e) {
    float *cij = c + i * ldc + j;
    if (EPI == EPI_ACT) {
        if (beta != 0.0f) v += beta * *cij;
        if (e.bias) v += e.bias[j];
        *cij = activate(v, e.act);
    } else if (EPI == EPI_GRU_ZR) {
        // Columns [0, units): z = σ(x_z + h·U_z); [units, 2·units): rh = σ(x_r + h·U_r)·h.
        float g = sigmoidf(v + e.x[i * e.ldx + j]);
        if (j >= e.units) g *= e.h[i * e.units + j - e.units];
        *cij = g;
    } else {
        // c = tanh(x_h + rh·U_h), h = c + z·(h - c), written to C (h itself) and o.
        float cand = tanhf(v + e.x[i * e.ldx + j]);
        float h = e.h[i * e.units + j];
        float out = cand + e.z[i * e.ldz + j] * (h - cand);
        *cij = out;
        if (e.o) e.o[i * e.ldo + j] = out;
    }
}

// The row softmax fused into the FP32 product when n ≤ 16·TN, so that one block holds whole rows:
// a row of the tile lies in the 16 threads of a half warp, which reduce its max and sum by
// shuffles. Rows from i on, the thread's columns from j.
template <int TM, int TN>
__device__ __forceinline__ void softmax_tile(float (&acc)[TM][TN], float *c, long long ldc, long long i,
                                             int j, long long m, long long n, float alpha, float beta,
                                             const float *bias) {
    for (int r = 0; r < TM; r++, i++) {
        float v[TN];
        float mx = -INFINITY;
#pragma unroll
        for (int q = 0; q < TN; q++) {
            v[q] = -INFINITY;
            if (i < m && j + q < n) {
                v[q] = alpha * acc[r][q];
                if (beta != 0.0f) v[q] += beta * c[i * ldc + j + q];
                if (bias) v[q] += bias[j + q];
                mx = nanmax(mx, v[q]);
            }
        }
        for (int off = 8; off > 0; off /= 2) mx = nanmax(mx, __shfl_xor_sync(0xffffffffu, mx, off));
        float sum = 0.0f;
#pragma unroll
        for (int q = 0; q < TN; q++) {
            v[q] = i < m && j + q < n ? expf(v[q] - mx) : 0.0f;
            sum += v[q];
        }
        for (int off = 8; off > 0; off /= 2) sum += __shfl_xor_sync(0xffffffffu, sum, off);
        if (i < m)
            for (int q = 0; q < TN; q++)
                if (j + q < n) c[i * ldc + j + q] = v[q] / sum;
    }
}

// 256 threads as 16×16, each computing TM×TN outputs of a (16·TM)×(16·TN) tile; k in steps of 8.
template <int EPI, int TM, int TN>
__device__ void sgemm_f32(const float *a, long long rsa, long long csa, const float *b, long long rsb,
                          long long csb, float *c, long long ldc, long long m, long long n, long long k,
                          float alpha, float beta, const Epi &e) {
    constexpr int TBM = 16 * TM, TBN = 16 * TN;
    __shared__ float as[8][TBM + 4]; // padded: the row-major loads below write down its columns
    __shared__ float bs[8][TBN];
    const int tid = threadIdx.x;
    const long long i0 = (long long)blockIdx.y * TBM, j0 = (long long)blockIdx.x * TBN;
    const int ti = (tid / 16) * TM, tj = (tid % 16) * TN;
    float acc[TM][TN] = {};
    for (long long p0 = 0; p0 < k; p0 += 8) {
        // The tiles of A and B, zeros past the edges, neighbouring threads reading neighbouring
        // floats of whichever axis is contiguous in memory.
        for (int l = tid; l < 8 * TBM; l += 256) {
            int p = csa == 1 ? l % 8 : l / TBM, r = csa == 1 ? l / 8 : l % TBM;
            long long gi = i0 + r, gp = p0 + p;
            as[p][r] = gi < m && gp < k ? a[gi * rsa + gp * csa] : 0.0f;
        }
        for (int l = tid; l < 8 * TBN; l += 256) {
            int p = csb == 1 ? l / TBN : l % 8, q = csb == 1 ? l % TBN : l / 8;
            long long gj = j0 + q, gp = p0 + p;
            bs[p][q] = gj < n && gp < k ? b[gp * rsb + gj * csb] : 0.0f;
        }
        __syncthreads();
#pragma unroll
        for (int p = 0; p < 8; p++) {
            float av[TM], bv[TN];
#pragma unroll
            for (int r = 0; r < TM; r++) av[r] = as[p][ti + r];
#pragma unroll
            for (int q = 0; q < TN; q++) bv[q] = bs[p][tj + q];
#pragma unroll
            for (int r = 0; r < TM; r++)
#pragma unroll
                for (int q = 0; q < TN; q++) acc[r][q] += av[r] * bv[q];
        }
        __syncthreads();
    }
    if (EPI == EPI_ACT && e.act == ACT_SOFTMAX) {
        softmax_tile<TM, TN>(acc, c, ldc, i0 + ti, tj, m, n, alpha, beta, e.bias);
        return;
    }
    for (int r = 0; r < TM; r++) {
        long long i = i0 + ti + r;
        if (i >= m) break;
        for (int q = 0; q < TN; q++) {
            long long j = j0 + tj + q;
            if (j < n) store<EPI>(c, ldc, i, j, alpha * acc[r][q], beta, e);
        }
    }
}

__device__ __forceinline__ uint32_t tf32(float x) {
    uint32_t r;
    asm("cvt.rna.tf32.f32 %0, %1;" : "=r"(r) : "f"(x));
    return r;
}

// The TF32 tensor-core version: each warp computes 32×64 of the 128×128 tile as 2×8 mma tiles of
// 16×8, k in steps of 8 within shared tiles of 16.
template <int EPI>
__device__ void sgemm_tf32(const float *a, long long rsa, long long csa, const float *b, long long rsb,
                           long long csb, float *c, long long ldc, long long m, long long n, long long k,
                           float alpha, float beta, const Epi &e) {
    __shared__ float as[BM][16 + 4]; // row-major A tile, padded against bank conflicts
    __shared__ float bs[16][BN + 8]; // padded so that a B fragment's loads hit 32 banks
    const int tid = threadIdx.x, warp = tid / 32, lane = tid % 32;
    const int wi = (warp / 2) * 32, wj = (warp % 2) * 64; // the warp's corner in the tile
    const int g = lane / 4, t = lane % 4;                 // mma fragment coordinates
    const long long i0 = (long long)blockIdx.y * BM, j0 = (long long)blockIdx.x * BN;
    float acc[2][8][4] = {};
    for (long long p0 = 0; p0 < k; p0 += 16) {
        for (int l = tid; l < BM * 16; l += 256) {
            int r = csa == 1 ? l / 16 : l % BM, p = csa == 1 ? l % 16 : l / BM;
            long long gi = i0 + r, gp = p0 + p;
            as[r][p] = gi < m && gp < k ? a[gi * rsa + gp * csa] : 0.0f;
        }
        for (int l = tid; l < 16 * BN; l += 256) {
            int p = csb == 1 ? l / BN : l % 16, q = csb == 1 ? l % BN : l / 16;
            long long gj = j0 + q, gp = p0 + p;
            bs[p][q] = gj < n && gp < k ? b[gp * rsb + gj * csb] : 0.0f;
        }
        __syncthreads();
#pragma unroll
        for (int kk = 0; kk < 16; kk += 8) {
            uint32_t af[2][4], bf[8][2];
#pragma unroll
            for (int mi = 0; mi < 2; mi++) {
                int r = wi + mi * 16 + g;
                af[mi][0] = tf32(as[r][kk + t]);
                af[mi][1] = tf32(as[r + 8][kk + t]);
                af[mi][2] = tf32(as[r][kk + t + 4]);
                af[mi][3] = tf32(as[r + 8][kk + t + 4]);
            }
#pragma unroll
            for (int ni = 0; ni < 8; ni++) {
                int q = wj + ni * 8 + g;
                bf[ni][0] = tf32(bs[kk + t][q]);
                bf[ni][1] = tf32(bs[kk + t + 4][q]);
            }
#pragma unroll
            for (int mi = 0; mi < 2; mi++)
#pragma unroll
                for (int ni = 0; ni < 8; ni++) {
                    float *d = acc[mi][ni];
                    asm volatile(
                        "mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32 "
                        "{%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
                        : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
                        : "r"(af[mi][0]), "r"(af[mi][1]), "r"(af[mi][2]), "r"(af[mi][3]),
                          "r"(bf[ni][0]), "r"(bf[ni][1]));
                }
        }
        __syncthreads();
    }
    for (int mi = 0; mi < 2; mi++)
        for (int ni = 0; ni < 8; ni++)
            for (int v = 0; v < 4; v++) {
                long long i = i0 + wi + mi * 16 + g + (v >= 2 ? 8 : 0);
                long long j = j0 + wj + ni * 8 + 2 * t + (v & 1);
                if (i < m && j < n) store<EPI>(c, ldc, i, j, alpha * acc[mi][ni][v], beta, e);
            }
}

#define SGEMM_PARAMS                                                                           \
    const float *a, long long rsa, long long csa, const float *b, long long rsb, long long csb, \
        float *c, long long ldc, long long m, long long n, long long k, float alpha, float beta, \
        const float *bias, long long act, const float *x, long long ldx, const float *h,       \
        const float *z, long long ldz, float *o, long long ldo, long long units
#define SGEMM_ARGS a, rsa, csa, b, rsb, csb, c, ldc, m, n, k, alpha, beta, \
    Epi{bias, act, x, ldx, h, z, ldz, o, ldo, units}

extern "C" {
// General products: 128×128 tiles. The GRU steps' products are small (batch × units), so they
// take 32×32 tiles, for enough blocks to fill the device.
__global__ void __launch_bounds__(256) sgemm_f32_act(SGEMM_PARAMS) { sgemm_f32<EPI_ACT, 8, 8>(SGEMM_ARGS); }
__global__ void __launch_bounds__(256) sgemm_tf32_act(SGEMM_PARAMS) { sgemm_tf32<EPI_ACT>(SGEMM_ARGS); }
__global__ void __launch_bounds__(256) gru_step_zr(SGEMM_PARAMS) { sgemm_f32<EPI_GRU_ZR, 2, 2>(SGEMM_ARGS); }
__global__ void __launch_bounds__(256) gru_step_h(SGEMM_PARAMS) { sgemm_f32<EPI_GRU_H, 2, 2>(SGEMM_ARGS); }

// Softmax over each of rows rows of cols floats, ld apart: one block of 256 threads per row. A
// NaN or +Inf makes its row NaN, as in Keras.
__global__ void __launch_bounds__(256) softmax_rows(float *x, long long rows, long long cols, long long ld) {
    __shared__ float red[256];
    float *row = x + (long long)blockIdx.x * ld;
    float mx = -INFINITY;
    for (long long j = threadIdx.x; j < cols; j += 256) mx = nanmax(mx, row[j]);
    red[threadIdx.x] = mx;
    __syncthreads();
    for (int s = 128; s > 0; s /= 2) {
        if (threadIdx.x < s) {
            red[threadIdx.x] = nanmax(red[threadIdx.x], red[threadIdx.x + s]);
        }
        __syncthreads();
    }
    mx = red[0];
    __syncthreads();
    float sum = 0.0f;
    for (long long j = threadIdx.x; j < cols; j += 256) {
        float v = expf(row[j] - mx);
        row[j] = v;
        sum += v;
    }
    red[threadIdx.x] = sum;
    __syncthreads();
    for (int s = 128; s > 0; s /= 2) {
        if (threadIdx.x < s) red[threadIdx.x] += red[threadIdx.x + s];
        __syncthreads();
    }
    float inv = 1.0f / red[0];
    for (long long j = threadIdx.x; j < cols; j += 256) row[j] *= inv;
}

// reset_after=true's step: h·U for the z, r and h sections of each unit at once, 32 rows by 32
// units per block, then the gates:
//   z = σ(x_z + u_z + b_z), r = σ(x_r + u_r + b_r), c = tanh(x_h + r·(u_h + b_h)), h' = c + z·(h - c)
// It reads the state h (rows rsh apart) and writes h' to c (rows ldc apart) and o (rows ldo apart,
// or null); c must not overlap h, which other blocks are still reading. U's rows are 3·units
// apart; b (3·units) may be null.
__global__ void __launch_bounds__(256) gru_step_reset_after(const float *h, long long rsh, const float *u, float *c,
                                                            long long ldc, long long m, long long units,
                                                            const float *x, long long ldx, const float *b,
                                                            float *o, long long ldo) {
    __shared__ float hs[8][32 + 4];
    __shared__ float us[3][8][32];
    const int tid = threadIdx.x;
    const long long i0 = (long long)blockIdx.y * 32, j0 = (long long)blockIdx.x * 32;
    const int ti = (tid / 16) * 2, tj = (tid % 16) * 2;
    const long long ldu = 3 * units;
    float acc[3][2][2] = {};
    for (long long p0 = 0; p0 < units; p0 += 8) {
        {
            int p = tid % 8, r = tid / 8;
            long long gi = i0 + r, gp = p0 + p;
            hs[p][r] = gi < m && gp < units ? h[gi * rsh + gp] : 0.0f;
        }
        for (int l = tid; l < 3 * 8 * 32; l += 256) {
            int sec = l / 256, p = (l % 256) / 32, q = l % 32;
            long long gj = j0 + q, gp = p0 + p;
            us[sec][p][q] = gj < units && gp < units ? u[gp * ldu + sec * units + gj] : 0.0f;
        }
        __syncthreads();
#pragma unroll
        for (int p = 0; p < 8; p++)
#pragma unroll
            for (int sec = 0; sec < 3; sec++)
#pragma unroll
                for (int r = 0; r < 2; r++)
#pragma unroll
                    for (int q = 0; q < 2; q++) acc[sec][r][q] += hs[p][ti + r] * us[sec][p][tj + q];
        __syncthreads();
    }
    for (int r = 0; r < 2; r++)
        for (int q = 0; q < 2; q++) {
            long long i = i0 + ti + r, j = j0 + tj + q;
            if (i >= m || j >= units) continue;
            const float *xi = x + i * ldx;
            float bz = b ? b[j] : 0.0f, br = b ? b[units + j] : 0.0f, bh = b ? b[2 * units + j] : 0.0f;
            float z = sigmoidf(xi[j] + acc[0][r][q] + bz);
            float rr = sigmoidf(xi[units + j] + acc[1][r][q] + br);
            float cand = tanhf(xi[2 * units + j] + rr * (acc[2][r][q] + bh));
            float hv = h[i * rsh + j];
            float out = cand + z * (hv - cand);
            c[i * ldc + j] = out;
            if (o) o[i * ldo + j] = out;
        }
}
}
