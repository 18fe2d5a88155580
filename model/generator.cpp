#include "model/generator.h"

#include "model/random_noise.h"
#ifdef STYLEMIX_CUDA_GRAPHS
#include "model/cuda_graphs.h"
#endif

#include <ATen/Context.h>
#include <ATen/Parallel.h>

#include <dlfcn.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <exception>
#include <limits>
#include <stdexcept>
#include <thread>

namespace stylemix {

// Worker threads for CPU batches. Each worker runs with one intra-op thread
// and InferenceMode; the calling thread only hands out jobs and runs the
// completion callbacks, so a slow core simply takes fewer jobs.
class CpuWorkerPool {
public:
    explicit CpuWorkerPool(int threads) {
        std::atomic<int> started{0};
        for (int i = 0; i < threads; ++i) {
            workers_.emplace_back([this, &started] {
                in_worker() = true;
                // ATen sets a thread's OpenMP team size lazily on its first parallel op, from the
                // process-wide default; trigger that now, then pin this thread to one (oneDNN follows).
                (void)at::get_num_threads();
                at::set_num_threads(1);
                ++started;
                loop();
            });
        }
        while (started.load() < threads) std::this_thread::yield();
    }
    ~CpuWorkerPool() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            stop_ = true;
        }
        wake_.notify_all();
        for (auto& t : workers_) t.join();
    }
    CpuWorkerPool(const CpuWorkerPool&) = delete;
    CpuWorkerPool& operator=(const CpuWorkerPool&) = delete;

    static bool& in_worker() {
        static thread_local bool flag = false;
        return flag;
    }

    void run(std::size_t count, const std::function<void(std::size_t)>& job,
             const std::function<void(std::size_t)>& done, const std::function<void()>& poll) {
        std::lock_guard<std::mutex> one_batch(run_mutex_);
        std::unique_lock<std::mutex> lock(mutex_);
        job_ = &job;
        count_ = count;
        next_ = 0;
        running_ = 0;
        abort_ = false;
        error_ = nullptr;
        finished_.clear();
        ++batch_id_;
        wake_.notify_all();
        std::size_t reported = 0;
        std::exception_ptr error;
        while (true) {
            if (error_ && !error) error = error_;   // a failed job: no more completion callbacks
            if (!finished_.empty()) {
                const std::size_t i = finished_.front();
                finished_.pop_front();
                ++reported;
                if (done && !error) {
                    lock.unlock();
                    try {
                        done(i);
                    } catch (...) {
                        error = std::current_exception();
                    }
                    lock.lock();
                    if (error) abort_ = true;
                }
                continue;
            }
            const bool all_handed_out = next_ >= count_ || abort_;
            if (all_handed_out && running_ == 0) break;
            if (poll && !error) {
                done_cv_.wait_for(lock, std::chrono::milliseconds(5));
                if (finished_.empty()) {
                    lock.unlock();
                    try {
                        poll();
                    } catch (...) {
                        error = std::current_exception();
                    }
                    lock.lock();
                    if (error) abort_ = true;
                }
            } else {
                done_cv_.wait(lock);
            }
        }
        (void)reported;
        job_ = nullptr;
        if (!error && error_) error = error_;
        lock.unlock();
        if (error) std::rethrow_exception(error);
    }

private:
    void loop() {
        std::unique_lock<std::mutex> lock(mutex_);
        while (true) {
            wake_.wait(lock, [&] { return stop_ || (job_ && !abort_ && next_ < count_); });
            if (stop_) return;
            const std::size_t i = next_++;
            ++running_;
            const auto* job = job_;
            lock.unlock();
            std::exception_ptr err;
            try {
                c10::InferenceMode guard;
                (*job)(i);
            } catch (...) {
                err = std::current_exception();
            }
            lock.lock();
            --running_;
            if (err) {
                if (!error_) error_ = err;
                abort_ = true;
            } else {
                finished_.push_back(i);
            }
            done_cv_.notify_all();
        }
    }

    std::vector<std::thread> workers_;
    std::mutex run_mutex_;
    std::mutex mutex_;
    std::condition_variable wake_, done_cv_;
    const std::function<void(std::size_t)>* job_ = nullptr;
    std::size_t count_ = 0, next_ = 0;
    int running_ = 0;
    bool abort_ = false, stop_ = false;
    std::exception_ptr error_;
    std::deque<std::size_t> finished_;
    std::uint64_t batch_id_ = 0;
};

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

namespace F = torch::nn::functional;
using torch::indexing::Slice;

double defaultGain(const std::string& act) {
    return (act == "relu" || act == "lrelu" || act == "swish") ? std::sqrt(2.0) : 1.0;
}

torch::Tensor activate(const torch::Tensor& x, const std::string& act) {
    if (act == "linear") return x;
    if (act == "lrelu") return torch::leaky_relu(x, 0.2);
    if (act == "relu") return torch::relu(x);
    if (act == "tanh") return torch::tanh(x);
    if (act == "sigmoid") return torch::sigmoid(x);
    if (act == "elu") return torch::elu(x);
    if (act == "selu") return torch::selu(x);
    if (act == "softplus") return torch::softplus(x);
    if (act == "swish") return x * torch::sigmoid(x);
    throw std::invalid_argument("unknown activation '" + act + "'");
}

// Negative-side slope of a positively homogeneous activation (f(g x) = g f(x) for g > 0).
float homogeneousSlope(const std::string& act) {
    if (act == "lrelu") return 0.2f;
    if (act == "relu") return 0.0f;
    return 1.0f;   // linear
}

// bias_act's reference path: add bias, activate, scale by gain, clamp.
torch::Tensor biasAct(torch::Tensor x, const torch::Tensor& bias, const std::string& act, double gain,
                      std::optional<double> clamp) {
    if (bias.defined()) {
        std::vector<int64_t> shape(static_cast<size_t>(x.dim()), 1);
        shape[1] = -1;
        x = x + bias.view(shape);
    }
    x = activate(x, act);
    if (gain != 1.0) x = x * gain;
    if (clamp && *clamp >= 0) x = x.clamp(-*clamp, *clamp);
    return x;
}

torch::Tensor normalize2ndMoment(const torch::Tensor& x) {
    return x * (x.square().mean(1, /*keepdim=*/true) + 1e-8).rsqrt();
}

