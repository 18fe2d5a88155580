#include "app/python/session.h"

#include "model/core/figures.h"
#include "model/core/numpy_random.h"
#include "model/engine/image_tensors.h"
#include "model/nets/generator.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <sstream>
#include <stdexcept>

namespace stylemix::python {
namespace {

ByteArray imagesToArray(const std::vector<Image>& images, const ModelFacts& f) {
    ByteArray out;
    const std::int64_t h = images.empty() ? f.img_resolution : images[0].height;
    const std::int64_t w = images.empty() ? f.img_resolution : images[0].width;
    const std::int64_t c = images.empty() ? f.img_channels : images[0].channels;
    out.shape = {static_cast<std::int64_t>(images.size()), h, w, c};
    out.data.reserve(static_cast<size_t>(images.size() * h * w * c));
    for (const Image& im : images) out.data.insert(out.data.end(), im.pixels.begin(), im.pixels.end());
    return out;
}

// Random noise: every image sees realisation 0 (as the engine's generate and mix do).
NoiseSpec noiseForBatch(const NoiseSpec& noise, int64_t n) {
    NoiseSpec out = noise;
    if (out.mode == NoiseMode::Random) out.realisations.assign(static_cast<size_t>(n), 0);
    return out;
}

// The one-hot label of a source ([1, c_dim]; undefined for unconditional models).
torch::Tensor labelFor(const Source& s, const ModelFacts& f) {
    if (f.c_dim == 0) {
        if (s.class_index >= 0)
            throw std::invalid_argument("classes " + std::to_string(s.class_index) +
                                        ": the model is unconditional (c_dim 0), it takes no class");
        return {};
    }
    if (s.class_index < 0 || s.class_index >= f.c_dim)
        throw std::invalid_argument("this model is conditional with " + std::to_string(f.c_dim) + " classes: seed " +
                                    std::to_string(s.seed) +
                                    (s.class_index < 0 ? " needs a class (classes=)"
                                                       : " has class " + std::to_string(s.class_index) + ", out of range"));
    torch::Tensor c = torch::zeros({1, f.c_dim}, torch::kFloat32);
    c[0][s.class_index] = 1.0f;
    return c;
}

// RandomState(seed).randn(z_dim) as [1, z_dim] float64.
torch::Tensor latentFor(const Source& s, const ModelFacts& f) {
    std::vector<double> zv = latentForSeed(s.seed, f.z_dim);
    return torch::from_blob(zv.data(), {1, f.z_dim}, torch::kFloat64).clone();
}

}  // namespace

Session::Session(const std::string& path, DeviceChoice device, PrecisionChoice precision)
    : engine_(Engine::load(path, device, precision)) {}

bool Session::cudaAvailable() { return torch::cuda::is_available(); }

void Session::checkTruncation(const Truncation& t) const {
    if (!std::isfinite(t.psi) || std::fabs(t.psi) >= kMaxAbsPsi) {
        std::ostringstream v;
        v << t.psi;
        throw std::invalid_argument("psi " + v.str() + " is out of range (expected |psi| < " +
                                    std::to_string(static_cast<int>(kMaxAbsPsi)) + ")");
    }
    if (t.cutoff > facts().num_ws)
        throw std::invalid_argument("truncation cutoff " + std::to_string(t.cutoff) + " exceeds num_ws " +
                                    std::to_string(facts().num_ws));
}

void Session::checkNoise(const NoiseSpec& noise) const {
    const size_t layers = facts().noise_layers.size();
    if (!noise.multipliers.empty() && noise.multipliers.size() != layers)
        throw std::invalid_argument("noise_strength: " + std::to_string(noise.multipliers.size()) +
                                    " values given, the model has " + std::to_string(layers) + " noise layers");
    for (float m : noise.multipliers)
        if (!(m >= 0 && m <= 1000))
            throw std::invalid_argument("noise_strength: multipliers must be finite numbers in [0, 1000]");
}

FloatArray Session::mapping(const std::vector<Source>& sources, const Truncation& truncation, const ProgressHooks& hooks) {
    std::lock_guard<std::mutex> lock(mutex_);
    c10::InferenceMode guard;
    checkTruncation(truncation);
    const Generator& g = engine_->generator();
    const ModelFacts& f = facts();
    FloatArray out;
    out.shape = {static_cast<std::int64_t>(sources.size()), f.num_ws, f.w_dim};
    out.data.reserve(sources.size() * static_cast<size_t>(f.num_ws) * f.w_dim);
    // One source at a time, as gen_images.py maps them: a seed's ws never depend on the others.
    for (const Source& s : sources) {
        hooks.check();
        const torch::Tensor z = latentFor(s, f), c = labelFor(s, f);
        const torch::Tensor w =
            g.mapping(z, c, truncation.psi, truncation.cutoff >= 0 ? std::optional<int>(truncation.cutoff) : std::nullopt)
                .to(torch::kCPU, torch::kFloat32)
                .contiguous();
        out.data.insert(out.data.end(), w.data_ptr<float>(), w.data_ptr<float>() + w.numel());
    }
    return out;
}

ByteArray Session::synthesis(const std::vector<float>& ws, std::int64_t n, const NoiseSpec& noise,
                             const ProgressHooks& hooks) {
    std::lock_guard<std::mutex> lock(mutex_);
    c10::InferenceMode guard;
    checkNoise(noise);
    const Generator& g = engine_->generator();
    const ModelFacts& f = facts();
    const torch::Tensor all = torch::from_blob(const_cast<float*>(ws.data()), {n, f.num_ws, f.w_dim}, torch::kFloat32);
    std::vector<Image> images;
    const auto batch = static_cast<int64_t>(chunkSize());
    for (int64_t b = 0; b < n; b += batch) {
        hooks.check();
        const int64_t count = std::min(batch, n - b);
        const torch::Tensor chunk = all.narrow(0, b, count).to(g.device());
        for (auto& im : toImages(g.synthesis(chunk, noiseForBatch(noise, count)))) images.push_back(std::move(im));
    }
    return imagesToArray(images, f);
}

ByteArray Session::generate(const GenerateRequest& request, const ProgressHooks& hooks) {
    std::lock_guard<std::mutex> lock(mutex_);
    checkTruncation(request.truncation);
    checkNoise(request.noise);
    // Like the CLI: at most eight images per engine call (each image's pixels are its own),
    // so an interrupt is seen within one short call.
    std::vector<Image> images;
    const size_t batch = chunkSize();
    for (size_t b = 0; b < request.sources.size(); b += batch) {
        hooks.check();
        GenerateRequest chunk = request;
        chunk.sources.assign(request.sources.begin() + static_cast<long>(b),
                             request.sources.begin() + static_cast<long>(std::min(b + batch, request.sources.size())));
        for (auto& im : engine_->generate(chunk, hooks)) images.push_back(std::move(im));
    }
    return imagesToArray(images, facts());
}

size_t Session::chunkSize() const { return static_cast<size_t>(std::clamp(engine_->maxBatch(), 1, 8)); }

namespace {

// The grid `args` asks for as the engine's request (ws sources keep their seed
// slot), refused as the CLI refuses it: bad styles, a figure too large.
MixRequest checkedMixRequest(const MixArgs& args, const ModelFacts& f, bool labels) {
    MixRequest req;
    for (const auto& s : args.rows) req.rows.push_back(s.seed);
    for (const auto& s : args.cols) req.cols.push_back(s.seed);
    req.styles = args.styles;
    req.row_styles = args.row_styles;
    req.truncation = args.truncation;
    req.noise = args.noise;
    validateMixRequest(req, f);
    checkFigureSize(mixGridSize(req, f.img_resolution, f.img_channels, labels), "the mixing grid");
    return req;
}

}  // namespace

ByteArray Session::mix(const MixArgs& args, const ProgressHooks& hooks) {
    const bool any_ws = std::any_of(args.rows.begin(), args.rows.end(), [](const MixSource& s) { return s.is_ws; }) ||
                        std::any_of(args.cols.begin(), args.cols.end(), [](const MixSource& s) { return s.is_ws; });
    if (any_ws) return mixWithWs(args, hooks);
    std::lock_guard<std::mutex> lock(mutex_);
    checkTruncation(args.truncation);
    checkNoise(args.noise);
    // Exactly the CLI's mix: the same request, the same engine call, the same composition.
    const MixRequest req = checkedMixRequest(args, facts(), args.labels);
    const MixResult result = engine_->mix(req, hooks);
    const Image grid = composeMixGrid(result, req, args.labels);
    return {{grid.height, grid.width, grid.channels}, grid.pixels};
}

// A grid with ws sources: style_mixing.py's semantics on the Generator. Seeds
// are mapped as the engine maps a mix's sources (every ws truncated by psi in
// plain float32 ops; through the mapping's truncation with a cutoff), and ws
// arrays truncated by the same plain ops, so a ws array from mapping(seed)
// renders exactly what the seed renders; cell (r, c) is r's ws with the row's
// styles taken from c.
ByteArray Session::mixWithWs(const MixArgs& args, const ProgressHooks& hooks) {
    std::lock_guard<std::mutex> lock(mutex_);
    c10::InferenceMode guard;
    checkTruncation(args.truncation);
    checkNoise(args.noise);
    if (args.labels) throw std::invalid_argument("labels: a grid with ws rows or columns has no seeds to label");
    const ModelFacts& f = facts();
    const Generator& g = engine_->generator();

    // The request as the planner and the figure see it (sources stand in for ws arrays).
    const MixRequest req = checkedMixRequest(args, f, false);

    // Unique sources: equal seeds share one; every ws array is its own.
    std::vector<torch::Tensor> unique_ws;   // [num_ws, w_dim] each, on the device
    std::vector<Source> unique_seeds;
    std::vector<int> seed_slot;
    auto indexOf = [&](const MixSource& s) {
        if (!s.is_ws) {
            for (size_t i = 0; i < unique_seeds.size(); ++i)
                if (unique_seeds[i] == s.seed) return seed_slot[i];
        }
        hooks.check();
        torch::Tensor w;
        const Truncation& t = args.truncation;
        if (s.is_ws) {
            // Truncated like the seeds: style_mixing.py moves every source's w towards the average
            // (even at psi 1). With a cutoff, the seeds go through the mapping's own truncation;
            // a ws array gets the same formula on its first `cutoff` ws (equal up to float rounding).
            w = torch::from_blob(const_cast<float*>(s.ws.data()), {1, f.num_ws, f.w_dim}, torch::kFloat32)
                    .to(g.device(), torch::kFloat32);
            if (t.cutoff < 0) {
                w = g.truncateAll(w, t.psi);
            } else if (t.psi != 1.0 && t.cutoff > 0) {
                w = w.clone();
                const int64_t end = std::min(t.cutoff, f.num_ws);
                w.slice(1, 0, end).copy_(g.truncateAll(w, t.psi).slice(1, 0, end));
            }
            w = w[0];
        } else {
            const torch::Tensor z = latentFor(s.seed, f), c = labelFor(s.seed, f);
            w = t.cutoff >= 0 ? g.mapping(z, c, t.psi, t.cutoff) : g.truncateAll(g.mapping(z, c, 1.0), t.psi);
            w = w[0];
            unique_seeds.push_back(s.seed);
            seed_slot.push_back(static_cast<int>(unique_ws.size()));
        }
        unique_ws.push_back(w.to(g.device(), torch::kFloat32).contiguous());
        return static_cast<int>(unique_ws.size() - 1);
    };
    std::vector<int> row_idx, col_idx;
    for (const auto& s : args.rows) row_idx.push_back(indexOf(s));
    for (const auto& s : args.cols) col_idx.push_back(indexOf(s));

    // Renders ws in forward passes of at most chunkSize() images.
    auto render = [&](const std::vector<torch::Tensor>& list) {
        std::vector<ImagePtr> images;
        const size_t batch = chunkSize();
        for (size_t b = 0; b < list.size(); b += batch) {
            hooks.check();
            const size_t count = std::min(batch, list.size() - b);
            const std::vector<torch::Tensor> part(list.begin() + static_cast<long>(b),
                                                  list.begin() + static_cast<long>(b + count));
            const auto n = static_cast<int64_t>(count);
            for (auto& im : toImagePtrs(g.synthesis(torch::stack(part, 0), noiseForBatch(args.noise, n))))
                images.push_back(std::move(im));
        }
        return images;
    };
    const std::vector<ImagePtr> source_images = render(unique_ws);

    MixResult result;
    for (int u : row_idx) result.row_images.push_back(source_images[static_cast<size_t>(u)]);
    for (int u : col_idx) result.col_images.push_back(source_images[static_cast<size_t>(u)]);
    result.cells.assign(args.rows.size(), std::vector<ImagePtr>(args.cols.size()));
    std::vector<torch::Tensor> pending;
    std::vector<std::pair<size_t, size_t>> pending_at;
    for (size_t r = 0; r < args.rows.size(); ++r) {
        const torch::Tensor& a = unique_ws[static_cast<size_t>(row_idx[r])];
        for (size_t c = 0; c < args.cols.size(); ++c) {
            const torch::Tensor& b = unique_ws[static_cast<size_t>(col_idx[c])];
            torch::Tensor w = a.clone();
            for (int idx : req.stylesForRow(r)) w.select(0, idx).copy_(b.select(0, idx));
            // A cell whose ws are all one source's is that source's image.
            if (torch::equal(w, a)) {
                result.cells[r][c] = result.row_images[r];
            } else if (torch::equal(w, b)) {
                result.cells[r][c] = result.col_images[c];
            } else {
                pending.push_back(w);
                pending_at.emplace_back(r, c);
            }
        }
    }
    std::vector<ImagePtr> cells = render(pending);
    for (size_t i = 0; i < cells.size(); ++i) result.cells[pending_at[i].first][pending_at[i].second] = std::move(cells[i]);
    const Image grid = composeMixGrid(result, req, false);
    return {{grid.height, grid.width, grid.channels}, grid.pixels};
}

}  // namespace stylemix::python
