// Engine internals shared by its translation units (engine.cpp, engine_mix.cpp):
// the per-model state and the cross-request cache. Not part of the API.
#pragma once

#include "model/engine/engine.h"
#include "model/engine/image_tensors.h"
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

// A source's identity for the cross-request cache: what its ws, activations and image depend on.
struct SourceKey {
    std::uint64_t seed = 0;
    int class_index = -1;
    double psi = 1.0;
    int cutoff = -1;
    int noise_mode = 0;
    std::uint64_t noise_seed = 0;
    std::vector<float> multipliers;   // normalised: one per noise layer, empty for mode none
    auto tie() const { return std::tie(seed, class_index, psi, cutoff, noise_mode, noise_seed, multipliers); }
    bool operator<(const SourceKey& o) const { return tie() < o.tie(); }
};

using WsKey = std::tuple<std::uint64_t, int, double, int, bool>;
// Cell identity: row source key, column source (seed, class), which layers take the column's ws.
using CellKey = std::tuple<SourceKey, std::uint64_t, int, std::vector<bool>>;

inline std::size_t tensorBytes(const torch::Tensor& t) {
    return t.defined() ? static_cast<std::size_t>(t.numel()) * t.element_size() : 0;
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

struct Engine::Impl {
    std::unique_ptr<Generator> generator;
    ModelFacts facts;
    int max_batch = 32;

    // Cross-request cache (see Engine::setCacheBudget).
    struct SourceEntry {
        Image image;
        bool has_image = false;
        std::map<int, SynthesisState> snaps;   // layer count -> single-item state (views into a job's batch)
        std::size_t bytes = 0;
        std::uint64_t used = 0;
    };
    struct CellEntry {
        Image image;
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
    EngineCacheStats last;

    const Generator& g() const { return *generator; }

    void initCachePolicy(std::size_t budget) {
        cache_budget = budget;
        const auto& layers = g().layers();
        const std::vector<int> boundaries = wsBoundaries(layers);
        // Keep every boundary snapshot up to the largest resolution whose per-source total fits in 1/32 of the budget.
        std::set<int> resolutions;
        for (const auto& l : layers) resolutions.insert(l.resolution);
        keep_resolution = 0;
        for (int res : resolutions) {
            double bytes = 0;
            for (int p : boundaries)
                if (layers[static_cast<size_t>(p - 1)].resolution <= res) bytes += g().snapshotBytes(p);
            if (bytes * 32 <= static_cast<double>(budget)) keep_resolution = res;
        }
    }

    SourceKey sourceKey(const Source& s, const Truncation& t, const NoiseSpec& noise) const {
        SourceKey k;
        k.seed = s.seed;
        k.class_index = s.class_index;
        k.psi = t.psi;
        k.cutoff = t.cutoff;
        k.noise_mode = static_cast<int>(noise.mode);
        if (noise.mode == NoiseMode::Random) k.noise_seed = noise.seed;
        if (noise.mode != NoiseMode::None) {
            k.multipliers.resize(g().noiseLayers().size());
            for (size_t i = 0; i < k.multipliers.size(); ++i) k.multipliers[i] = noise.multiplier(static_cast<int>(i));
        }
        return k;
    }

    void clearCache() {
        source_cache.clear();
        cell_cache.clear();
        ws_cache.clear();
        ws_cache_bytes = 0;
        cache_bytes = 0;
    }

    // Drops least recently used entries until the cache (the ws memo
    // included) fits its budget; the memo goes first.
    void evict() {
        if (ws_cache_bytes > wsMemoBudget()) clearWsMemo();
        std::size_t bytes = ws_cache_bytes;
        for (const auto& [k, e] : source_cache) bytes += e.bytes;
        for (const auto& [k, e] : cell_cache) bytes += e.image.pixels.size();
        if (bytes > cache_budget && ws_cache_bytes > 0) {
            bytes -= ws_cache_bytes;
            clearWsMemo();
        }
        while (bytes > cache_budget && (!source_cache.empty() || !cell_cache.empty())) {
            auto s_it = std::min_element(source_cache.begin(), source_cache.end(),
                                         [](const auto& a, const auto& b) { return a.second.used < b.second.used; });
            auto c_it = std::min_element(cell_cache.begin(), cell_cache.end(),
                                         [](const auto& a, const auto& b) { return a.second.used < b.second.used; });
            if (c_it != cell_cache.end() && (s_it == source_cache.end() || c_it->second.used <= s_it->second.used)) {
                bytes -= c_it->second.image.pixels.size();
                cell_cache.erase(c_it);
            } else {
                bytes -= s_it->second.bytes;
                source_cache.erase(s_it);
            }
        }
        cache_bytes = bytes;
    }

    JobSizing sizing() const {
        return {!g().device().is_cuda(), g().execution().job_batch, max_batch, g().cpuThreads()};
    }

    // The ws memo may hold at most 1/8 of the cache budget (at least 64 entries'
    // worth, so one request's sources always fit); it is cheap to recompute.
    std::size_t wsMemoBudget() const {
        const std::size_t entry = static_cast<std::size_t>(g().numWs()) * g().description().w_dim * sizeof(float);
        return std::max(cache_budget / 8, 64 * entry);
    }
    void clearWsMemo() {
        ws_cache.clear();
        ws_cache_bytes = 0;
    }

    torch::Tensor latents(const std::vector<Source>& sources) const {
        const int z_dim = g().description().z_dim;
        torch::Tensor z = torch::empty({static_cast<int64_t>(sources.size()), z_dim}, torch::kFloat64);
        for (size_t i = 0; i < sources.size(); ++i) {
            const auto v = latentForSeed(sources[i].seed, z_dim);
            std::memcpy(z[static_cast<int64_t>(i)].data_ptr<double>(), v.data(), v.size() * sizeof(double));
        }
        return z;
    }

    torch::Tensor labels(const std::vector<Source>& sources) const {
        const int c_dim = g().description().c_dim;
        if (c_dim == 0) return {};
        torch::Tensor c = torch::zeros({static_cast<int64_t>(sources.size()), c_dim}, torch::kFloat32);
        for (size_t i = 0; i < sources.size(); ++i) {
            const int k = sources[i].class_index;
            if (k < 0 || k >= c_dim)
                throw std::invalid_argument("this model is conditional with " + std::to_string(c_dim) +
                                            " classes: seed " + std::to_string(sources[i].seed) +
                                            (k < 0 ? " needs a class (--class)" : " has class " + std::to_string(k) + ", out of range"));
            c[static_cast<int64_t>(i)][k] = 1.0f;
        }
        return c;
    }

    // ws for sources. style_mixing.py truncates every ws with plain float ops;
    // gen_images.py (and any cutoff) goes through the mapping network's lerp.
    torch::Tensor sourceWs(const std::vector<Source>& sources, const Truncation& t, bool mixing_style) const {
        if (t.cutoff >= 0 || !mixing_style)
            return g().mapping(latents(sources), labels(sources), t.psi,
                               t.cutoff >= 0 ? std::optional<int>(t.cutoff) : std::nullopt);
        return g().truncateAll(g().mapping(latents(sources), labels(sources), 1.0), t.psi);
    }

    // ws of each source, mapped one source at a time (as gen_images.py does) so
    // a source's ws never depend on which other sources share the request;
    // memoised across requests.
    torch::Tensor wsOf(const std::vector<Source>& sources, const Truncation& t, bool mixing_style) {
        std::vector<torch::Tensor> rows;
        for (const auto& src : sources) {
            const WsKey key{src.seed, src.class_index, t.psi, t.cutoff, mixing_style};
            auto it = ws_cache.find(key);
            if (it == ws_cache.end()) {
                torch::Tensor w = sourceWs({src}, t, mixing_style);
                if (ws_cache_bytes + tensorBytes(w) > wsMemoBudget()) clearWsMemo();   // generate() may see many seeds
                ws_cache_bytes += tensorBytes(w);
                it = ws_cache.emplace(key, std::move(w)).first;
            }
            rows.push_back(it->second);
        }
        return torch::cat(rows, 0);
    }

    torch::Tensor subjectWs(const LabSubject& s) {
        std::vector<Source> src = {s.source};
        if (s.mix_with) src.push_back(*s.mix_with);
        torch::Tensor ws = wsOf(src, s.truncation, /*mixing_style=*/s.mix_with.has_value());
        torch::Tensor out = ws.slice(0, 0, 1).clone();
        if (s.mix_with)
            for (int idx : s.styles) out.select(1, idx).copy_(ws.select(1, idx).slice(0, 1, 2));
        return out;
    }

    void checkStyles(const std::vector<int>& styles, const std::string& what) const {
        for (int s : styles)
            if (s < 0 || s >= g().numWs())
                throw std::invalid_argument(what + ": style index " + std::to_string(s) + " is out of range (the model has " +
                                            std::to_string(g().numWs()) + " ws: 0-" + std::to_string(g().numWs() - 1) + ")");
    }

    void checkTruncation(const Truncation& t) const {
        if (!(std::fabs(t.psi) < kMaxAbsPsi))
            throw std::invalid_argument("truncation psi must be a finite number with |psi| < " +
                                        std::to_string(static_cast<int>(kMaxAbsPsi)));
        if (t.cutoff > g().numWs())
            throw std::invalid_argument("truncation cutoff " + std::to_string(t.cutoff) + " exceeds num_ws " +
                                        std::to_string(g().numWs()));
    }

    // Everything a single-subject render (split view, Fig. 5) must satisfy.
    void checkSubject(const LabSubject& subject, const NoiseSpec& noise, const ProgressHooks& hooks) const {
        checkTruncation(subject.truncation);
        checkNoise(noise);
        checkStyles(subject.styles, "subject");
        hooks.check();
    }

    // The request's input transform, set on the generator before rendering;
    // a change invalidates every cached activation and image.
    void applyTransform(const OptionalTransform& t) {
        if (t && !facts.has_input_transform)
            throw std::invalid_argument("input transform: this model (" + facts.family_label +
                                        ") has no input transform; translate / rotate need a StyleGAN3 generator");
        if (t && !(std::abs(t->translate_x) <= 1e6 && std::abs(t->translate_y) <= 1e6 && std::abs(t->rotate_deg) <= 1e9))
            throw std::invalid_argument("input transform: translate and rotate must be finite numbers");
        if (t == generator->inputTransform()) return;
        generator->setInputTransform(t);
        clearCache();
    }

    // The noise lab and Fig. 5 vary noise inputs; a family without any cannot take part.
    void checkHasNoise(const std::string& what) const {
        if (!facts.hasNoise())
            throw std::invalid_argument(what + ": this model (" + facts.family_label + ") has no noise inputs");
    }

    void checkNoise(const NoiseSpec& n) const {
        if (!n.multipliers.empty() && n.multipliers.size() != g().noiseLayers().size())
            throw std::invalid_argument("noise: " + std::to_string(n.multipliers.size()) + " layer multipliers given, the model has " +
                                        std::to_string(g().noiseLayers().size()) + " noise layers");
        for (float m : n.multipliers)
            if (!(m >= 0 && m <= 1000)) throw std::invalid_argument("noise: layer multipliers must be in [0, 1000]");
    }
};

}  // namespace stylemix