// upfirdn2d with up = down = 1: pad (negative = crop), then FIR-filter each channel.
torch::Tensor firFilter(torch::Tensor x, const torch::Tensor& f, int px0, int px1, int py0, int py1, double gain) {
    x = F::pad(x, F::PadFuncOptions({std::max(px0, 0), std::max(px1, 0), std::max(py0, 0), std::max(py1, 0)}));
    x = x.slice(2, std::max(-py0, 0), x.size(2) - std::max(-py1, 0))
            .slice(3, std::max(-px0, 0), x.size(3) - std::max(-px1, 0));
    const int64_t c = x.size(1);
    torch::Tensor k = (f * std::pow(gain, f.dim() / 2.0)).to(x.dtype()).flip(f.dim() == 2 ? std::vector<int64_t>{0, 1}
                                                                                               : std::vector<int64_t>{0});
    if (k.dim() == 2) {
        return F::conv2d(x, k.view({1, 1, k.size(0), k.size(1)}).expand({c, 1, k.size(0), k.size(1)}),
                         F::Conv2dFuncOptions().groups(c));
    }
    // Separable filter: horizontal pass, then vertical.
    const int64_t t = k.size(0);
    x = F::conv2d(x, k.view({1, 1, 1, t}).expand({c, 1, 1, t}), F::Conv2dFuncOptions().groups(c));
    return F::conv2d(x, k.view({1, 1, t, 1}).expand({c, 1, t, 1}), F::Conv2dFuncOptions().groups(c));
}

// The polyphase sub-kernels of a stride-2 transposed 3x3 convolution, as
// correlation kernels over the low-resolution input: output rows/cols 2m take
// taps {2, 0} of the padded input, rows/cols 2m+1 take tap {1}.
std::vector<torch::Tensor> phaseKernels(const torch::Tensor& w, at::MemoryFormat fmt) {
    const auto dev = w.device();
    const torch::Tensor even = torch::tensor({2, 0}, torch::kLong).to(dev);
    const torch::Tensor odd = torch::tensor({1}, torch::kLong).to(dev);
    std::vector<torch::Tensor> out;
    for (const auto* rows : {&even, &odd})
        for (const auto* cols : {&even, &odd})
            out.push_back(w.index_select(2, *rows).index_select(3, *cols).contiguous(fmt));
    // Order: ee, eo, oe, oo.
    return out;
}

