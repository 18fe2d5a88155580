#include "model/nets/generator.h"

#include "model/io/message_text.h"
#include "model/kernels/cpu_worker_pool.h"
#include "model/kernels/random_noise.h"
#ifdef STYLEMIX_CUDA_GRAPHS
#include "model/nets/cuda_graphs.h"
#endif

#include <ATen/Context.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <thread>

namespace stylemix {

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
    o.stylegan2 = plainStyleGan2Execution();
    o.blas_single_thread = false;
    o.reference_ops = true;
    o.cudnn_benchmark = false;   // PyTorch's default, as NVIDIA's scripts run
    o.single_image_threads = 0;  // PyTorch's default: every op on all cores
    return o;
}

Generator::Generator(ModelDescription desc, torch::Device device, Precision precision)
    : desc_(std::move(desc)), device_(device), precision_(precision) {}

Generator::~Generator() = default;

Precision Generator::precision() const {
    // Upstream forces fp32 off the GPU.
    return device_.is_cuda() || exec_.cpu_half ? precision_ : Precision::FP32;
}

SynthesisState Generator::startState(int64_t n, const OptionalTransform& transform) const {
    if (transform && !desc_.has_input_transform)
        throw std::invalid_argument("this model (" + desc_.family_label + ") has no input transform: "
                                    "translate / rotate need a StyleGAN3 generator");
    SynthesisState s = initialState(n);
    s.transform = transform;
    return s;
}

void Generator::setExecution(const ExecutionOptions& options) {
    exec_ = options;
    applyThreads();
    graphs_.reset();
#ifdef STYLEMIX_CUDA_GRAPHS
    if (device_.is_cuda() && exec_.cuda_graphs && !exec_.reference_ops) graphs_ = makeCudaGraphRunner();
#endif
    torch::NoGradGuard no_grad;
    prepareKernels();
}

