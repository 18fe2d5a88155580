// Engine internals shared by its translation units (engine.cpp, engine_mix.cpp,
// engine_lab.cpp): the per-model state and the cross-request cache. Not part
// of the API. The cache's keys are in engine_cache.h and its policy in
// engine_cache.cpp; the ws and the request checks in engine_impl.cpp.
#pragma once

#include "model/engine/engine.h"
#include "model/engine/engine_cache.h"
#include "model/engine/image_tensors.h"
#include "model/engine/lab_resume.h"
#include "model/engine/mix_plan.h"
#include "model/core/numpy_random.h"
#include "model/core/stopwatch.h"
#include "model/nets/generator.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <tuple>

namespace stylemix {

inline torch::Device resolveDevice(DeviceChoice choice) {
    const bool cuda = torch::cuda::is_available();
    switch (choice) {
        case DeviceChoice::CPU: return torch::kCPU;
        case DeviceChoice::CUDA:
            if (!cuda) throw std::runtime_error("device 'cuda' requested, but no CUDA device is available");
            return torch::Device(torch::kCUDA, 0);
        case DeviceChoice::Auto: break;
    }
    return cuda ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
}

inline Precision toPrecision(PrecisionChoice p) {
    switch (p) {
        case PrecisionChoice::FP32: return Precision::FP32;
        case PrecisionChoice::FP16Mixed: return Precision::Mixed;
        case PrecisionChoice::BF16Mixed: return Precision::BF16;
    }
    return Precision::FP32;
}

// Lets a job wait for the jobs it depends on (sources before their cells). Jobs
// are handed out in order, so whatever a job waits for is already running.
class JobGate {
public:
    explicit JobGate(std::size_t n) : done_(n, 0) {}
    void open(std::size_t i) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            done_[i] = 1;
        }
        cv_.notify_all();
    }
    void abort() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            aborted_ = true;
        }
        cv_.notify_all();
    }
    // False when the request was abandoned (the failing job or the caller reports why).
    bool wait(std::size_t i) {
        std::unique_lock<std::mutex> lock(mutex_);
        cv_.wait(lock, [&] { return done_[i] != 0 || aborted_; });
        return done_[i] != 0;
    }

private:
    std::mutex mutex_;
    std::condition_variable cv_;
    std::vector<char> done_;
    bool aborted_ = false;
};

struct LayerCapture;   // engine_layers.cpp

struct Engine::Impl {
    std::unique_ptr<Generator> generator;
    ModelFacts facts;
    int max_batch = 32;

    // Cross-request cache (see Engine::setCacheBudget).
    // Images are shared with results: a hit hands out the same object.
    struct SourceEntry {
        ImagePtr image;                        // null until rendered
        std::map<int, SynthesisState> snaps;   // layer count -> single-item state (views into a job's batch)
        std::size_t bytes = 0;
        std::uint64_t used = 0;
    };
    // A cell: its image once rendered, and snapshots at ws boundaries past its
    // shared prefix (so a noise change resumes it from the first layer it affects).
    struct CellEntry {
        ImagePtr image;
        std::map<int, SynthesisState> snaps;
        std::size_t bytes = 0;                 // snapshots + image
        std::uint64_t used = 0;
    };
    std::map<SourceKey, SourceEntry> source_cache;
    std::map<CellKey, CellEntry> cell_cache;
    std::map<WsKey, torch::Tensor> ws_cache;
    std::size_t ws_cache_bytes = 0;
    std::size_t cache_budget = 0;
    std::size_t cache_bytes = 0;
    std::uint64_t tick = 0;
    int keep_resolution = 0;            // snapshots at every ws boundary up to this resolution are kept
    std::vector<int> first_layer_of_noise;   // per noise layer: the first synthesis layer that consumes it
    LabResume lab_resume;                    // the noise lab's states for a knob change (lab_resume.h)
    std::optional<MixRequest> last_mix;      // the previous mix() request (engine_mix.cpp: crossoverStep)
    // The layer view's last captured activations (engine_layers.cpp), so a display-only change
    // does not run synthesis again: one subject's A, B and mix at one layer.
    // Kept only within a quarter of the cache budget; counted in cacheStats().bytes.
    std::shared_ptr<LayerCapture> last_layer_capture;
    std::size_t layerCaptureBytes() const;   // of last_layer_capture (engine_layers.cpp)
    EngineCacheStats last;