// conv_transpose2d(x, w, stride 2) for a 3x3 kernel, written 1 pixel inside a
// zero border ((2H+3) x (2W+3), the FIR's padding), then the 4x4 FIR: four
// ordinary convolutions (oneDNN) instead of im2col + GEMM + col2im.
torch::Tensor polyphaseUpsample(const torch::Tensor& x, const std::vector<torch::Tensor>& pw, const torch::Tensor& fir,
                                int64_t groups, at::MemoryFormat fmt) {
    const int64_t n = x.size(0), h = x.size(2), w = x.size(3), c = pw[0].size(0);
    torch::Tensor yp = torch::empty({n, c, 2 * h + 3, 2 * w + 3}, x.options().memory_format(fmt));
    auto conv = [&](const torch::Tensor& k, int64_t ph, int64_t pwd) {
        return F::conv2d(x, k, F::Conv2dFuncOptions().padding({ph, pwd}).groups(groups));
    };
    yp.index({Slice(), Slice(), Slice(1, 2 * h + 2, 2), Slice(1, 2 * w + 2, 2)}).copy_(conv(pw[0], 1, 1));
    yp.index({Slice(), Slice(), Slice(1, 2 * h + 2, 2), Slice(2, 2 * w + 1, 2)}).copy_(conv(pw[1], 1, 0));
    yp.index({Slice(), Slice(), Slice(2, 2 * h + 1, 2), Slice(1, 2 * w + 2, 2)}).copy_(conv(pw[2], 0, 1));
    yp.index({Slice(), Slice(), Slice(2, 2 * h + 1, 2), Slice(2, 2 * w + 1, 2)}).copy_(conv(pw[3], 0, 0));
    yp.select(2, 0).zero_();
    yp.select(2, 2 * h + 2).zero_();
    yp.select(3, 0).zero_();
    yp.select(3, 2 * w + 2).zero_();
    return F::conv2d(yp, fir, F::Conv2dFuncOptions().groups(c));
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

// U = G w G^T per (out, in) pair, laid out [36, I, O] for the batched GEMM.
torch::Tensor winogradWeight(const torch::Tensor& w) {
    const torch::Tensor g = matrix(&kWinoG[0][0], 6, 3).to(w.device());
    const torch::Tensor u = torch::matmul(torch::matmul(g, w.to(torch::kFloat64)), g.t());   // [O, I, 6, 6]
    return u.reshape({w.size(0), w.size(1), 36}).permute({2, 1, 0}).contiguous().to(torch::kFloat32);
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

bool isNhwc(const torch::Tensor& y) {
    if (y.dim() != 4) return false;
    const int64_t c = y.size(1), h = y.size(2), w = y.size(3);
    return y.stride(1) == 1 && y.stride(3) == c && y.stride(2) == w * c && y.stride(0) == h * w * c;
}

// In place on y (float32, contiguous NCHW or NHWC):
//   y = clamp(act(y * scale[n, c] + bias[c] + noise[n|0, h, w]), -clampv, clampv)
// for a homogeneous activation with negative slope `slope` (gain already in scale, bias, noise).
void epilogueCpu(torch::Tensor& y, const float* scale, const float* bias, const float* noise, bool noise_per_item,
                 float slope, float clampv) {
    const int64_t n = y.size(0), c = y.size(1), hw = y.size(2) * y.size(3);
    float* data = y.data_ptr<float>();
    if (isNhwc(y)) {
        at::parallel_for(0, n * hw, std::max<int64_t>(1, 16384 / std::max<int64_t>(c, 1)), [&](int64_t b, int64_t e) {
            for (int64_t idx = b; idx < e; ++idx) {
                const int64_t ni = idx / hw, p = idx % hw;
                float* row = data + idx * c;
                const float* s = scale + ni * c;
                const float nz = noise ? noise[(noise_per_item ? ni * hw : 0) + p] : 0.0f;
                for (int64_t k = 0; k < c; ++k) {
                    float v = row[k] * s[k] + (bias[k] + nz);
                    v = std::max(v, v * slope);
                    v = std::min(std::max(v, -clampv), clampv);
                    row[k] = v;
                }
            }
        });
    } else {
        at::parallel_for(0, n * c, std::max<int64_t>(1, 16384 / std::max<int64_t>(hw, 1)), [&](int64_t b, int64_t e) {
            for (int64_t idx = b; idx < e; ++idx) {
                const int64_t ni = idx / c, k = idx % c;
                float* plane = data + idx * hw;
                const float s = scale[idx], bk = bias[k];
                const float* nz = noise ? noise + (noise_per_item ? ni * hw : 0) : nullptr;
                if (nz) {
                    for (int64_t p = 0; p < hw; ++p) {
                        float v = plane[p] * s + (bk + nz[p]);
                        v = std::max(v, v * slope);
                        plane[p] = std::min(std::max(v, -clampv), clampv);
                    }
                } else {
                    for (int64_t p = 0; p < hw; ++p) {
                        float v = plane[p] * s + bk;
                        v = std::max(v, v * slope);
                        plane[p] = std::min(std::max(v, -clampv), clampv);
                    }
                }
            }
        });
    }
}

// Noise a captured graph can replay: const noise (from the weights) or none.
// Random noise planes are created from host data and cached with a bound, so a
// graph could outlive the memory it read them from: those calls run eagerly.
[[maybe_unused]] bool graphable(const NoiseSpec& noise) { return noise.mode != NoiseMode::Random; }

void setBlasThreads(int n) {
    using Fn = void (*)(int);
    static Fn fn = reinterpret_cast<Fn>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
    if (fn) fn(n);
}

}  // namespace

const char* precisionName(Precision p) {
    switch (p) {
        case Precision::FP32: return "fp32";
        case Precision::Mixed: return "fp16-mixed";
        case Precision::BF16: return "bf16-mixed";
    }
    return "?";
}

ExecutionOptions plainExecution() {
    ExecutionOptions o;
    o.batch_parallel = false;
    o.channels_last = false;
    o.polyphase_upsample = false;
    o.fused_epilogue = false;
    o.fused_max_batch = 1;
    o.blas_single_thread = false;
    o.reference_ops = true;
    o.cudnn_benchmark = false;   // PyTorch's default, as NVIDIA's scripts run
    o.single_image_threads = 0;  // PyTorch's default: every op on all cores
    return o;
}

Generator::Generator(GeneratorConfig config, std::map<std::string, torch::Tensor> state_dict, torch::Device device,
                     Precision precision)
    : config_(std::move(config)), device_(device), precision_(precision) {
    torch::NoGradGuard no_grad;
    for (auto& [name, t] : state_dict) params_[name] = t.to(device_, torch::kFloat32).contiguous();
    num_ws_ = config_.numWs();
    layers_ = config_.synthesisLayers();
    noise_layers_ = config_.noiseLayers();
    act_name_ = config_.activation;
    act_gain_ = defaultGain(act_name_);
    act_homogeneous_ = act_name_ == "lrelu" || act_name_ == "relu" || act_name_ == "linear";

    // Mapping network.
    if (config_.c_dim > 0) embed_ = makeFc("mapping.embed", 1.0, "linear");
    for (int i = 0; i < config_.mapping.num_layers; ++i)
        mapping_fc_.push_back(makeFc("mapping.fc" + std::to_string(i), config_.mapping.lr_multiplier,
                                     config_.mapping.activation));
    if (config_.mapping.has_w_avg) w_avg_ = param("mapping.w_avg");

    // Synthesis network.
    const_input_ = param("synthesis.b4.const");
    filter_ = param("synthesis.b4.resample_filter");
    for (const auto& info : layers_) {
        const std::string p = "synthesis." + info.name;
        ModLayer l;
        l.info = info;
        l.affine = makeFc(p + ".affine", 1.0, "linear");
        l.weight = param(p + ".weight");
        l.weight_sq_sum = l.weight.square().sum({2, 3});
        l.weight_sq_sum_t = l.weight_sq_sum.t().contiguous();
        l.weight_fp16_scale =
            (1.0 / std::sqrt(static_cast<double>(l.weight.size(1) * l.weight.size(2) * l.weight.size(3)))) /
            l.weight.abs().amax({1, 2, 3}, /*keepdim=*/true);
        l.bias = param(p + ".bias");
        l.bias_gain = info.is_torgb ? l.bias : (l.bias * act_gain_).contiguous();
        if (info.noise_index >= 0) {
            l.noise_const = param(p + ".noise_const");
            l.noise_strength = param(p + ".noise_strength").item<float>();
        }
        l.up = (!info.is_torgb && info.name.size() > 5 && info.name.substr(info.name.size() - 5) == "conv0") ? 2 : 1;
        if (info.is_torgb) l.rgb_weight = l.weight.reshape({l.weight.size(0), l.weight.size(1)}).contiguous();
        mod_layers_.push_back(std::move(l));
    }
    prepareExecution();
}

void Generator::setExecution(const ExecutionOptions& options) {
    exec_ = options;
    prepareExecution();
}

at::MemoryFormat Generator::activationFormat() const {
    return (cpuFast() && exec_.channels_last && !exec_.reference_ops) ? at::MemoryFormat::ChannelsLast
                                                                       : at::MemoryFormat::Contiguous;
}

void Generator::prepareExecution() {
    torch::NoGradGuard no_grad;
    const int hw = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    threads_ = device_.is_cuda() ? 1 : (exec_.threads > 0 ? exec_.threads : hw);
    // The calling thread's (and new threads') intra-op team: what a single image uses. Workers pin
    // themselves to one. The plain (NVIDIA-style) settings keep PyTorch's default of all cores.
    const int caller_threads =
        exec_.single_image_threads > 0 ? std::min(exec_.single_image_threads, threads_) : threads_;
    if (!device_.is_cuda()) {
        at::set_num_threads(caller_threads);
        if (exec_.blas_single_thread) setBlasThreads(1);
        if (threads_ > 1 && exec_.batch_parallel) {
            if (!pool_ || pool_threads_ != threads_) {
                pool_.reset();
                pool_ = std::make_shared<CpuWorkerPool>(threads_);
                pool_threads_ = threads_;
                at::set_num_threads(caller_threads);   // the workers' set_num_threads(1) also moved the default
            }
        } else {
            pool_.reset();
            pool_threads_ = 0;
        }
    }
    graphs_.reset();
#ifdef STYLEMIX_CUDA_GRAPHS
    if (device_.is_cuda() && exec_.cuda_graphs && !exec_.reference_ops) graphs_ = makeCudaGraphRunner();
#endif
    const at::MemoryFormat fmt = activationFormat();
    const bool poly_ok = filter_.dim() == 2 && filter_.size(0) == 4 && filter_.size(1) == 4;
    for (auto& l : mod_layers_) {
        l.weight_fmt = l.weight.contiguous(fmt);
        l.phase_weights.clear();
        l.fir_dw = torch::Tensor();
        l.wino_weight = torch::Tensor();
        if (cpuFast() && exec_.winograd && !exec_.reference_ops && !l.info.is_torgb && l.up == 1 &&
            l.weight.size(2) == 3 && l.weight.size(3) == 3 && l.info.resolution >= exec_.winograd_min_resolution)
            l.wino_weight = winogradWeight(l.weight);
        if (l.up > 1 && filter_.dim() == 2) {
            const int64_t o = l.weight.size(0);
            l.fir_dw = (filter_ * 4.0).flip({0, 1}).view({1, 1, filter_.size(0), filter_.size(1)})
                           .expand({o, 1, filter_.size(0), filter_.size(1)}).contiguous(fmt);
            if (poly_ok && l.weight.size(2) == 3 && l.weight.size(3) == 3) l.phase_weights = phaseKernels(l.weight, fmt);
        }
    }
}

const torch::Tensor& Generator::param(const std::string& name) const {
    auto it = params_.find(name);
    if (it == params_.end()) throw std::runtime_error("generator: missing tensor '" + name + "'");
    return it->second;
}

std::vector<float> Generator::noiseStrengths() const {
    std::vector<float> out;
    for (const auto& l : mod_layers_)
        if (l.info.noise_index >= 0) out.push_back(l.noise_strength);
    return out;
}

Generator::FullyConnected Generator::makeFc(const std::string& prefix, double lr_multiplier,
                                            const std::string& activation, double extra_gain) const {
    const torch::Tensor& w = param(prefix + ".weight");
    FullyConnected fc;
    fc.activation = activation;
    // Same ops as FullyConnectedLayer.forward: weight * (lr / sqrt(in)), bias * lr when lr != 1.
    fc.weight = w * (lr_multiplier / std::sqrt(static_cast<double>(w.size(1)))) * extra_gain;
    fc.bias = param(prefix + ".bias");
    if (lr_multiplier != 1.0) fc.bias = fc.bias * lr_multiplier;
    return fc;
}

torch::Tensor Generator::runFc(const FullyConnected& fc, const torch::Tensor& x) const {
    if (fc.activation == "linear") return torch::addmm(fc.bias.unsqueeze(0), x, fc.weight.t());
    return biasAct(x.matmul(fc.weight.t()), fc.bias, fc.activation, defaultGain(fc.activation), std::nullopt);
}

torch::Tensor Generator::mapping(const torch::Tensor& z, const torch::Tensor& c, double psi,
                                 std::optional<int> cutoff) const {
    torch::NoGradGuard no_grad;
    if (z.dim() != 2 || z.size(1) != config_.z_dim)
        throw std::invalid_argument("mapping: z must be [N, " + std::to_string(config_.z_dim) + "]");
    torch::Tensor x = normalize2ndMoment(z.to(device_, torch::kFloat32));
    if (config_.c_dim > 0) {
        if (!c.defined() || c.dim() != 2 || c.size(0) != z.size(0) || c.size(1) != config_.c_dim)
            throw std::invalid_argument("mapping: this model is conditional: labels must be [N, " +
                                        std::to_string(config_.c_dim) + "]");
        torch::Tensor y = normalize2ndMoment(runFc(*embed_, c.to(device_, torch::kFloat32)));
        x = torch::cat({x, y}, 1);
    }
    for (const auto& fc : mapping_fc_) x = runFc(fc, x);
    x = x.unsqueeze(1).repeat({1, num_ws_, 1});
    if (psi != 1.0) {
        if (!w_avg_.defined()) throw std::invalid_argument("mapping: truncation needs w_avg, which this model lacks");
        if (!cutoff || *cutoff >= num_ws_) {
            x = torch::lerp(w_avg_, x, psi);
        } else if (*cutoff > 0) {
            x.slice(1, 0, *cutoff).copy_(torch::lerp(w_avg_, x.slice(1, 0, *cutoff), psi));
        }
    }
    return x;
}

torch::Tensor Generator::truncateAll(const torch::Tensor& ws, double psi) const {
    if (!w_avg_.defined()) {
        if (psi == 1.0) return ws;
        throw std::invalid_argument("truncation needs w_avg, which this model lacks");
    }
    return w_avg_ + (ws - w_avg_) * psi;
}

Precision Generator::precision() const {
    // Upstream forces fp32 off the GPU.
    return device_.is_cuda() || exec_.cpu_half ? precision_ : Precision::FP32;
}

torch::ScalarType Generator::blockDtype(int resolution) const {
    const Precision p = precision();
    if (p == Precision::FP32 || resolution < config_.fp16Resolution()) return torch::kFloat32;
    return p == Precision::BF16 ? torch::kBFloat16 : torch::kFloat16;
}

torch::Tensor Generator::randomPlane(std::uint64_t seed, int64_t realisation, int noise_layer, int resolution) const {
    const auto key = std::make_tuple(seed, realisation, noise_layer);
    {
        std::lock_guard<std::mutex> lock(noise_mutex_);
        auto it = noise_cache_.find(key);
        if (it != noise_cache_.end()) return it->second;
    }
    torch::Tensor t = randomNoise(seed, {realisation}, noise_layer, resolution, device_);
    std::lock_guard<std::mutex> lock(noise_mutex_);
    // Bounded by bytes (a 1024² model's planes are MBs each); a full cache simply starts over.
    const std::size_t bytes = static_cast<std::size_t>(t.numel()) * sizeof(float);
    if (noise_cache_bytes_ + bytes > (std::size_t{64} << 20)) {
        noise_cache_.clear();
        noise_cache_bytes_ = 0;
    }
    if (noise_cache_.emplace(key, t).second) noise_cache_bytes_ += bytes;
    return t;
}

// The layer's noise input times strength * multiplier * gain: [1 or n, 1, R, R]
// float32 (one plane broadcast over the batch when every item sees the same
// noise), or undefined when there is none.
torch::Tensor Generator::scaledNoise(const ModLayer& layer, int64_t n, const NoiseSpec& noise, double gain) const {
    if (layer.info.noise_index < 0 || noise.mode == NoiseMode::None) return {};
    const float mult = noise.multiplier(layer.info.noise_index);
    if (mult == 0.f) return {};
    torch::Tensor t;
    if (noise.mode == NoiseMode::Const) {
        t = layer.noise_const * layer.noise_strength;
        t = t.view({1, 1, t.size(0), t.size(1)});
    } else {
        std::vector<int64_t> real = noise.realisations;
        if (real.empty()) real.assign(static_cast<size_t>(n), 0);
        if (static_cast<int64_t>(real.size()) != n)
            throw std::invalid_argument("noise: " + std::to_string(real.size()) + " realisations for a batch of " +
                                        std::to_string(n));
        const bool uniform = std::all_of(real.begin(), real.end(), [&](int64_t r) { return r == real[0]; });
        if (uniform) {
            t = randomPlane(noise.seed, real[0], layer.info.noise_index, layer.info.resolution) * layer.noise_strength;
        } else {
            t = randomNoise(noise.seed, real, layer.info.noise_index, layer.info.resolution, device_) *
                layer.noise_strength;
        }
    }
    if (mult != 1.f) t = t * mult;
    if (gain != 1.0) t = t * gain;
    return t.contiguous();
}

// NVIDIA's modulated_conv2d + SynthesisLayer op sequence (reference_ops): fused
// grouped conv at batch 1, shared weights with input/output scaling above.
torch::Tensor Generator::modulatedConvReference(const ModLayer& layer, const torch::Tensor& x_in,
                                                const torch::Tensor& styles_in, const torch::Tensor& noise) const {
    const bool demodulate = !layer.info.is_torgb;
    const int64_t n = x_in.size(0);
    const int64_t out_ch = layer.weight.size(0), in_ch = layer.weight.size(1);
    const int64_t kh = layer.weight.size(2), kw = layer.weight.size(3);
    torch::Tensor x = x_in;
    torch::Tensor weight = layer.weight;
    torch::Tensor styles = styles_in;
    torch::Tensor weight_sq_sum = layer.weight_sq_sum;
    if (x.scalar_type() != torch::kFloat32 && demodulate) {
        // Pre-normalise to avoid fp16 overflow, exactly as upstream does.
        weight = weight * layer.weight_fp16_scale;
        weight_sq_sum = weight.square().sum({2, 3});
        styles = styles / styles.abs().amax(1, /*keepdim=*/true);
    }

    const int up = layer.up;
    const int pad = static_cast<int>(kw / 2);
    const int fw = static_cast<int>(filter_.size(0));
    // conv2d_resample's padding bookkeeping for the transposed-conv upsampling path.
    int p0 = 0, p1 = 0, pt = 0;
    if (up > 1) {
        p0 = pad + (fw + up - 1) / 2 - static_cast<int>(kw - 1);
        p1 = pad + (fw - up) / 2 - static_cast<int>(kw - up);
        pt = std::max(std::min(-p0, -p1), 0);
    }

    // Batch 1 (or up to fused_max_batch, NVIDIA's eval default being "always"): per-sample grouped
    // weights; larger batches: one shared-weight conv.
    const bool fused = n <= std::max(1, exec_.fused_max_batch);
    torch::Tensor out;
    if (fused) {
        torch::Tensor w = weight.unsqueeze(0) * styles.reshape({n, 1, -1, 1, 1});
        if (demodulate) {
            const torch::Tensor dcoefs = (w.square().sum({2, 3, 4}) + 1e-8).rsqrt();
            w = w * dcoefs.reshape({n, -1, 1, 1, 1});
        }
        torch::Tensor xg = x.reshape({1, -1, x.size(2), x.size(3)});
        w = w.reshape({-1, in_ch, kh, kw}).to(x.dtype());
        if (up > 1) {
            w = w.reshape({n, out_ch, in_ch, kh, kw}).transpose(1, 2).reshape({n * in_ch, out_ch, kh, kw});
            out = F::conv_transpose2d(xg, w, F::ConvTranspose2dFuncOptions().stride(up).padding({pt, pt}).groups(n));
            out = firFilter(out, filter_, p0 + pt, p1 + pt, p0 + pt, p1 + pt, up * up);
        } else {
            out = F::conv2d(xg, w, F::Conv2dFuncOptions().padding(pad).groups(n));
        }
        out = out.reshape({n, -1, out.size(2), out.size(3)});
        if (noise.defined()) out = out + noise.to(out.dtype());
        return out;
    }

    // Non-fused: scale activations before and after one ordinary convolution.
    x = x * styles.to(x.dtype()).reshape({n, -1, 1, 1});
    const torch::Tensor w = weight.to(x.dtype());
    if (up > 1) {
        out = F::conv_transpose2d(x, w.transpose(0, 1), F::ConvTranspose2dFuncOptions().stride(up).padding({pt, pt}));
        out = firFilter(out, filter_, p0 + pt, p1 + pt, p0 + pt, p1 + pt, up * up);
    } else {
        out = F::conv2d(x, w, F::Conv2dFuncOptions().padding(pad));
    }
    if (demodulate) {
        const torch::Tensor dcoefs = (styles.square().matmul(weight_sq_sum.t()) + 1e-8).rsqrt();
        const torch::Tensor d = dcoefs.to(out.dtype()).reshape({n, -1, 1, 1});
        out = noise.defined() ? torch::addcmul(noise.to(out.dtype()), out, d) : out * d;
    } else if (noise.defined()) {
        out = out + noise.to(out.dtype());
    }
    return out;
}

// conv2d_resample's transposed-conv upsampling (+ FIR) for a [O', I, k, k] weight.
torch::Tensor Generator::upsampleConv(const ModLayer& layer, const torch::Tensor& x, const torch::Tensor& weight,
                                      int64_t groups) const {
    const at::MemoryFormat fmt = activationFormat();
    if (cpuFast() && exec_.polyphase_upsample && !layer.phase_weights.empty() && x.scalar_type() == torch::kFloat32) {
        const bool shared = groups == 1 && weight.data_ptr() == layer.weight.data_ptr();
        const std::vector<torch::Tensor> pw = shared ? layer.phase_weights : phaseKernels(weight, fmt);
        torch::Tensor fir = layer.fir_dw;
        if (groups > 1 || pw[0].size(0) != fir.size(0))
            fir = fir.narrow(0, 0, 1).expand({pw[0].size(0), 1, fir.size(2), fir.size(3)}).contiguous(fmt);
        return polyphaseUpsample(x, pw, fir, groups, fmt);
    }
    const int64_t kw = weight.size(3), kh = weight.size(2);
    const int64_t in_ch = weight.size(1), out_ch = weight.size(0) / groups;
    const int up = layer.up, pad = static_cast<int>(kw / 2), fw = static_cast<int>(filter_.size(0));
    const int p0 = pad + (fw + up - 1) / 2 - static_cast<int>(kw - 1);
    const int p1 = pad + (fw - up) / 2 - static_cast<int>(kw - up);
    const int pt = std::max(std::min(-p0, -p1), 0);
    torch::Tensor wt = weight.reshape({groups, out_ch, in_ch, kh, kw}).transpose(1, 2).reshape({groups * in_ch, out_ch, kh, kw});
    const auto transposed = F::ConvTranspose2dFuncOptions().stride(up).padding({pt, pt}).groups(groups);
    torch::Tensor out;
    if (!device_.is_cuda() && x.scalar_type() != torch::kFloat32) {
        // Half precision on the CPU (ExecutionOptions::cpu_half, a test mode): LibTorch's CPU
        // conv_transpose2d has no fp16 kernel and a broken bf16 one (1.13 returns 1x1 maps), so
        // this one op runs in fp32 and its result is rounded to the block's dtype.
        out = F::conv_transpose2d(x.to(torch::kFloat32), wt.to(torch::kFloat32), transposed).to(x.scalar_type());
    } else {
        out = F::conv_transpose2d(x, wt, transposed);
    }
    if (p0 + pt == p1 + pt && layer.fir_dw.defined() && out.size(1) == layer.fir_dw.size(0) &&
        x.scalar_type() == layer.fir_dw.scalar_type()) {
        return F::conv2d(out, layer.fir_dw, F::Conv2dFuncOptions().padding(p0 + pt).groups(out.size(1)));
    }
    return firFilter(out, filter_, p0 + pt, p1 + pt, p0 + pt, p1 + pt, up * up);
}

// One SynthesisLayer: modulated conv, noise, bias, activation, gain, clamp.
torch::Tensor Generator::convLayer(const ModLayer& layer, int layer_index, const torch::Tensor& x_in,
                                   const torch::Tensor& styles_in, const torch::Tensor& noise_gain) const {
    const at::MemoryFormat fmt = activationFormat();
    const int64_t n = x_in.size(0);
    const auto dtype = x_in.scalar_type();
    const int64_t out_ch = layer.weight.size(0), in_ch = layer.weight.size(1);
    const int64_t kh = layer.weight.size(2), kw = layer.weight.size(3);
    torch::Tensor x = x_in.contiguous(fmt);
    torch::Tensor weight = layer.weight;
    torch::Tensor styles = styles_in;
    torch::Tensor wsq_t = layer.weight_sq_sum_t;
    if (dtype != torch::kFloat32) {
        // Pre-normalise to avoid fp16 overflow, exactly as upstream does.
        weight = weight * layer.weight_fp16_scale;
        wsq_t = weight.square().sum({2, 3}).t();
        styles = styles / styles.abs().amax(1, /*keepdim=*/true);
    }
    int fused_max = exec_.fused_max_batch;
    if (layer_index < static_cast<int>(exec_.fused_max_batch_per_layer.size()))
        fused_max = exec_.fused_max_batch_per_layer[static_cast<size_t>(layer_index)];
    const bool fused = n <= fused_max;

    torch::Tensor y, scale;   // scale: [n, O] demodulation coefficients, undefined when folded into the weights
    if (fused) {
        torch::Tensor w = weight.unsqueeze(0) * styles.reshape({n, 1, -1, 1, 1});
        const torch::Tensor dcoefs = (w.square().sum({2, 3, 4}) + 1e-8).rsqrt();
        w = (w * dcoefs.reshape({n, -1, 1, 1, 1})).reshape({n * out_ch, in_ch, kh, kw}).to(dtype).contiguous(fmt);
        const torch::Tensor xg = n == 1 ? x : x.reshape({1, n * in_ch, x.size(2), x.size(3)}).contiguous(fmt);
        if (layer.up > 1) {
            y = upsampleConv(layer, xg, w, n);
        } else {
            y = F::conv2d(xg, w, F::Conv2dFuncOptions().padding(kw / 2).groups(n));
        }
        if (n > 1) y = y.reshape({n, out_ch, y.size(2), y.size(3)}).contiguous(fmt);
    } else {
        const bool wino = layer.wino_weight.defined() && dtype == torch::kFloat32 && x.size(2) % 4 == 0 &&
                          x.size(3) % 4 == 0;
        if (wino) {
            y = winogradConvCpu(x, styles, layer.wino_weight);   // input scaling folded into the tile transform
        } else {
            const torch::Tensor xs = (x * styles.to(dtype).reshape({n, -1, 1, 1})).contiguous(fmt);
            const torch::Tensor w = dtype == torch::kFloat32 && weight.data_ptr() == layer.weight.data_ptr()
                                        ? layer.weight_fmt
                                        : weight.to(dtype).contiguous(fmt);
            if (layer.up > 1) {
                y = upsampleConv(layer, xs, dtype == torch::kFloat32 ? layer.weight : weight.to(dtype), 1);
            } else {
                y = F::conv2d(xs, w, F::Conv2dFuncOptions().padding(kw / 2));
            }
        }
        scale = (styles.square().matmul(wsq_t) + 1e-8).rsqrt();
    }

    const std::optional<double> clamp = config_.conv_clamp;
    if (!act_homogeneous_ || !exec_.fused_epilogue) {
        // Upstream order: (y * d + noise), then bias_act.
        torch::Tensor noise = noise_gain.defined() ? noise_gain : torch::Tensor();
        if (scale.defined()) {
            const torch::Tensor d = scale.to(y.dtype()).reshape({n, -1, 1, 1});
            y = noise.defined() ? torch::addcmul(noise.to(y.dtype()), y, d) : y * d;
        } else if (noise.defined()) {
            y = y + noise.to(y.dtype());
        }
        return biasAct(y, layer.bias.to(y.dtype()), act_name_, act_gain_, clamp);
    }
    // Folded: act(y * d * g + noise * g + b * g) == act(y * d + noise + b) * g for homogeneous act, g > 0.
    const float g = static_cast<float>(act_gain_);
    const float clampv = (clamp && *clamp >= 0) ? static_cast<float>(*clamp) : std::numeric_limits<float>::infinity();
    const bool contiguous_ok = isNhwc(y) || y.is_contiguous();
    if (cpuFast() && y.scalar_type() == torch::kFloat32 && contiguous_ok) {
        const torch::Tensor sc = (scale.defined() ? scale * g : torch::full({n, out_ch}, g, y.options())).contiguous();
        epilogueCpu(y, sc.data_ptr<float>(), layer.bias_gain.data_ptr<float>(),
                    noise_gain.defined() ? noise_gain.data_ptr<float>() : nullptr,
                    noise_gain.defined() && noise_gain.size(0) == n && n > 1, homogeneousSlope(act_name_), clampv);
        return y;
    }
    if (scale.defined()) {
        y.mul_((scale * g).to(y.dtype()).reshape({n, -1, 1, 1}));
    } else {
        y.mul_(g);
    }
    y.add_(layer.bias_gain.to(y.dtype()).reshape({1, -1, 1, 1}));
    if (noise_gain.defined()) y.add_(noise_gain.to(y.dtype()));
    if (act_name_ == "lrelu") {
        torch::leaky_relu_(y, 0.2);
    } else if (act_name_ == "relu") {
        torch::relu_(y);
    }
    if (clamp && *clamp >= 0) y.clamp_(-*clamp, *clamp);
    return y;
}

// ToRGB: a 1x1 modulated conv without demodulation as one batched matmul, bias, clamp.
torch::Tensor Generator::toRgbLayer(const ModLayer& layer, const torch::Tensor& x, const torch::Tensor& styles) const {
    const int64_t n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
    const int64_t o = layer.rgb_weight.size(0);
    const auto dtype = x.scalar_type();
    const torch::Tensor wn = (layer.rgb_weight.unsqueeze(0) * styles.unsqueeze(1)).to(dtype);   // [n, O, C]
    torch::Tensor y;
    if (isNhwc(x) && !x.is_contiguous()) {
        y = torch::bmm(x.permute({0, 2, 3, 1}).reshape({n, h * w, c}), wn.transpose(1, 2));   // [n, HW, O]
        y = y.view({n, h, w, o}).permute({0, 3, 1, 2});
    } else {
        y = torch::bmm(wn, x.contiguous().view({n, c, h * w})).view({n, o, h, w});
    }
    y = y + layer.bias.to(dtype).view({1, o, 1, 1});
    if (config_.conv_clamp && *config_.conv_clamp >= 0) y.clamp_(-*config_.conv_clamp, *config_.conv_clamp);
    return y.to(torch::kFloat32).contiguous();
}

torch::Tensor Generator::upsampleImage(const torch::Tensor& img) const {
    // upfirdn2d.upsample2d: zero-insert x2, pad, FIR with gain 4.
    const int64_t n = img.size(0), c = img.size(1), h = img.size(2), w = img.size(3);
    torch::Tensor x = img.reshape({n, c, h, 1, w, 1});
    x = F::pad(x, F::PadFuncOptions({0, 1, 0, 0, 0, 1})).reshape({n, c, h * 2, w * 2});
    const int fw = static_cast<int>(filter_.size(0));
    const int p0 = (fw + 1) / 2, p1 = (fw - 2) / 2;
    return firFilter(x, filter_, p0, p1, p0, p1, 4.0);
}

SynthesisState Generator::initialState(int64_t n) const {
    SynthesisState s;
    s.x = const_input_.to(blockDtype(4)).unsqueeze(0).repeat({n, 1, 1, 1}).contiguous(activationFormat());
    s.next_layer = 0;
    return s;
}

std::vector<int64_t> Generator::batchChunks(int64_t n) const {
    if (n <= 1 || threads_ <= 1 || !exec_.batch_parallel || !pool_) return {n};
    const int64_t jb = std::max(1, exec_.job_batch);
    const int64_t k = std::min<int64_t>(n, std::max<int64_t>(threads_, (n + jb - 1) / jb));
    std::vector<int64_t> sizes;
    for (int64_t i = 0; i < k; ++i) sizes.push_back(n / k + (i < n % k ? 1 : 0));
    return sizes;
}

void Generator::parallelJobs(std::size_t count, const std::function<void(std::size_t)>& job,
                             const std::function<void(std::size_t)>& done, const std::function<void()>& poll) const {
    if (count == 0) return;
    if (!pool_ || CpuWorkerPool::in_worker() || count == 1) {
        for (std::size_t i = 0; i < count; ++i) {
            if (poll) poll();
            job(i);
            if (done) done(i);
        }
        return;
    }
    pool_->run(count, job, done, poll);
}

void Generator::runLayers(SynthesisState& state, const torch::Tensor& ws_in, int end_layer,
                          const NoiseSpec& noise) const {
    torch::NoGradGuard no_grad;
    if (ws_in.dim() != 3 || ws_in.size(1) != num_ws_ || ws_in.size(2) != config_.w_dim)
        throw std::invalid_argument("synthesis: ws must be [N, " + std::to_string(num_ws_) + ", " +
                                    std::to_string(config_.w_dim) + "]");
    if (ws_in.size(0) != state.x.size(0))
        throw std::invalid_argument("synthesis: ws batch does not match the state batch");
    const int64_t n = ws_in.size(0);
    if (noise.mode == NoiseMode::Random && !noise.realisations.empty() &&
        static_cast<int64_t>(noise.realisations.size()) != n)
        throw std::invalid_argument("noise: " + std::to_string(noise.realisations.size()) +
                                    " realisations for a batch of " + std::to_string(n));
    end_layer = std::min(end_layer, numLayers());
    if (state.next_layer >= end_layer) return;
    if (device_.is_cuda()) {
        at::globalContext().setAllowTF32CuDNN(exec_.allow_tf32);
        at::globalContext().setAllowTF32CuBLAS(exec_.allow_tf32);
        at::globalContext().setBenchmarkCuDNN(exec_.cudnn_benchmark);
    }
    const std::vector<int64_t> chunks = CpuWorkerPool::in_worker() ? std::vector<int64_t>{n} : batchChunks(n);
    if (chunks.size() <= 1) {
        if (!device_.is_cuda() && !CpuWorkerPool::in_worker()) {
            const int intra = n == 1 && exec_.single_image_threads > 0 ? std::min(exec_.single_image_threads, threads_)
                                                                        : threads_;
            if (at::get_num_threads() != intra) at::set_num_threads(intra);
        }
        SynthesisState work = state;   // untouched if the pass fails
#ifdef STYLEMIX_CUDA_GRAPHS
        if (graphs_ && graphable(noise)) {
            std::string key = std::to_string(n) + "/" + std::to_string(state.next_layer) + "-" + std::to_string(end_layer) +
                              "/" + (state.img.defined() ? "img" : "-") + "/" + c10::toString(state.x.scalar_type()) +
                              "/" + noiseModeName(noise.mode) + ":" + std::to_string(noise.seed) + ":" +
                              (noise.realisations.empty() ? std::string("0") : std::to_string(noise.realisations[0]));
            for (float m : noise.multipliers) key += "," + std::to_string(m);
            const torch::Tensor ws = ws_in.to(device_, torch::kFloat32).contiguous();
            const auto eager = [&](SynthesisState& s, const torch::Tensor& w) { runLayersSerial(s, w, end_layer, noise); };
            if (graphs_->run(key, work, ws, end_layer, eager)) {
                state = std::move(work);
                return;
            }
        }
#endif
        try {
            runLayersSerial(work, ws_in, end_layer, noise);
        } catch (const c10::Error& e) {
            // A CUDA batch that does not fit is split in halves (recursively) instead of failing.
            if (!device_.is_cuda() || n < 2 || std::string(e.what()).find("out of memory") == std::string::npos) throw;
            const int64_t h = n / 2;
            SynthesisState a, b;
            a.x = state.x.narrow(0, 0, h);
            b.x = state.x.narrow(0, h, n - h);
            if (state.img.defined()) {
                a.img = state.img.narrow(0, 0, h);
                b.img = state.img.narrow(0, h, n - h);
            }
            a.next_layer = b.next_layer = state.next_layer;
            runLayers(a, ws_in.narrow(0, 0, h), end_layer, noise.mode == NoiseMode::Random ? noise.slice(0, h) : noise);
            runLayers(b, ws_in.narrow(0, h, n - h), end_layer,
                      noise.mode == NoiseMode::Random ? noise.slice(h, n - h) : noise);
            work.x = torch::cat({a.x, b.x}, 0);
            work.img = a.img.defined() ? torch::cat({a.img, b.img}, 0) : torch::Tensor();
            work.next_layer = end_layer;
        }
        state = std::move(work);
        return;
    }
    std::vector<SynthesisState> parts(chunks.size());
    std::vector<int64_t> begin(chunks.size(), 0);
    for (size_t i = 1; i < chunks.size(); ++i) begin[i] = begin[i - 1] + chunks[i - 1];
    parallelJobs(chunks.size(), [&](std::size_t i) {
        SynthesisState& s = parts[i];
        s.x = state.x.narrow(0, begin[i], chunks[i]);
        if (state.img.defined()) s.img = state.img.narrow(0, begin[i], chunks[i]);
        s.next_layer = state.next_layer;
        runLayersSerial(s, ws_in.narrow(0, begin[i], chunks[i]), end_layer,
                        noise.mode == NoiseMode::Random ? noise.slice(begin[i], chunks[i]) : noise);
    });
    std::vector<torch::Tensor> xs, imgs;
    for (auto& p : parts) {
        xs.push_back(p.x);
        if (p.img.defined()) imgs.push_back(p.img);
    }
    state.x = torch::cat(xs, 0).contiguous(activationFormat());
    state.img = imgs.empty() ? torch::Tensor() : torch::cat(imgs, 0);
    state.next_layer = end_layer;
}

void Generator::runLayersSerial(SynthesisState& state, const torch::Tensor& ws_in, int end_layer,
                                const NoiseSpec& noise) const {
    torch::NoGradGuard no_grad;
    const torch::Tensor ws = ws_in.to(device_, torch::kFloat32);
    const int64_t n = ws.size(0);
    const bool reference = exec_.reference_ops;
    for (int li = state.next_layer; li < end_layer; ++li) {
        const ModLayer& layer = mod_layers_[static_cast<size_t>(li)];
        const torch::ScalarType dtype = blockDtype(layer.info.resolution);
        const torch::Tensor w = ws.select(1, layer.info.ws_index);
        if (!layer.info.is_torgb) {
            const torch::Tensor styles = runFc(layer.affine, w);
            if (reference) {
                torch::Tensor x = modulatedConvReference(layer, state.x.to(dtype), styles, scaledNoise(layer, n, noise, 1.0));
                state.x = biasAct(x, layer.bias.to(dtype), act_name_, act_gain_, config_.conv_clamp);
            } else {
                const bool fold = act_homogeneous_ && exec_.fused_epilogue;
                state.x = convLayer(layer, li, state.x.to(dtype), styles,
                                    scaledNoise(layer, n, noise, fold ? act_gain_ : 1.0));
            }
        } else {
            const torch::Tensor styles = runFc(layer.affine, w) * (1.0 / std::sqrt(static_cast<double>(layer.weight.size(1))));
            torch::Tensor y;
            if (reference) {
                y = modulatedConvReference(layer, state.x.to(dtype), styles, {});
                y = biasAct(y, layer.bias.to(dtype), "linear", 1.0, config_.conv_clamp).to(torch::kFloat32);
            } else {
                y = toRgbLayer(layer, state.x.to(dtype), styles);
            }
            state.img = state.img.defined() ? upsampleImage(state.img) + y : y;
        }
        state.next_layer = li + 1;
    }
}

int Generator::cudaGraphs() const {
#ifdef STYLEMIX_CUDA_GRAPHS
    if (graphs_) return graphs_->graphs();
#endif
    return 0;
}

torch::Tensor Generator::synthesis(const torch::Tensor& ws, const NoiseSpec& noise) const {
    SynthesisState s = initialState(ws.size(0));
    runLayers(s, ws, numLayers(), noise);
    return s.img;
}

}  // namespace stylemix