void Generator::applyThreads() {
    const int hw = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    threads_ = device_.is_cuda() ? 1 : (exec_.threads > 0 ? exec_.threads : hw);
    if (device_.is_cuda()) return;
    // The calling thread's (and new threads') intra-op team: what a single image uses. Workers pin
    // themselves to one. The plain (NVIDIA-style) settings keep PyTorch's default of all cores.
    const int caller_threads =
        exec_.single_image_threads > 0 ? std::min(exec_.single_image_threads, threads_) : threads_;
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

at::MemoryFormat Generator::activationFormat() const {
    return (cpuFast() && exec_.channels_last && !exec_.reference_ops) ? at::MemoryFormat::ChannelsLast
                                                                       : at::MemoryFormat::Contiguous;
}

int Generator::cudaGraphs() const {
#ifdef STYLEMIX_CUDA_GRAPHS
    if (graphs_) return graphs_->graphs();
#endif
    return 0;
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

torch::Tensor Generator::randomNoiseFor(const NoiseSpec& noise, int64_t n, int noise_layer, int resolution) const {
    std::vector<int64_t> real = noise.realisations;
    if (real.empty()) real.assign(static_cast<size_t>(n), 0);
    if (static_cast<int64_t>(real.size()) != n)
        throw std::invalid_argument("noise: " + std::to_string(real.size()) + " realisations for a batch of " +
                                    std::to_string(n));
    const bool uniform = std::all_of(real.begin(), real.end(), [&](int64_t r) { return r == real[0]; });
    if (uniform) return randomPlane(noise.seed, real[0], noise_layer, resolution);
    return randomNoise(noise.seed, real, noise_layer, resolution, device_);
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
    if (!pool_ || CpuWorkerPool::inWorker() || count == 1) {
        for (std::size_t i = 0; i < count; ++i) {
            if (poll) poll();
            job(i);
            if (done) done(i);
        }
        return;
    }
    pool_->run(count, job, done, poll);
}

torch::Tensor Generator::synthesis(const torch::Tensor& ws, const NoiseSpec& noise,
                                   const OptionalTransform& transform) const {
    SynthesisState s = startState(ws.size(0), transform);
    runLayers(s, ws, numLayers(), noise);
    return outputImage(s);
}

torch::Tensor Generator::captureActivation(const torch::Tensor& ws, const NoiseSpec& noise,
                                           const OptionalTransform& transform, const std::string& name) const {
    torch::NoGradGuard no_grad;
    const ActivationInfo* info = desc_.activation(name);
    if (!info)
        throw std::invalid_argument("no layer " + quoteText(name) + " in this " + desc_.family_label + " model (" +
                                    std::to_string(desc_.activations.size()) + " layers; stylemix layers --list)");
    if (ws.dim() != 3 || ws.size(1) != desc_.num_ws || ws.size(2) != desc_.w_dim)
        throw std::invalid_argument("capture: ws must be [N, " + std::to_string(desc_.num_ws) + ", " +
                                    std::to_string(desc_.w_dim) + "]");
    SynthesisState state = startState(ws.size(0), transform);
    ActivationTap tap{name, {}};
    state.tap = &tap;
    runLayersSerial(state, ws, std::min(info->after_layer + 1, numLayers()), noise);
    if (name == "output" && !tap.captured.defined()) tap.offer(name, outputImage(state));
    if (!tap.captured.defined())
        throw std::logic_error(desc_.family_label + " listed layer " + quoteText(name) + " but never produced it");
    return tap.captured;
}

namespace {

SynthesisState narrowState(const SynthesisState& s, int64_t begin, int64_t count) {
    SynthesisState out;
    out.x = s.x.narrow(0, begin, count);
    if (s.img.defined()) out.img = s.img.narrow(0, begin, count);
    out.next_layer = s.next_layer;
    out.transform = s.transform;
    return out;
}

SynthesisState concatStates(const std::vector<SynthesisState>& parts, int end_layer) {
    std::vector<torch::Tensor> xs, imgs;
    for (const auto& p : parts) {
        xs.push_back(p.x);
        if (p.img.defined()) imgs.push_back(p.img);
    }
    SynthesisState out;
    out.x = torch::cat(xs, 0);
    out.img = imgs.empty() ? torch::Tensor() : torch::cat(imgs, 0);
    out.next_layer = end_layer;
    out.transform = parts.front().transform;
    return out;
}

NoiseSpec noiseSlice(const NoiseSpec& noise, int64_t begin, int64_t count) {
    return noise.mode == NoiseMode::Random ? noise.slice(begin, count) : noise;
}

}  // namespace

void Generator::runLayers(SynthesisState& state, const torch::Tensor& ws, int end_layer,
                          const NoiseSpec& noise) const {
    torch::NoGradGuard no_grad;
    if (ws.dim() != 3 || ws.size(1) != desc_.num_ws || ws.size(2) != desc_.w_dim)
        throw std::invalid_argument("synthesis: ws must be [N, " + std::to_string(desc_.num_ws) + ", " +
                                    std::to_string(desc_.w_dim) + "]");
    if (ws.size(0) != state.x.size(0))
        throw std::invalid_argument("synthesis: ws batch does not match the state batch");
    const int64_t n = ws.size(0);
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
    const std::vector<int64_t> chunks = CpuWorkerPool::inWorker() ? std::vector<int64_t>{n} : batchChunks(n);
    if (chunks.size() <= 1) {
        runChunk(state, ws, end_layer, noise);
        return;
    }
    std::vector<SynthesisState> parts(chunks.size());
    std::vector<int64_t> begin(chunks.size(), 0);
    for (size_t i = 1; i < chunks.size(); ++i) begin[i] = begin[i - 1] + chunks[i - 1];
    parallelJobs(chunks.size(), [&](std::size_t i) {
        parts[i] = narrowState(state, begin[i], chunks[i]);
        runLayersSerial(parts[i], ws.narrow(0, begin[i], chunks[i]), end_layer, noiseSlice(noise, begin[i], chunks[i]));
    });
    state = concatStates(parts, end_layer);
    state.x = state.x.contiguous(activationFormat());
}

// One batch on this thread: a CUDA graph replay when possible, else eager; a
// CUDA batch that does not fit is split in halves (recursively) instead of failing.
void Generator::runChunk(SynthesisState& state, const torch::Tensor& ws, int end_layer, const NoiseSpec& noise) const {
    const int64_t n = ws.size(0);
    if (!device_.is_cuda() && !CpuWorkerPool::inWorker()) {
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
        const torch::Tensor ws_dev = ws.to(device_, torch::kFloat32).contiguous();
        const auto eager = [&](SynthesisState& s, const torch::Tensor& w) { runLayersSerial(s, w, end_layer, noise); };
        if (graphs_->run(key, work, ws_dev, end_layer, eager)) {
            state = std::move(work);
            return;
        }
    }
#endif
    try {
        runLayersSerial(work, ws, end_layer, noise);
    } catch (const c10::Error& e) {
        if (!device_.is_cuda() || n < 2 || std::string(e.what()).find("out of memory") == std::string::npos) throw;
        const int64_t h = n / 2;
        std::vector<SynthesisState> halves = {narrowState(state, 0, h), narrowState(state, h, n - h)};
        runLayers(halves[0], ws.narrow(0, 0, h), end_layer, noiseSlice(noise, 0, h));
        runLayers(halves[1], ws.narrow(0, h, n - h), end_layer, noiseSlice(noise, h, n - h));
        work = concatStates(halves, end_layer);
    }
    state = std::move(work);
}

}  // namespace stylemix
