#include "model/engine.h"

#include "model/generator.h"
#include "model/numpy_random.h"
#include "model/sha256.h"
#include "model/weights.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <map>
#include <set>
#include <stdexcept>

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

}  // namespace

const char* deviceChoiceName(DeviceChoice d) {
    switch (d) {
        case DeviceChoice::Auto: return "auto";
        case DeviceChoice::CPU: return "cpu";
        case DeviceChoice::CUDA: return "cuda";
    }
    return "?";
}

DeviceChoice parseDeviceChoice(const std::string& text) {
    if (text == "auto") return DeviceChoice::Auto;
    if (text == "cpu") return DeviceChoice::CPU;
    if (text == "cuda") return DeviceChoice::CUDA;
    throw std::invalid_argument("device '" + text + "' is not one of auto, cpu, cuda");
}

const char* precisionChoiceName(PrecisionChoice p) {
    switch (p) {
        case PrecisionChoice::FP32: return "fp32";
        case PrecisionChoice::FP16Mixed: return "fp16";
        case PrecisionChoice::BF16Mixed: return "bf16";
    }
    return "?";
}

PrecisionChoice parsePrecisionChoice(const std::string& text) {
    if (text == "fp32") return PrecisionChoice::FP32;
    if (text == "fp16") return PrecisionChoice::FP16Mixed;
    if (text == "bf16") return PrecisionChoice::BF16Mixed;
    throw std::invalid_argument("precision '" + text + "' is not one of fp32, fp16, bf16");
}

struct Engine::Impl {
    std::unique_ptr<Generator> generator;
    ModelFacts facts;
    int max_batch = 32;

    const Generator& g() const { return *generator; }

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