    const Generator& g() const { return *generator; }

    // engine_cache.cpp: the cross-request cache's policy.
    void initCachePolicy(std::size_t budget);
    SourceKey sourceKey(const Source& s, const Truncation& t, const NoiseSpec& noise) const;
    void clearCache();

    // Whether two keys of one source (same source and truncation) feed the
    // first `layer_count` layers the same noise: only the noise layers those
    // layers consume count, so a knob on noise layer i keeps every prefix
    // before the first layer consuming i.
    bool samePrefixNoise(const SourceKey& a, const SourceKey& b, int layer_count) const;
    // Puts into `snaps` (shared tensors, no copy) every snapshot of `from`
    // valid for key `to`; returns the bytes added.
    std::size_t borrowSnapshots(const SourceKey& to, const SourceKey& from, const std::map<int, SynthesisState>& from_snaps,
                                std::map<int, SynthesisState>& snaps) const;
    // The entry for `key`, created if new, with the snapshots of its siblings (other noise) borrowed.
    SourceEntry& sourceEntry(const SourceKey& key);
    CellEntry& cellEntry(const CellKey& key);
    // Cells keep boundary snapshots up to this resolution when `cells` of them fit in a quarter of the budget.
    int cellKeepResolution(std::size_t cells) const;

    // Drops least recently used entries until the cache (the ws memo
    // included) fits its budget; the memo goes first.
    void evict();

    JobSizing sizing() const {
        return {!g().device().is_cuda(), g().execution().job_batch, max_batch, g().cpuThreads()};
    }

    // The ws memo may hold at most 1/8 of the cache budget (at least 64 entries'
    // worth, so one request's sources always fit); it is cheap to recompute.
    std::size_t wsMemoBudget() const;
    void clearWsMemo();

    // engine_impl.cpp: ws and request checks.
    torch::Tensor latents(const std::vector<Source>& sources) const;
    torch::Tensor labels(const std::vector<Source>& sources) const;

    // ws [1, num_ws, w_dim] of one source (not memoised; wsOf is). A seed:
    // style_mixing.py truncates every ws with plain float ops; gen_images.py
    // (and any cutoff) goes through the mapping network's lerp. A position
    // blends its seeds' ws (each as that seed's source would be); a W array
    // is used as it is.
    torch::Tensor sourceWs(const Source& s, const Truncation& t, bool mixing_style);
    torch::Tensor seedWs(const Source& seed, const Truncation& t, bool mixing_style) const;
    torch::Tensor positionWs(const Source& p, const Truncation& t, bool mixing_style);
    torch::Tensor arrayWs(const Source& s) const;

    // ws of each source, mapped one source at a time (as gen_images.py does) so
    // a source's ws never depend on which other sources share the request;
    // memoised across requests.
    torch::Tensor wsOf(const std::vector<Source>& sources, const Truncation& t, bool mixing_style);

    torch::Tensor subjectWs(const LabSubject& s);
    void checkStyles(const std::vector<int>& styles, const std::string& what) const;
    void checkTruncation(const Truncation& t) const;

    // Everything a single-subject render (split view, Fig. 5) must satisfy.
    void checkSubject(const LabSubject& subject, const NoiseSpec& noise, const ProgressHooks& hooks) const;

    // Checks the request's input transform and makes it the one the cache
    // holds renders of (a change invalidates every cached activation and
    // image); every synthesis call passes it to the generator.
    void applyTransform(const OptionalTransform& t);
    OptionalTransform transform;

    // The noise lab and Fig. 5 vary noise inputs; a family without any cannot take part.
    void checkHasNoise(const std::string& what) const;
    void checkNoise(const NoiseSpec& n) const;
};

}  // namespace stylemix
