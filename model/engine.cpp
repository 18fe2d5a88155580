#include "model/engine.h"

#include "model/figures.h"
#include "model/generator.h"
#include "model/numpy_random.h"
#include "model/sha256.h"
#include "model/weights.h"

#include <torch/torch.h>

#include <dlfcn.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <tuple>

namespace stylemix {
namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

torch::Device resolveDevice(DeviceChoice choice) {
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

Precision toPrecision(PrecisionChoice p) {
    switch (p) {
        case PrecisionChoice::FP32: return Precision::FP32;
        case PrecisionChoice::FP16Mixed: return Precision::Mixed;
        case PrecisionChoice::BF16Mixed: return Precision::BF16;
    }
    return Precision::FP32;
}

// gen_images.py's conversion: (x * 127.5 + 128).clamp(0, 255) truncated to uint8, NCHW -> NHWC.
torch::Tensor toUint8(const torch::Tensor& img) {
    return (img.permute({0, 2, 3, 1}) * 127.5 + 128).clamp(0, 255).to(torch::kUInt8).contiguous();
}

std::vector<Image> toImages(const torch::Tensor& img) {
    const torch::Tensor u8 = toUint8(img).to(torch::kCPU);
    std::vector<Image> out;
    const int64_t n = u8.size(0);
    for (int64_t i = 0; i < n; ++i) {
        Image im;
        im.height = static_cast<int>(u8.size(1));
        im.width = static_cast<int>(u8.size(2));
        im.channels = static_cast<int>(u8.size(3));
        im.pixels.resize(static_cast<size_t>(im.width) * im.height * im.channels);
        std::memcpy(im.pixels.data(), u8[i].data_ptr<uint8_t>(), im.pixels.size());
        out.push_back(std::move(im));
    }
    return out;
}

// Per-layer source of a mixing cell: true = the column source (B).
std::vector<bool> layerFromColumn(const std::vector<SynthesisLayerInfo>& layers, const std::vector<int>& styles) {
    const std::set<int> s(styles.begin(), styles.end());
    std::vector<bool> out;
    for (const auto& l : layers) out.push_back(s.count(l.ws_index) > 0);
    return out;
}

// Number of leading layers whose ws all come from the same source as layer 0.
int sharedPrefix(const std::vector<bool>& from_col) {
    int p = 0;
    while (p < static_cast<int>(from_col.size()) && from_col[static_cast<size_t>(p)] == from_col[0]) ++p;
    return p;
}

// A source's identity for the cross-request cache: what its ws, activations and image depend on.
struct SourceKey {
    std::uint64_t seed = 0;
    int class_index = -1;
    double psi = 1.0;
    int cutoff = -1;
    bool mixing_style = true;
    int noise_mode = 0;
    std::uint64_t noise_seed = 0;
    std::vector<float> multipliers;   // normalised: one per noise layer, empty for mode none
    auto tie() const { return std::tie(seed, class_index, psi, cutoff, mixing_style, noise_mode, noise_seed, multipliers); }
    bool operator<(const SourceKey& o) const { return tie() < o.tie(); }
};

using WsKey = std::tuple<std::uint64_t, int, double, int, bool>;
// Cell identity: row source key, column source (seed, class), which layers take the column's ws.
using CellKey = std::tuple<SourceKey, std::uint64_t, int, std::vector<bool>>;

std::size_t tensorBytes(const torch::Tensor& t) {
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

}  // namespace


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
    std::size_t cache_budget = 0;
    std::size_t cache_bytes = 0;
    std::uint64_t tick = 0;
    int keep_resolution = 0;            // snapshots at every ws boundary up to this resolution are kept
    std::vector<int> boundaries;        // layer counts where the ws index changes
    EngineCacheStats last;

    const Generator& g() const { return *generator; }

    void initCachePolicy(std::size_t budget) {
        cache_budget = budget;
        boundaries.clear();
        const auto& layers = g().layers();
        for (size_t p = 1; p < layers.size(); ++p)
            if (layers[p - 1].ws_index != layers[p].ws_index) boundaries.push_back(static_cast<int>(p));
        // Keep every boundary snapshot up to the largest resolution whose per-source total fits in 1/32 of the budget.
        const double elem = g().precision() == Precision::FP32 ? 4.0 : 2.0;
        keep_resolution = 0;
        for (int res : g().config().blockResolutions()) {
            double bytes = 0;
            for (int p : boundaries) {
                const auto& l = layers[static_cast<size_t>(p - 1)];
                if (l.resolution > res) continue;
                bytes += elem * g().config().channelsAt(l.resolution) * l.resolution * l.resolution +
                         4.0 * g().config().img_channels * l.resolution * l.resolution;
            }
            if (bytes * 32 <= static_cast<double>(budget)) keep_resolution = res;
        }
    }

    SourceKey sourceKey(const Source& s, const Truncation& t, const NoiseSpec& noise) const {
        SourceKey k;
        k.seed = s.seed;
        k.class_index = s.class_index;
        k.psi = t.psi;
        k.cutoff = t.cutoff;
        k.mixing_style = true;
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
        cache_bytes = 0;
    }

    // Drops least recently used entries until the cache fits its budget.
    void evict() {
        std::size_t bytes = 0;
        for (const auto& [k, e] : source_cache) bytes += e.bytes;
        for (const auto& [k, e] : cell_cache) bytes += e.image.pixels.size();
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
        if (ws_cache.size() > 8192) ws_cache.clear();
    }

    // Job sizes for `count` images: on the CPU the first jobs hold one image
    // each (something to show quickly), the rest up to job_batch; on CUDA
    // whole max_batch batches.
    std::vector<int> jobSizes(int count, bool first_small) const {
        std::vector<int> sizes;
        if (count <= 0) return sizes;
        const bool cpu = !g().device().is_cuda();
        const int jb = cpu ? std::max(1, std::min(g().execution().job_batch, max_batch)) : max_batch;
        int rest = count;
        if (cpu && first_small && jb > 1) {
            const int small = std::min(std::max(1, g().cpuThreads()), count);
            for (int i = 0; i < small; ++i) sizes.push_back(1);
            rest -= small;
        }
        if (rest > 0) {
            const int k = (rest + jb - 1) / jb;
            for (int i = 0; i < k; ++i) sizes.push_back(rest / k + (i < rest % k ? 1 : 0));
        }
        return sizes;
    }

    torch::Tensor latents(const std::vector<Source>& sources) const {
        const int z_dim = g().config().z_dim;
        torch::Tensor z = torch::empty({static_cast<int64_t>(sources.size()), z_dim}, torch::kFloat64);
        for (size_t i = 0; i < sources.size(); ++i) {
            const auto v = latentForSeed(sources[i].seed, z_dim);
            std::memcpy(z[static_cast<int64_t>(i)].data_ptr<double>(), v.data(), v.size() * sizeof(double));
        }
        return z;
    }

    torch::Tensor labels(const std::vector<Source>& sources) const {
        const int c_dim = g().config().c_dim;
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
                if (ws_cache.size() >= 8192) ws_cache.clear();   // ~20 KB each; generate() may see many seeds
                it = ws_cache.emplace(key, sourceWs({src}, t, mixing_style)).first;
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
        if (!(t.psi > -100 && t.psi < 100)) throw std::invalid_argument("truncation psi must be a finite number");
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

    void checkNoise(const NoiseSpec& n) const {
        if (!n.multipliers.empty() && n.multipliers.size() != g().noiseLayers().size())
            throw std::invalid_argument("noise: " + std::to_string(n.multipliers.size()) + " layer multipliers given, the model has " +
                                        std::to_string(g().noiseLayers().size()) + " noise layers");
        for (float m : n.multipliers)
            if (!(m >= 0 && m <= 1000)) throw std::invalid_argument("noise: layer multipliers must be in [0, 1000]");
    }
};

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Engine::~Engine() = default;

namespace {

void fillFacts(Engine::Impl& impl, const std::string& path, const std::string& sha256);

// Free device memory from the CUDA runtime that LibTorch's CUDA build already
// loaded (looked up at run time, so this file needs no CUDA headers).
std::optional<std::size_t> cudaFreeBytes() {
    using Fn = int (*)(std::size_t*, std::size_t*);
    static const Fn fn = reinterpret_cast<Fn>(dlsym(RTLD_DEFAULT, "cudaMemGetInfo"));
    if (!fn) return std::nullopt;
    std::size_t free_bytes = 0, total = 0;
    if (fn(&free_bytes, &total) != 0 || free_bytes == 0) return std::nullopt;
    return free_bytes;
}

}  // namespace

std::unique_ptr<Engine> Engine::load(const std::string& path, DeviceChoice device, PrecisionChoice precision,
                                     const ProgressHooks& hooks) {
    auto impl = std::make_unique<Impl>();
    const torch::Device dev = resolveDevice(device);
    impl->generator = loadGenerator(path, dev, toPrecision(precision), hooks);
    fillFacts(*impl, path, sha256File(path));
    return std::unique_ptr<Engine>(new Engine(std::move(impl)));
}

std::unique_ptr<Engine> Engine::fromGenerator(std::unique_ptr<Generator> generator, const std::string& label) {
    if (!generator) throw std::invalid_argument("Engine::fromGenerator: no generator");
    auto impl = std::make_unique<Impl>();
    impl->generator = std::move(generator);
    fillFacts(*impl, label, "");
    return std::unique_ptr<Engine>(new Engine(std::move(impl)));
}

namespace {

void fillFacts(Engine::Impl& impl, const std::string& path, const std::string& sha256) {
    const Generator& g = *impl.generator;
    const torch::Device dev = g.device();
    ModelFacts& f = impl.facts;
    f.path = path;
    f.sha256 = sha256;
    f.config = g.config();
    f.num_ws = g.numWs();
    f.ws_info = g.config().wsInfo();
    f.noise_layers = g.noiseLayers();
    f.noise_strengths = g.noiseStrengths();
    f.device = dev.is_cuda() ? "cuda:" + std::to_string(dev.index()) : "cpu";
    f.precision = precisionName(g.precision());
    // Rough activation footprint per image (a few live float tensors of the largest
    // layer) decides how many images share a forward pass; on CUDA the budget is
    // a share of the free device memory, and a pass that still runs out of memory
    // is split further by the generator.
    double largest = 0;
    for (int res : g.config().blockResolutions())
        largest = std::max(largest, static_cast<double>(g.config().channelsAt(res)) * res * res);
    const double per_image = 6.0 * 4.0 * largest;
    double budget = 1.5e9;
    if (dev.is_cuda()) {
        const std::optional<std::size_t> free_bytes = cudaFreeBytes();
        budget = free_bytes ? 0.6 * static_cast<double>(*free_bytes) : 4e9;
    }
    impl.max_batch = static_cast<int>(std::clamp(budget / std::max(per_image, 1.0), 1.0, 64.0));
    impl.initCachePolicy(dev.is_cuda() ? (std::size_t{2} << 30) : (std::size_t{512} << 20));
}

}  // namespace

const ModelFacts& Engine::facts() const { return impl_->facts; }
void Engine::setMaxBatch(int max_batch) { impl_->max_batch = std::max(1, max_batch); }
int Engine::maxBatch() const { return impl_->max_batch; }

void Engine::setCacheBudget(std::size_t bytes) {
    impl_->initCachePolicy(bytes);
    impl_->evict();
}
void Engine::clearCache() { impl_->clearCache(); }
EngineCacheStats Engine::cacheStats() const {
    EngineCacheStats s = impl_->last;
    s.bytes = impl_->cache_bytes;
    s.budget = impl_->cache_budget;
    s.sources = static_cast<int>(impl_->source_cache.size());
    s.cells = static_cast<int>(impl_->cell_cache.size());
    return s;
}
const Generator& Engine::generator() const { return *impl_->generator; }
void Engine::setExecution(const ExecutionOptions& options) {
    impl_->generator->setExecution(options);
    impl_->clearCache();
}

std::vector<Image> Engine::generate(const GenerateRequest& request, const ProgressHooks& hooks) {
    c10::InferenceMode guard;
    Impl& m = *impl_;
    m.checkTruncation(request.truncation);
    m.checkNoise(request.noise);
    std::vector<Image> out;
    const auto n = static_cast<int64_t>(request.sources.size());
    for (int64_t b = 0; b < n; b += m.max_batch) {
        hooks.check();
        const int64_t count = std::min<int64_t>(m.max_batch, n - b);
        std::vector<Source> chunk(request.sources.begin() + b, request.sources.begin() + b + count);
        const torch::Tensor ws = m.wsOf(chunk, request.truncation, /*mixing_style=*/false);
        NoiseSpec noise = request.noise;
        if (noise.mode == NoiseMode::Random && noise.realisations.empty()) noise.realisations.assign(static_cast<size_t>(count), 0);
        for (auto& img : toImages(m.g().synthesis(ws, noise))) out.push_back(std::move(img));
        hooks.report(static_cast<float>(b + count) / static_cast<float>(n));
    }
    return out;
}

MixResult Engine::mix(const MixRequest& request, const ProgressHooks& hooks,
                      const std::function<void(const MixProgress&)>& on_progress) {
    c10::InferenceMode guard;
    Impl& m = *impl_;
    const Generator& g = m.g();
    validateMixRequest(request, m.facts);
    m.checkTruncation(request.truncation);
    m.checkNoise(request.noise);
    hooks.check();
    const auto t0 = Clock::now();
    const bool caching = m.cache_budget > 0;
    if (!caching) m.clearCache();
    const std::uint64_t tick = ++m.tick;
    EngineCacheStats stats;
    MixResult result;
    const size_t R = request.rows.size(), C = request.cols.size();
    const int L = g.numLayers();
    const int total = static_cast<int>(R + C + R * C);
    int done = 0;
    bool first_image = true;
    auto emit = [&](MixProgress::Kind kind, int r, int c, const Image* image) {
        ++done;
        if (first_image) {
            stats.first_image_ms = msSince(t0);
            first_image = false;
        }
        if (on_progress) on_progress({kind, r, c, image, done, total});
        hooks.report(static_cast<float>(done) / static_cast<float>(total));
    };

    // 1. Unique sources -> ws, one source at a time (memoised).
    std::vector<Source> unique;
    auto indexOf = [&](const Source& s) {
        auto it = std::find(unique.begin(), unique.end(), s);
        if (it != unique.end()) return static_cast<int64_t>(it - unique.begin());
        unique.push_back(s);
        return static_cast<int64_t>(unique.size() - 1);
    };
    std::vector<int64_t> row_idx, col_idx;
    for (const auto& s : request.rows) row_idx.push_back(indexOf(s));
    for (const auto& s : request.cols) col_idx.push_back(indexOf(s));
    const auto U = static_cast<int64_t>(unique.size());
    const torch::Tensor ws = m.wsOf(unique, request.truncation, /*mixing_style=*/true);
    result.timings.mapping_ms = msSince(t0);

    // Noise: every image of a grid sees the same noise field, so cells and
    // sources agree and shared prefixes are exact.
    auto noiseFor = [&](int64_t n) {
        NoiseSpec noise = request.noise;
        if (noise.mode == NoiseMode::Random) noise.realisations.assign(static_cast<size_t>(n), 0);
        return noise;
    };

    std::vector<SourceKey> keys;
    std::vector<Impl::SourceEntry*> entries;
    for (const auto& s : unique) {
        keys.push_back(m.sourceKey(s, request.truncation, request.noise));
        Impl::SourceEntry& e = m.source_cache[keys.back()];
        e.used = tick;
        entries.push_back(&e);
    }

    // 2. Plan cells: cached, equal to a source, or resumed from a source's snapshot.
    struct CellPlan {
        size_t r, c;
        int64_t src;     // source whose activations the cell starts from
        int prefix;      // layers shared with it
        CellKey key;
    };
    std::vector<CellPlan> to_render, copies;
    std::vector<std::set<int>> needed(static_cast<size_t>(U));
    result.cells.assign(R, std::vector<Image>(C));
    std::vector<std::pair<size_t, size_t>> cached_cells;
    for (size_t r = 0; r < R; ++r) {
        const std::vector<bool> from_col = layerFromColumn(g.layers(), request.stylesForRow(r));
        const int p = sharedPrefix(from_col);
        for (size_t c = 0; c < C; ++c) {
            const int64_t src = from_col[0] ? col_idx[c] : row_idx[r];
            CellPlan plan{r, c, src, p, CellKey{keys[static_cast<size_t>(row_idx[r])], unique[static_cast<size_t>(col_idx[c])].seed,
                                              unique[static_cast<size_t>(col_idx[c])].class_index, from_col}};
            if (p >= L) {
                copies.push_back(plan);
                continue;
            }
            auto hit = caching ? m.cell_cache.find(plan.key) : m.cell_cache.end();
            if (hit != m.cell_cache.end()) {
                hit->second.used = tick;
                result.cells[r][c] = hit->second.image;
                cached_cells.push_back({r, c});
                continue;
            }
            to_render.push_back(plan);
            needed[static_cast<size_t>(src)].insert(p);
        }
    }

    // 3. Source jobs: whatever each source lacks (image, snapshots), resumed
    //    from its latest kept snapshot; every boundary snapshot up to the
    //    cache's resolution is kept on the way.
    struct SourceWork { int64_t u; int start; std::set<int> stops; };
    std::vector<SourceWork> work;
    for (int64_t u = 0; u < U; ++u) {
        Impl::SourceEntry& e = *entries[static_cast<size_t>(u)];
        std::set<int> missing;
        for (int p : needed[static_cast<size_t>(u)])
            if (!e.snaps.count(p)) missing.insert(p);
        if (!e.has_image) missing.insert(L);
        if (missing.empty()) {
            ++stats.sources_reused;
            continue;
        }
        int start = 0;
        for (const auto& [p, snap] : e.snaps)
            if (p <= *missing.begin()) start = p;
        std::set<int> stops = missing;
        if (caching)
            for (int p : m.boundaries)
                if (p > start && p <= *missing.rbegin() &&
                    g.layers()[static_cast<size_t>(p - 1)].resolution <= m.keep_resolution)
                    stops.insert(p);
        work.push_back({u, start, stops});
    }
    // Batch sources that share a plan, in request order.
    struct SourceJob { std::vector<int64_t> items; int start; std::set<int> stops; };
    std::vector<SourceJob> source_jobs;
    {
        std::map<std::pair<int, std::set<int>>, std::vector<int64_t>> groups;
        std::vector<std::pair<int, std::set<int>>> order;
        for (const auto& w : work) {
            auto key = std::make_pair(w.start, w.stops);
            if (!groups.count(key)) order.push_back(key);
            groups[key].push_back(w.u);
        }
        for (const auto& key : order) {
            const auto& items = groups[key];
            size_t at = 0;
            for (int size : m.jobSizes(static_cast<int>(items.size()), /*first_small=*/true)) {
                source_jobs.push_back({std::vector<int64_t>(items.begin() + at, items.begin() + at + size), key.first, key.second});
                at += static_cast<size_t>(size);
            }
        }
    }
    stats.sources_rendered = static_cast<int>(work.size());
    std::vector<int> job_of_source(static_cast<size_t>(U), -1);   // source job that renders u (-1 = cached)
    std::vector<int> slot_of_source(static_cast<size_t>(U), -1);
    for (size_t j = 0; j < source_jobs.size(); ++j)
        for (size_t i = 0; i < source_jobs[j].items.size(); ++i) {
            job_of_source[static_cast<size_t>(source_jobs[j].items[i])] = static_cast<int>(j);
            slot_of_source[static_cast<size_t>(source_jobs[j].items[i])] = static_cast<int>(i);
        }

    // 4. Cell jobs, grouped by prefix; the longest prefixes (least work) first.
    struct CellJob { std::vector<const CellPlan*> cells; int prefix; std::set<int> deps; };
    std::vector<CellJob> cell_jobs;
    {
        std::map<int, std::vector<const CellPlan*>, std::greater<int>> by_prefix;
        for (const auto& plan : to_render) by_prefix[plan.prefix].push_back(&plan);
        bool first = true;
        for (const auto& [prefix, group] : by_prefix) {
            size_t at = 0;
            for (int size : m.jobSizes(static_cast<int>(group.size()), first)) {
                CellJob job{std::vector<const CellPlan*>(group.begin() + at, group.begin() + at + size), prefix, {}};
                for (const auto* p : job.cells)
                    if (job_of_source[static_cast<size_t>(p->src)] >= 0) job.deps.insert(job_of_source[static_cast<size_t>(p->src)]);
                cell_jobs.push_back(std::move(job));
                at += static_cast<size_t>(size);
            }
            first = false;
        }
    }
    stats.cells_rendered = static_cast<int>(to_render.size());
    stats.cells_reused = static_cast<int>(R * C - to_render.size());

    // Inputs resolved on this thread before any job starts (the cache is not touched by jobs).
    std::vector<SynthesisState> start_states(source_jobs.size());
    for (size_t j = 0; j < source_jobs.size(); ++j) {
        const SourceJob& job = source_jobs[j];
        if (job.start == 0) continue;
        std::vector<torch::Tensor> xs, imgs;
        for (int64_t u : job.items) {
            const SynthesisState& s = entries[static_cast<size_t>(u)]->snaps.at(job.start);
            xs.push_back(s.x);
            if (s.img.defined()) imgs.push_back(s.img);
        }
        start_states[j].x = torch::cat(xs, 0);
        if (!imgs.empty()) start_states[j].img = torch::cat(imgs, 0);
        start_states[j].next_layer = job.start;
    }
    std::vector<std::vector<const SynthesisState*>> cell_inputs(cell_jobs.size());
    for (size_t j = 0; j < cell_jobs.size(); ++j)
        for (const auto* p : cell_jobs[j].cells)
            cell_inputs[j].push_back(job_of_source[static_cast<size_t>(p->src)] >= 0
                                         ? nullptr
                                         : &entries[static_cast<size_t>(p->src)]->snaps.at(cell_jobs[j].prefix));

    // Outputs written by each job before its gate opens.
    struct SourceOut { std::vector<Image> images; std::map<int, SynthesisState> snaps; };   // snaps: batch states
    std::vector<SourceOut> source_out(source_jobs.size());
    std::vector<std::vector<Image>> cell_out(cell_jobs.size());
    const size_t SJ = source_jobs.size();
    JobGate gate(SJ + cell_jobs.size());

    auto runSourceJob = [&](size_t j) {
        const SourceJob& job = source_jobs[j];
        const auto n = static_cast<int64_t>(job.items.size());
        std::vector<torch::Tensor> rows;
        for (int64_t u : job.items) rows.push_back(ws[u]);
        const torch::Tensor bws = torch::stack(rows, 0);
        const NoiseSpec noise = noiseFor(n);
        SynthesisState state = job.start == 0 ? g.initialState(n) : start_states[j];
        SourceOut& out = source_out[j];
        for (int stop : job.stops) {
            g.runLayers(state, bws, stop, noise);
            if (stop < L) out.snaps[stop] = state;
        }
        if (job.stops.count(L)) out.images = toImages(state.img);
    };
    auto runCellJob = [&](size_t j) {
        const CellJob& job = cell_jobs[j];
        for (int dep : job.deps)
            if (!gate.wait(static_cast<size_t>(dep))) return;
        const auto n = static_cast<int64_t>(job.cells.size());
        std::vector<torch::Tensor> xs, imgs, cell_ws;
        for (size_t i = 0; i < job.cells.size(); ++i) {
            const CellPlan& p = *job.cells[i];
            SynthesisState s;
            if (cell_inputs[j][i]) {
                s = *cell_inputs[j][i];
            } else {
                const int sj = job_of_source[static_cast<size_t>(p.src)];
                const int slot = slot_of_source[static_cast<size_t>(p.src)];
                const SynthesisState& b = source_out[static_cast<size_t>(sj)].snaps.at(job.prefix);
                s.x = b.x.narrow(0, slot, 1);
                if (b.img.defined()) s.img = b.img.narrow(0, slot, 1);
            }
            xs.push_back(s.x);
            if (s.img.defined()) imgs.push_back(s.img);
            torch::Tensor w = ws[row_idx[p.r]].clone();
            for (int idx : request.stylesForRow(p.r)) w.select(0, idx).copy_(ws[col_idx[p.c]].select(0, idx));
            cell_ws.push_back(w);
        }
        SynthesisState state;
        state.x = n == 1 ? xs[0] : torch::cat(xs, 0);
        if (!imgs.empty()) state.img = n == 1 ? imgs[0] : torch::cat(imgs, 0);
        state.next_layer = job.prefix;
        g.runLayers(state, torch::stack(cell_ws, 0), L, noiseFor(n));
        cell_out[j] = toImages(state.img);
    };

    // Sources and cells that need no synthesis are shown first.
    std::vector<Image> source_images(static_cast<size_t>(U));
    std::vector<char> source_ready(static_cast<size_t>(U), 0);
    auto sourceReady = [&](int64_t u) {
        source_ready[static_cast<size_t>(u)] = 1;
        for (size_t r = 0; r < R; ++r)
            if (row_idx[r] == u) emit(MixProgress::Kind::RowSource, static_cast<int>(r), -1, &source_images[static_cast<size_t>(u)]);
        for (size_t c = 0; c < C; ++c)
            if (col_idx[c] == u) emit(MixProgress::Kind::ColSource, -1, static_cast<int>(c), &source_images[static_cast<size_t>(u)]);
        for (const auto& plan : copies)
            if (plan.src == u) {
                result.cells[plan.r][plan.c] = source_images[static_cast<size_t>(u)];
                emit(MixProgress::Kind::Cell, static_cast<int>(plan.r), static_cast<int>(plan.c), &result.cells[plan.r][plan.c]);
            }
    };
    for (int64_t u = 0; u < U; ++u)
        if (job_of_source[static_cast<size_t>(u)] < 0) {
            source_images[static_cast<size_t>(u)] = entries[static_cast<size_t>(u)]->image;
            sourceReady(u);
        }
    for (const auto& [r, c] : cached_cells) emit(MixProgress::Kind::Cell, static_cast<int>(r), static_cast<int>(c), &result.cells[r][c]);

    const auto t_src = Clock::now();
    double sources_done_ms = 0;
    size_t sources_left = SJ;
    auto sourceDone = [&](size_t j) {
        const SourceJob& job = source_jobs[j];
        SourceOut& out = source_out[j];
        for (size_t i = 0; i < job.items.size(); ++i) {
            const int64_t u = job.items[i];
            Impl::SourceEntry& e = *entries[static_cast<size_t>(u)];
            if (caching) {
                for (const auto& [stop, state] : out.snaps) {
                    if (e.snaps.count(stop)) continue;
                    SynthesisState s;
                    s.x = state.x.narrow(0, static_cast<int64_t>(i), 1);
                    if (state.img.defined()) s.img = state.img.narrow(0, static_cast<int64_t>(i), 1);
                    s.next_layer = stop;
                    e.bytes += tensorBytes(s.x) + tensorBytes(s.img);
                    e.snaps[stop] = s;
                }
            }
            if (!out.images.empty()) {
                source_images[static_cast<size_t>(u)] = out.images[i];
                if (caching && !e.has_image) {
                    e.image = out.images[i];
                    e.has_image = true;
                    e.bytes += e.image.pixels.size();
                }
            } else {
                source_images[static_cast<size_t>(u)] = e.image;
            }
            sourceReady(u);
        }
        if (--sources_left == 0) sources_done_ms = msSince(t_src);
    };
    auto cellDone = [&](size_t j) {
        const CellJob& job = cell_jobs[j];
        if (cell_out[j].size() != job.cells.size()) return;   // abandoned: the error is on its way
        for (size_t i = 0; i < job.cells.size(); ++i) {
            const CellPlan& p = *job.cells[i];
            result.cells[p.r][p.c] = std::move(cell_out[j][i]);
            ++result.timings.cells_rendered;
            if (caching) m.cell_cache[p.key] = {result.cells[p.r][p.c], tick};
            emit(MixProgress::Kind::Cell, static_cast<int>(p.r), static_cast<int>(p.c), &result.cells[p.r][p.c]);
        }
    };

    try {
        g.parallelJobs(
            SJ + cell_jobs.size(),
            [&](std::size_t j) {
                try {
                    if (j < SJ) {
                        runSourceJob(j);
                    } else {
                        runCellJob(j - SJ);
                    }
                } catch (...) {
                    gate.abort();
                    throw;
                }
                gate.open(j);
            },
            [&](std::size_t j) {
                try {
                    ++result.timings.forward_passes;
                    if (j < SJ) {
                        sourceDone(j);
                    } else {
                        cellDone(j - SJ);
                    }
                    hooks.check();
                } catch (...) {
                    gate.abort();
                    throw;
                }
            },
            [&] {
                try {
                    hooks.check();
                } catch (...) {
                    gate.abort();
                    throw;
                }
            });
    } catch (...) {
        // Entries created for this request but never filled are dropped.
        for (auto it = m.source_cache.begin(); it != m.source_cache.end();)
            it = (!it->second.has_image && it->second.snaps.empty()) ? m.source_cache.erase(it) : std::next(it);
        m.evict();
        throw;
    }

    for (size_t r = 0; r < R; ++r) result.row_images.push_back(source_images[static_cast<size_t>(row_idx[r])]);
    for (size_t c = 0; c < C; ++c) result.col_images.push_back(source_images[static_cast<size_t>(col_idx[c])]);
    result.timings.sources_ms = SJ ? sources_done_ms : 0;
    result.timings.cells_ms = msSince(t_src) - result.timings.sources_ms;
    result.timings.total_ms = msSince(t0);
    if (caching) {
        m.evict();
    } else {
        m.clearCache();
    }
    m.last = stats;
    return result;
}

NoiseLabResult Engine::noiseLab(const NoiseLabRequest& request, const ProgressHooks& hooks) {
    c10::InferenceMode guard;
    Impl& m = *impl_;
    const Generator& g = m.g();
    if (request.samples < 1 || request.samples > 100000)
        throw std::invalid_argument("noise lab: samples must be between 1 and 100000, got " + std::to_string(request.samples));
    m.checkTruncation(request.subject.truncation);
    m.checkNoise(request.noise);
    m.checkStyles(request.subject.styles, "noise lab");
    hooks.check();
    const auto t0 = Clock::now();
    const torch::Tensor w = m.subjectWs(request.subject);
    NoiseLabResult result;
    result.timings.mapping_ms = msSince(t0);
    const auto t1 = Clock::now();
    const int res = g.config().img_resolution;
    const auto dtype = torch::kFloat64;
    // Sums stay on the device; only the final std-dev map comes back.
    torch::Tensor sum = torch::zeros({res, res}, torch::TensorOptions().dtype(dtype).device(g.device()));
    torch::Tensor sum_sq = torch::zeros_like(sum);
    const int K = request.samples;
    const std::vector<int> sizes = m.jobSizes(K, /*first_small=*/false);
    std::vector<int> begin(sizes.size(), 0);
    for (size_t j = 1; j < sizes.size(); ++j) begin[j] = begin[j - 1] + sizes[j - 1];
    struct LabOut { torch::Tensor sum, sum_sq; std::vector<Image> kept; };
    std::vector<LabOut> outs(sizes.size());
    int finished = 0;
    g.parallelJobs(
        sizes.size(),
        [&](std::size_t j) {
            const int b = begin[j], n = sizes[j];
            NoiseSpec noise = request.noise;
            noise.mode = NoiseMode::Random;
            noise.realisations.clear();
            for (int i = 0; i < n; ++i) noise.realisations.push_back(b + i);
            const torch::Tensor img = g.synthesis(w.expand({n, -1, -1}).contiguous(), noise);
            const torch::Tensor u8 = toUint8(img);                              // [n, H, W, C]
            // Integer RGB sums keep the accumulation exact (identical images give exactly 0)
            // and independent of the order jobs finish in.
            const torch::Tensor rgb_sum = u8.to(dtype).sum(3);
            outs[j].sum = rgb_sum.sum(0);
            outs[j].sum_sq = rgb_sum.square().sum(0);
            const int keep = std::clamp(request.keep_images - b, 0, n);
            if (keep > 0) outs[j].kept = toImages(img.slice(0, 0, keep));
        },
        [&](std::size_t j) {
            sum += outs[j].sum;
            sum_sq += outs[j].sum_sq;
            outs[j].sum = outs[j].sum_sq = torch::Tensor();
            ++result.timings.forward_passes;
            finished += sizes[j];
            hooks.report(static_cast<float>(finished) / static_cast<float>(K));
            hooks.check();
        },
        [&] { hooks.check(); });
    for (auto& o : outs)
        for (auto& im : o.kept) result.realisations.push_back(std::move(im));
    // Population std-dev of the RGB mean: sqrt(K·Σs² − (Σs)²) / (3K), with s the per-pixel RGB sum.
    const torch::Tensor stddev = ((sum_sq * K - sum.square()).clamp_min(0).sqrt() / (3.0 * K))
                                     .to(torch::kFloat32).to(torch::kCPU).contiguous();
    result.stddev_levels.assign(stddev.data_ptr<float>(), stddev.data_ptr<float>() + stddev.numel());
    result.max_stddev = stddev.max().item<float>();
    result.stddev = stddevImage(result.stddev_levels, res, res, request.stddev_gain);
    result.timings.cells_ms = msSince(t1);
    result.timings.total_ms = msSince(t0);
    return result;
}

Image Engine::renderSubject(const LabSubject& subject, const NoiseSpec& noise_in, const ProgressHooks& hooks) {
    c10::InferenceMode guard;
    Impl& m = *impl_;
    m.checkSubject(subject, noise_in, hooks);
    NoiseSpec noise = noise_in;
    if (noise.mode == NoiseMode::Random && noise.realisations.empty()) noise.realisations = {0};
    return toImages(m.g().synthesis(m.subjectWs(subject), noise)).at(0);
}

NoiseLayersResult Engine::noiseLayers(const LabSubject& subject, const NoiseSpec& noise, const ProgressHooks& hooks) {
    const auto& layers = impl_->facts.noise_layers;
    NoiseLayersResult out;
    const std::vector<std::pair<std::string, std::vector<float>>> presets = {
        {"noise in all layers", noisePresetAll(layers)},
        {"no noise", noisePresetNone(layers)},
        {"noise in fine layers (64^2+)", noisePresetFine(layers)},
        {"noise in coarse layers (4^2-32^2)", noisePresetCoarse(layers)}};
    c10::InferenceMode guard;
    Impl& m = *impl_;
    m.checkSubject(subject, noise, hooks);
    const torch::Tensor w = m.subjectWs(subject);
    std::vector<NoiseSpec> specs;
    for (const auto& [label, preset] : presets) {
        NoiseSpec n = noise;
        n.multipliers.resize(layers.size(), 1.0f);
        for (size_t i = 0; i < layers.size(); ++i) n.multipliers[i] *= preset[i];
        if (n.mode == NoiseMode::Random && n.realisations.empty()) n.realisations = {0};
        out.labels.push_back(label);
        specs.push_back(n);
    }
    // The four single images render in parallel (one per CPU worker).
    out.images.resize(specs.size());
    m.g().parallelJobs(
        specs.size(), [&](std::size_t j) { out.images[j] = toImages(m.g().synthesis(w, specs[j])).at(0); },
        [&](std::size_t) { hooks.check(); }, [&] { hooks.check(); });
    return out;
}


void validateMixRequest(const MixRequest& request, const ModelFacts& facts) {
    if (request.rows.empty()) throw std::invalid_argument("mix: no row sources given");
    if (request.cols.empty()) throw std::invalid_argument("mix: no column sources given");
    const size_t cells = request.rows.size() * request.cols.size();
    if (request.rows.size() > 1024 || request.cols.size() > 1024 || cells > 16384)
        throw std::invalid_argument("mix: a " + std::to_string(request.rows.size()) + " x " + std::to_string(request.cols.size()) +
                                    " grid is too large (at most 1024 rows, 1024 columns and 16384 cells)");
    const double canvas = static_cast<double>(facts.config.img_resolution) * facts.config.img_resolution *
                          (request.rows.size() + 1) * (request.cols.size() + 1) * facts.config.img_channels;
    if (canvas > 2e9)
        throw std::invalid_argument("mix: the grid image would need " + std::to_string(static_cast<long long>(canvas / 1e6)) +
                                    " MB; use fewer rows or columns");
    if (!request.row_styles.empty() && request.row_styles.size() != request.rows.size())
        throw std::invalid_argument("mix: " + std::to_string(request.row_styles.size()) + " per-row style sets for " +
                                    std::to_string(request.rows.size()) + " rows");
    auto check = [&](const std::vector<int>& styles) {
        for (int s : styles)
            if (s < 0 || s >= facts.num_ws)
                throw std::invalid_argument("mix: style index " + std::to_string(s) + " is out of range (the model has " +
                                            std::to_string(facts.num_ws) + " ws: 0-" + std::to_string(facts.num_ws - 1) + ")");
    };
    check(request.styles);
    for (const auto& s : request.row_styles) check(s);
}

}  // namespace stylemix