    torch::Tensor subjectWs(const LabSubject& s) const {
        std::vector<Source> src = {s.source};
        if (s.mix_with) src.push_back(*s.mix_with);
        torch::Tensor ws = sourceWs(src, s.truncation, /*mixing_style=*/s.mix_with.has_value());
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

std::unique_ptr<Engine> Engine::load(const std::string& path, DeviceChoice device, PrecisionChoice precision,
                                     const ProgressHooks& hooks) {
    auto impl = std::make_unique<Impl>();
    const torch::Device dev = resolveDevice(device);
    impl->generator = loadGenerator(path, dev, toPrecision(precision), hooks);
    const Generator& g = *impl->generator;
    ModelFacts& f = impl->facts;
    f.path = path;
    f.sha256 = sha256File(path);
    f.config = g.config();
    f.num_ws = g.numWs();
    f.ws_info = g.config().wsInfo();
    f.noise_layers = g.noiseLayers();
    f.noise_strengths = g.noiseStrengths();
    f.device = dev.is_cuda() ? "cuda:" + std::to_string(dev.index()) : "cpu";
    f.precision = precisionName(g.precision());
    // Rough activation footprint per image decides how many images share a forward pass.
    double per_image = 0;
    for (int res : g.config().blockResolutions())
        per_image += 6.0 * 4.0 * g.config().channelsAt(res) * res * res;
    const double budget = dev.is_cuda() ? 4e9 : 1.5e9;
    impl->max_batch = static_cast<int>(std::clamp(budget / std::max(per_image, 1.0), 1.0, 64.0));
    return std::unique_ptr<Engine>(new Engine(std::move(impl)));
}

const ModelFacts& Engine::facts() const { return impl_->facts; }
void Engine::setMaxBatch(int max_batch) { impl_->max_batch = std::max(1, max_batch); }
int Engine::maxBatch() const { return impl_->max_batch; }

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
        const torch::Tensor ws = m.sourceWs(chunk, request.truncation, /*mixing_style=*/false);
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
    const auto t0 = Clock::now();
    MixResult result;
    const size_t R = request.rows.size(), C = request.cols.size();
    const int L = g.numLayers();
    const int total = static_cast<int>(R + C + R * C);
    int done = 0;

    // 1. Unique sources -> ws, one mapping batch.
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
    const torch::Tensor ws = m.sourceWs(unique, request.truncation, /*mixing_style=*/true);
    result.timings.mapping_ms = msSince(t0);

    // Noise: every image of a grid sees the same noise field, so cells and
    // sources agree and shared prefixes are exact.
    auto noiseFor = [&](int64_t n) {
        NoiseSpec noise = request.noise;
        if (noise.mode == NoiseMode::Random) noise.realisations.assign(static_cast<size_t>(n), 0);
        return noise;
    };

    // 2. Plan cells: which source's activations each can start from, and where.
    struct CellPlan { size_t r, c; int64_t prefix_source; int prefix; };
    std::vector<CellPlan> plans;
    std::map<int64_t, std::set<int>> snapshots;   // source -> layer counts to keep
    for (size_t r = 0; r < R; ++r) {
        const std::vector<bool> from_col = layerFromColumn(g.layers(), request.stylesForRow(r));
        const int p = sharedPrefix(from_col);
        for (size_t c = 0; c < C; ++c) {
            const int64_t src = from_col[0] ? col_idx[c] : row_idx[r];
            plans.push_back({r, c, src, p});
            if (p < L) snapshots[src].insert(p);
        }
    }

    // 3. Render every unique source, keeping the snapshots cells need.
    const auto t_src = Clock::now();
    const auto U = static_cast<int64_t>(unique.size());
    std::vector<Image> source_images(static_cast<size_t>(U));
    std::map<std::pair<int64_t, int>, SynthesisState> kept;   // (source, layer count) -> single-item state
    for (int64_t b = 0; b < U; b += m.max_batch) {
        hooks.check();
        const int64_t n = std::min<int64_t>(m.max_batch, U - b);
        std::set<int> stops;
        for (int64_t i = b; i < b + n; ++i)
            if (snapshots.count(i)) stops.insert(snapshots[i].begin(), snapshots[i].end());
        stops.insert(L);
        const torch::Tensor bws = ws.slice(0, b, b + n);
        const NoiseSpec noise = noiseFor(n);
        SynthesisState state = g.initialState(n);
        for (int stop : stops) {
            g.runLayers(state, bws, stop, noise);
            if (stop == L) break;
            for (int64_t i = b; i < b + n; ++i) {
                if (!snapshots.count(i) || !snapshots[i].count(stop)) continue;
                SynthesisState s;
                s.x = state.x.slice(0, i - b, i - b + 1);
                if (state.img.defined()) s.img = state.img.slice(0, i - b, i - b + 1);
                s.next_layer = stop;
                kept[{i, stop}] = s;
            }
        }
        ++result.timings.forward_passes;
        auto imgs = toImages(state.img);
        for (int64_t i = 0; i < n; ++i) source_images[static_cast<size_t>(b + i)] = std::move(imgs[static_cast<size_t>(i)]);
        // Report sources as soon as their batch is done.
        for (size_t r = 0; r < R; ++r)
            if (row_idx[r] >= b && row_idx[r] < b + n && on_progress)
                on_progress({MixProgress::Kind::RowSource, static_cast<int>(r), -1, &source_images[static_cast<size_t>(row_idx[r])], ++done, total});
            else if (row_idx[r] >= b && row_idx[r] < b + n) ++done;
        for (size_t c = 0; c < C; ++c)
            if (col_idx[c] >= b && col_idx[c] < b + n && on_progress)
                on_progress({MixProgress::Kind::ColSource, -1, static_cast<int>(c), &source_images[static_cast<size_t>(col_idx[c])], ++done, total});
            else if (col_idx[c] >= b && col_idx[c] < b + n) ++done;
        hooks.report(static_cast<float>(done) / static_cast<float>(total));
    }
    for (size_t r = 0; r < R; ++r) result.row_images.push_back(source_images[static_cast<size_t>(row_idx[r])]);
    for (size_t c = 0; c < C; ++c) result.col_images.push_back(source_images[static_cast<size_t>(col_idx[c])]);
    result.timings.sources_ms = msSince(t_src);

    // 4. Cells: copies where the whole network comes from one source, else
    //    batches resumed from the shared prefix.
    const auto t_cells = Clock::now();
    result.cells.assign(R, std::vector<Image>(C));
    std::map<int, std::vector<const CellPlan*>> by_prefix;
    for (const auto& plan : plans) {
        if (plan.prefix >= L) {
            result.cells[plan.r][plan.c] = source_images[static_cast<size_t>(plan.prefix_source)];
            if (on_progress)
                on_progress({MixProgress::Kind::Cell, static_cast<int>(plan.r), static_cast<int>(plan.c),
                             &result.cells[plan.r][plan.c], ++done, total});
            else
                ++done;
        } else {
            by_prefix[plan.prefix].push_back(&plan);
        }
    }
    for (const auto& [prefix, group] : by_prefix) {
        for (size_t b = 0; b < group.size(); b += static_cast<size_t>(m.max_batch)) {
            hooks.check();
            const size_t n = std::min(group.size() - b, static_cast<size_t>(m.max_batch));
            std::vector<torch::Tensor> xs, imgs, cell_ws;
            for (size_t i = b; i < b + n; ++i) {
                const CellPlan& p = *group[i];
                const SynthesisState& s = kept.at({p.prefix_source, prefix});
                xs.push_back(s.x);
                if (s.img.defined()) imgs.push_back(s.img);
                torch::Tensor w = ws.select(0, row_idx[p.r]).clone();
                for (int idx : request.stylesForRow(p.r)) w.select(0, idx).copy_(ws.select(0, col_idx[p.c]).select(0, idx));
                cell_ws.push_back(w);
            }
            SynthesisState state;
            state.x = torch::cat(xs, 0);
            if (!imgs.empty()) state.img = torch::cat(imgs, 0);
            state.next_layer = prefix;
            g.runLayers(state, torch::stack(cell_ws, 0), L, noiseFor(static_cast<int64_t>(n)));
            ++result.timings.forward_passes;
            auto out = toImages(state.img);
            for (size_t i = 0; i < n; ++i) {
                const CellPlan& p = *group[b + i];
                result.cells[p.r][p.c] = std::move(out[i]);
                ++result.timings.cells_rendered;
                if (on_progress)
                    on_progress({MixProgress::Kind::Cell, static_cast<int>(p.r), static_cast<int>(p.c),
                                 &result.cells[p.r][p.c], ++done, total});
                else
                    ++done;
            }
            hooks.report(static_cast<float>(done) / static_cast<float>(total));
        }
    }
    result.timings.cells_ms = msSince(t_cells);
    result.timings.total_ms = msSince(t0);
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
    const auto t0 = Clock::now();
    const torch::Tensor w = m.subjectWs(request.subject);
    NoiseLabResult result;
    result.timings.mapping_ms = msSince(t0);
    const auto t1 = Clock::now();
    const int res = g.config().img_resolution;
    const auto dtype = torch::kFloat64;
    torch::Tensor sum = torch::zeros({res, res}, torch::TensorOptions().dtype(dtype).device(g.device()));
    torch::Tensor sum_sq = torch::zeros_like(sum);
    NoiseSpec noise = request.noise;
    noise.mode = NoiseMode::Random;
    const int K = request.samples;
    for (int b = 0; b < K; b += m.max_batch) {
        hooks.check();
        const int n = std::min(m.max_batch, K - b);
        noise.realisations.clear();
        for (int i = 0; i < n; ++i) noise.realisations.push_back(b + i);
        const torch::Tensor img = g.synthesis(w.expand({n, -1, -1}).contiguous(), noise);
        const torch::Tensor u8 = toUint8(img);                              // [n, H, W, C]
        // Integer RGB sums keep the accumulation exact (identical images give exactly 0).
        const torch::Tensor rgb_sum = u8.to(dtype).sum(3);
        sum += rgb_sum.sum(0);
        sum_sq += rgb_sum.square().sum(0);
        ++result.timings.forward_passes;
        if (static_cast<int>(result.realisations.size()) < request.keep_images) {
            auto imgs = toImages(img.slice(0, 0, std::min(n, request.keep_images - static_cast<int>(result.realisations.size()))));
            for (auto& im : imgs) result.realisations.push_back(std::move(im));
        }
        hooks.report(static_cast<float>(b + n) / static_cast<float>(K));
    }
    // Population std-dev of the RGB mean: sqrt(K·Σs² − (Σs)²) / (3K), with s the per-pixel RGB sum.
    const torch::Tensor stddev = ((sum_sq * K - sum.square()).clamp_min(0).sqrt() / (3.0 * K))
                                     .to(torch::kFloat32).to(torch::kCPU).contiguous();
    result.stddev_levels.assign(stddev.data_ptr<float>(), stddev.data_ptr<float>() + stddev.numel());
    result.max_stddev = stddev.max().item<float>();
    result.stddev = makeImage(res, res, 1);
    for (size_t i = 0; i < result.stddev_levels.size(); ++i) {
        const float v = std::clamp(result.stddev_levels[i] * request.stddev_gain, 0.0f, 255.0f);
        result.stddev.pixels[i] = static_cast<std::uint8_t>(std::lround(v));
    }
    result.timings.cells_ms = msSince(t1);
    result.timings.total_ms = msSince(t0);
    return result;
}

Image Engine::renderSubject(const LabSubject& subject, const NoiseSpec& noise_in, const ProgressHooks& hooks) {
    c10::InferenceMode guard;
    Impl& m = *impl_;
    m.checkTruncation(subject.truncation);
    m.checkNoise(noise_in);
    m.checkStyles(subject.styles, "subject");
    hooks.check();
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
    for (const auto& [label, preset] : presets) {
        NoiseSpec n = noise;
        n.multipliers.resize(layers.size(), 1.0f);
        for (size_t i = 0; i < layers.size(); ++i) n.multipliers[i] *= preset[i];
        out.labels.push_back(label);
        out.images.push_back(renderSubject(subject, n, hooks));
    }
    return out;
}

std::vector<float> noisePresetAll(const std::vector<NoiseLayerInfo>& layers) { return std::vector<float>(layers.size(), 1.0f); }
std::vector<float> noisePresetNone(const std::vector<NoiseLayerInfo>& layers) { return std::vector<float>(layers.size(), 0.0f); }
std::vector<float> noisePresetFine(const std::vector<NoiseLayerInfo>& layers) {
    std::vector<float> m;
    for (const auto& l : layers) m.push_back(l.resolution >= 64 ? 1.0f : 0.0f);
    return m;
}
std::vector<float> noisePresetCoarse(const std::vector<NoiseLayerInfo>& layers) {
    std::vector<float> m;
    for (const auto& l : layers) m.push_back(l.resolution <= 32 ? 1.0f : 0.0f);
    return m;
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
