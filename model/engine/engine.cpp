// Engine: loading, facts, generate, the noise lab and single-subject renders.
// The mixing grid lives in engine_mix.cpp, the planner in mix_plan.cpp.
#include "model/engine/engine_impl.h"

#include "model/io/weights_file.h"
#include "model/nets/load_generator.h"

#include <dlfcn.h>

namespace stylemix {

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
                                     const ProgressHooks& hooks, const std::shared_ptr<const RawWeights>& content) {
    auto impl = std::make_unique<Impl>();
    const torch::Device dev = resolveDevice(device);
    hooks.check();
    // Read once: the weights and the hash recipes pin come from the same bytes.
    const std::shared_ptr<const RawWeights> raw =
        content ? content : std::make_shared<const RawWeights>(readWeightsFile(path));
    impl->generator = loadGenerator(*raw, dev, toPrecision(precision), hooks);
    fillFacts(*impl, path, raw->sha256);
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
    static_cast<ModelDescription&>(f) = g.description();
    f.device = dev.is_cuda() ? "cuda:" + std::to_string(dev.index()) : "cpu";
    f.precision = precisionName(g.precision());
    // Rough activation footprint per image (a few live float tensors of the largest
    // layer) decides how many images share a forward pass; on CUDA the budget is
    // a share of the free device memory, and a pass that still runs out of memory
    // is split further by the generator.
    const double per_image = 6.0 * 4.0 * g.largestActivationElements();
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
    s.bytes = impl_->cache_bytes + impl_->layerCaptureBytes();
    s.budget = impl_->cache_budget;
    s.sources = static_cast<int>(impl_->source_cache.size());
    s.cells = static_cast<int>(std::count_if(impl_->cell_cache.begin(), impl_->cell_cache.end(),
                                             [](const auto& kv) { return kv.second.image != nullptr; }));
    return s;
}
const Generator& Engine::generator() const { return *impl_->generator; }

std::vector<float> Engine::sourceWs(const Source& source, const Truncation& truncation) {
    c10::InferenceMode guard;
    impl_->checkTruncation(truncation);
    const torch::Tensor ws = impl_->wsOf({source}, truncation, /*mixing_style=*/false).to(torch::kCPU).contiguous();
    return std::vector<float>(ws.data_ptr<float>(), ws.data_ptr<float>() + ws.numel());
}
std::vector<float> Engine::gridTileWs(const LabSubject& subject) {
    c10::InferenceMode guard;
    impl_->checkTruncation(subject.truncation);
    impl_->checkStyles(subject.styles, "ws of a tile");
    std::vector<Source> sources = {subject.source};
    if (subject.mix_with) sources.push_back(*subject.mix_with);
    const torch::Tensor ws = impl_->wsOf(sources, subject.truncation, /*mixing_style=*/true);   // as engine_mix.cpp
    torch::Tensor out = ws.slice(0, 0, 1).clone();
    if (subject.mix_with)
        for (int idx : subject.styles) out.select(1, idx).copy_(ws.select(1, idx).slice(0, 1, 2));
    out = out.to(torch::kCPU, torch::kFloat32).contiguous();
    return std::vector<float>(out.data_ptr<float>(), out.data_ptr<float>() + out.numel());
}
void Engine::setExecution(const ExecutionOptions& options) {
    impl_->generator->setExecution(options);
    impl_->clearCache();
}

std::vector<Image> Engine::generate(const GenerateRequest& request, const ProgressHooks& hooks) {
    c10::InferenceMode guard;
    Impl& m = *impl_;
    m.checkTruncation(request.truncation);
    m.checkNoise(request.noise);
    m.applyTransform(request.transform);
    std::vector<Image> out;
    const auto n = static_cast<int64_t>(request.sources.size());
    for (int64_t b = 0; b < n; b += m.max_batch) {
        hooks.check();
        const int64_t count = std::min<int64_t>(m.max_batch, n - b);
        std::vector<Source> chunk(request.sources.begin() + b, request.sources.begin() + b + count);
        const torch::Tensor ws = m.wsOf(chunk, request.truncation, /*mixing_style=*/false);
        NoiseSpec noise = request.noise;
        if (noise.mode == NoiseMode::Random && noise.realisations.empty()) noise.realisations.assign(static_cast<size_t>(count), 0);
        for (auto& img : toImages(m.g().synthesis(ws, noise, request.transform))) out.push_back(std::move(img));
        hooks.report(static_cast<float>(b + count) / static_cast<float>(n));
    }
    return out;
}

Image Engine::renderSubject(const LabSubject& subject, const NoiseSpec& noise_in, const ProgressHooks& hooks) {
    c10::InferenceMode guard;
    Impl& m = *impl_;
    m.checkSubject(subject, noise_in, hooks);
    m.applyTransform(subject.transform);
    NoiseSpec noise = noise_in;
    if (noise.mode == NoiseMode::Random && noise.realisations.empty()) noise.realisations = {0};
    return toImages(m.g().synthesis(m.subjectWs(subject), noise, subject.transform)).at(0);
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
    m.checkHasNoise("noise layers");
    m.checkSubject(subject, noise, hooks);
    m.applyTransform(subject.transform);
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
        specs.size(), [&](std::size_t j) { out.images[j] = toImages(m.g().synthesis(w, specs[j], subject.transform)).at(0); },
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
    const double canvas = static_cast<double>(facts.img_resolution) * facts.img_resolution *
                          (request.rows.size() + 1) * (request.cols.size() + 1) * facts.img_channels;
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
