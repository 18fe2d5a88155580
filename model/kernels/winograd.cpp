#include "model/kernels/winograd.h"

#include <ATen/Parallel.h>

#include <algorithm>

namespace stylemix {
namespace {

// Winograd F(4x4,3x3) input transform along one axis: out[a] = sum_i BT[a][i] in[i]
// for six vectors of `n` channels, `in_stride` / `out_stride` apart.
inline void winogradInputTransform(const float* in, int64_t in_stride, float* out, int64_t out_stride, int64_t n) {
    const float *d0 = in, *d1 = d0 + in_stride, *d2 = d1 + in_stride, *d3 = d2 + in_stride, *d4 = d3 + in_stride,
                *d5 = d4 + in_stride;
    float *t0 = out, *t1 = t0 + out_stride, *t2 = t1 + out_stride, *t3 = t2 + out_stride, *t4 = t3 + out_stride,
          *t5 = t4 + out_stride;
    for (int64_t k = 0; k < n; ++k) {
        t0[k] = 4.0f * d0[k] - 5.0f * d2[k] + d4[k];
        t1[k] = -4.0f * d1[k] - 4.0f * d2[k] + d3[k] + d4[k];
        t2[k] = 4.0f * d1[k] - 4.0f * d2[k] - d3[k] + d4[k];
        t3[k] = -2.0f * d1[k] - d2[k] + 2.0f * d3[k] + d4[k];
        t4[k] = 2.0f * d1[k] - d2[k] - 2.0f * d3[k] + d4[k];
        t5[k] = 4.0f * d1[k] - 5.0f * d3[k] + d5[k];
    }
}

// Winograd F(4x4, 3x3) (Lavin & Gray): interpolation points 0, +-1, +-2, inf.
// B^T = [[4, 0, -5, 0, 1, 0], [0, -4, -4, 1, 1, 0], [0, 4, -4, -1, 1, 0], [0, -2, -1, 2, 1, 0],
//        [0, 2, -1, -2, 1, 0], [0, 4, 0, -5, 0, 1]] and
// A^T = [[1, 1, 1, 1, 1, 0], [0, 1, -1, 2, -2, 0], [0, 1, 1, 4, 4, 0], [0, 1, -1, 8, -8, 1]] are written
// out in winogradConvCpu; G transforms the weights once.
const double kWinoG[6][3] = {{1.0 / 4, 0, 0},           {-1.0 / 6, -1.0 / 6, -1.0 / 6}, {-1.0 / 6, 1.0 / 6, -1.0 / 6},
                             {1.0 / 24, 1.0 / 12, 1.0 / 6}, {1.0 / 24, -1.0 / 12, 1.0 / 6},  {0, 0, 1}};

torch::Tensor matrix(const double* data, int64_t rows, int64_t cols) {
    return torch::from_blob(const_cast<double*>(data), {rows, cols}, torch::kFloat64).clone();
}

}  // namespace

// U = G w G^T per (out, in) pair, laid out [36, I, O] for the batched GEMM.
// As one GEMM over all pairs (row-major vec(G w G^T) = (G kron G) vec(w)), in
// float64: a model's transform is part of its load time.
torch::Tensor winogradWeight(const torch::Tensor& w) {
    const torch::Tensor g = matrix(&kWinoG[0][0], 6, 3).to(w.device());
    const torch::Tensor k = torch::kron(g, g);                                                 // [36, 9]
    const torch::Tensor u = torch::matmul(w.to(torch::kFloat64).reshape({-1, 9}), k.t());   // [O * I, 36]
    // Rounded to float32 before the transpose: the same values, half the bytes to move.
    return u.to(torch::kFloat32).reshape({w.size(0), w.size(1), 36}).permute({2, 1, 0}).contiguous();
}

// 3x3 convolution (padding 1, stride 1) of x * styles (styles [n, C] per input
// channel, or none) with the transformed weight U [36, C, O], as Winograd
// F(4x4, 3x3): tiles of 6x6 inputs (the zero padding implicit) go through
// B^T d B into V [36, tiles, C], 36 GEMMs give M = V U, and A^T M A writes the
// 4x4 outputs of every tile. H and W must be multiples of 4; float32 CPU only.
// Output: [n, O, H, W] in channels-last memory.
torch::Tensor winogradConvCpu(const torch::Tensor& x_in, const torch::Tensor& styles, const torch::Tensor& u) {
    constexpr int64_t kBlock = 64;   // channels per pass (keeps a tile's 2 x 36 x 64 floats in L1)
    const torch::Tensor x = x_in.contiguous(at::MemoryFormat::ChannelsLast);
    const int64_t n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3), o = u.size(2);
    const int64_t th = h / 4, tw = w / 4, tiles = th * tw, total = n * tiles;
    const torch::Tensor st = styles.defined() ? styles.to(torch::kFloat32).contiguous() : torch::Tensor();
    const float* xd = x.data_ptr<float>();
    const float* sd = st.defined() ? st.data_ptr<float>() : nullptr;
    torch::Tensor y = torch::empty({n, o, h, w}, x.options().memory_format(at::MemoryFormat::ChannelsLast));
    float* yd = y.data_ptr<float>();
    // Tiles go through in chunks so V and M (36 x chunk x channels) stay in the L2 cache.
    const int64_t chunk = std::max<int64_t>(64, (int64_t{2} << 20) / (36 * 4 * std::max(c, o)));
    for (int64_t first = 0; first < total; first += chunk) {
    const int64_t p = std::min(chunk, total - first);
    torch::Tensor v = torch::empty({36, p, c}, x.options().memory_format(at::MemoryFormat::Contiguous));
    float* vd = v.data_ptr<float>();
    at::parallel_for(0, p, 1, [&](int64_t begin, int64_t end) {
        std::vector<float> d(36 * kBlock), t(36 * kBlock);
        for (int64_t pi = begin; pi < end; ++pi) {
            const int64_t gi = first + pi, ni = gi / tiles, ty = (gi % tiles) / tw, tx = (gi % tiles) % tw;
            for (int64_t c0 = 0; c0 < c; c0 += kBlock) {
                const int64_t cb = std::min(kBlock, c - c0);
                for (int i = 0; i < 6; ++i) {
                    const int64_t yy = 4 * ty + i - 1;
                    for (int j = 0; j < 6; ++j) {
                        const int64_t xx = 4 * tx + j - 1;
                        float* dst = &d[static_cast<size_t>((i * 6 + j) * kBlock)];
                        if (yy < 0 || yy >= h || xx < 0 || xx >= w) {
                            std::fill(dst, dst + cb, 0.0f);
                            continue;
                        }
                        const float* src = xd + ((ni * h + yy) * w + xx) * c + c0;
                        if (sd) {
                            const float* sc = sd + ni * c + c0;
                            for (int64_t k = 0; k < cb; ++k) dst[k] = src[k] * sc[k];
                        } else {
                            std::copy(src, src + cb, dst);
                        }
                    }
                }
                // Rows: t[a][j] = sum_i BT[a][i] d[i][j].
                for (int j = 0; j < 6; ++j)
                    winogradInputTransform(&d[static_cast<size_t>(j * kBlock)], 6 * kBlock,
                                           &t[static_cast<size_t>(j * kBlock)], 6 * kBlock, cb);
                // Columns: V[a][b] = sum_j BT[b][j] t[a][j], stored at V[a * 6 + b][pi][c0 ...].
                for (int a = 0; a < 6; ++a)
                    winogradInputTransform(&t[static_cast<size_t>(a * 6 * kBlock)], kBlock,
                                           vd + ((a * 6) * p + pi) * c + c0, p * c, cb);
            }
        }
    });
    const torch::Tensor m = torch::bmm(v, u);   // [36, p, o]
    const float* md = m.data_ptr<float>();
    at::parallel_for(0, p, 1, [&](int64_t begin, int64_t end) {
        std::vector<float> t(24 * kBlock);
        for (int64_t pi = begin; pi < end; ++pi) {
            const int64_t gi = first + pi, ni = gi / tiles, ty = (gi % tiles) / tw, tx = (gi % tiles) % tw;
            for (int64_t o0 = 0; o0 < o; o0 += kBlock) {
                const int64_t ob = std::min(kBlock, o - o0);
                // Rows: t[i][b] = sum_a AT[i][a] M[a][b].
                for (int b = 0; b < 6; ++b) {
                    const float* m0 = md + ((0 * 6 + b) * p + pi) * o + o0;
                    const float* m1 = m0 + 6 * p * o;
                    const float* m2 = m1 + 6 * p * o;
                    const float* m3 = m2 + 6 * p * o;
                    const float* m4 = m3 + 6 * p * o;
                    const float* m5 = m4 + 6 * p * o;
                    float* t0 = &t[static_cast<size_t>((0 * 6 + b) * kBlock)];
                    float* t1 = t0 + 6 * kBlock;
                    float* t2 = t1 + 6 * kBlock;
                    float* t3 = t2 + 6 * kBlock;
                    for (int64_t k = 0; k < ob; ++k) {
                        t0[k] = m0[k] + m1[k] + m2[k] + m3[k] + m4[k];
                        t1[k] = m1[k] - m2[k] + 2.0f * m3[k] - 2.0f * m4[k];
                        t2[k] = m1[k] + m2[k] + 4.0f * m3[k] + 4.0f * m4[k];
                        t3[k] = m1[k] - m2[k] + 8.0f * m3[k] - 8.0f * m4[k] + m5[k];
                    }
                }
                // Columns: Y[i][j] = sum_b AT[j][b] t[i][b], written to the output pixel (4ty + i, 4tx + j).
                for (int i = 0; i < 4; ++i) {
                    const float* r0 = &t[static_cast<size_t>((i * 6 + 0) * kBlock)];
                    const float* r1 = r0 + kBlock;
                    const float* r2 = r1 + kBlock;
                    const float* r3 = r2 + kBlock;
                    const float* r4 = r3 + kBlock;
                    const float* r5 = r4 + kBlock;
                    float* y0 = yd + ((ni * h + 4 * ty + i) * w + 4 * tx) * o + o0;
                    float* y1 = y0 + o;
                    float* y2 = y1 + o;
                    float* y3 = y2 + o;
                    for (int64_t k = 0; k < ob; ++k) {
                        y0[k] = r0[k] + r1[k] + r2[k] + r3[k] + r4[k];
                        y1[k] = r1[k] - r2[k] + 2.0f * r3[k] - 2.0f * r4[k];
                        y2[k] = r1[k] + r2[k] + 4.0f * r3[k] + 4.0f * r4[k];
                        y3[k] = r1[k] - r2[k] + 8.0f * r3[k] - 8.0f * r4[k] + r5[k];
                    }
                }
            }
        }
    });
    }
    return y;
}

}  // namespace stylemix
