// Engine::noiseByLayer: for each noise layer i, K realisations in which only
// layer i's noise is resampled (NoiseSpec::only_layer = i; every other layer
// keeps the request's noise: const, none, or random realisation 0), and the
// per-pixel std-dev over them, computed exactly as the noise lab computes its
// map (lab_stddev.h). Every realisation of layer i agrees up to the first
// synthesis layer consuming noise i, so that prefix runs once, as a batch of
// one; and since every prefix sees only the others' noise, one chain of layers
// advanced from layer to layer serves them all.
#include "model/engine/engine_impl.h"
#include "model/engine/lab_stddev.h"
#include "model/core/noise_by_layer_figure.h"
#include "model/core/noise_by_layer_limits.h"

#include <atomic>

namespace stylemix {
namespace {

constexpr int kMaxSamples = kMaxNoiseByLayerSamples;

// Per noise layer: the first synthesis layer that consumes it (numLayers() if none).
std::vector<int> firstConsumers(const Generator& g) {
    std::vector<int> first(g.noiseLayers().size(), g.numLayers());
    for (int l = g.numLayers(); l-- > 0;) {
        const int n = g.layers()[static_cast<std::size_t>(l)].noise_index;
        if (n >= 0 && n < static_cast<int>(first.size())) first[static_cast<std::size_t>(n)] = l;
    }
    return first;
}

// Realisations b .. b+n-1 of noise layer `layer` alone, the others as `others` keeps them.
NoiseSpec onlyLayerNoise(const NoiseSpec& others, int layer, int b, int n) {
    NoiseSpec noise = others;
    noise.mode = NoiseMode::Random;
    noise.only_layer = layer;
    noise.others = others.mode;
    noise.realisations.clear();
    for (int i = 0; i < n; ++i) noise.realisations.push_back(b + i);
    return noise;
}

// What noiseByLayer shares between its layers.
struct ByLayerRun {
    const Generator& g;
    const torch::Tensor& w;
    const NoiseByLayerRequest& request;
    const ProgressHooks& hooks;
    std::vector<int> job_sizes;
    int total_layers = 0;
    std::int64_t forward_passes = 0, image_layers = 0;
};

// One noise layer's map: K realisations resumed from `prefix` in jobs on the
// generator's workers; cancel is checked between jobs.
NoiseLayerStddev layerStddev(ByLayerRun& run, int layer, const SynthesisState& prefix) {
    const Generator& g = run.g;
    const int K = run.request.samples, res = g.description().img_resolution;
    NoiseLayerStddev out;
    out.label = noiseLayerLabel(g.noiseLayers()[static_cast<std::size_t>(layer)]);
    out.width = out.height = res;
    if (run.request.noise.multiplier(layer) == 0.f) {   // its noise is off: every realisation is the same image
        out.stddev_levels.assign(static_cast<std::size_t>(res) * res, 0.f);
        return out;
    }
    std::vector<int> begin(run.job_sizes.size(), 0);
    for (std::size_t j = 1; j < begin.size(); ++j) begin[j] = begin[j - 1] + run.job_sizes[j - 1];
    std::vector<RgbMoments> parts(run.job_sizes.size());
    RgbMoments moments;
    std::atomic<std::int64_t> layers_run{0};
    int finished = 0;
    g.parallelJobs(
        run.job_sizes.size(),
        [&](std::size_t j) {
            const int n = run.job_sizes[j];
            SynthesisState state = repeatState(prefix, n);
            layers_run += static_cast<std::int64_t>(n) * (g.numLayers() - state.next_layer);
            const torch::Tensor ws = run.w.expand({n, -1, -1}).contiguous();
            g.runLayers(state, ws, g.numLayers(), onlyLayerNoise(run.request.noise, layer, begin[j], n));
            parts[j] = rgbMoments(g.outputImage(state));
        },
        [&](std::size_t j) {
            addMoments(moments, parts[j]);
            parts[j] = RgbMoments{};
            ++run.forward_passes;
            finished += run.job_sizes[j];
            const float done = static_cast<float>(layer) + static_cast<float>(finished) / static_cast<float>(K);
            run.hooks.report(done / static_cast<float>(run.total_layers));
            run.hooks.check();
        },
        [&] { run.hooks.check(); });
    run.image_layers += layers_run.load();
    const torch::Tensor stddev = stddevLevels(moments, K);
    out.stddev_levels = toVector(stddev);
    out.peak = stddev.max().item<float>();
    return out;
}

}  // namespace

NoiseByLayerResult Engine::noiseByLayer(const NoiseByLayerRequest& request, const ProgressHooks& hooks,
                                        const std::function<void(const NoiseByLayerResult&)>& on_partial) {
    c10::InferenceMode guard;
    Impl& m = *impl_;
    const Generator& g = m.g();
    m.checkHasNoise("noise by layer");
    if (request.samples < kMinNoiseByLayerSamples || request.samples > kMaxSamples)
        throw std::invalid_argument("noise by layer: samples must be between " + std::to_string(kMinNoiseByLayerSamples) + " and " + std::to_string(kMaxSamples) +
                                    ", got " + std::to_string(request.samples));
    if (request.noise.only_layer >= 0)
        throw std::invalid_argument("noise by layer: the request's noise must not name a layer of its own (only_layer)");
    m.checkTruncation(request.subject.truncation);
    m.checkNoise(request.noise);
    m.checkStyles(request.subject.styles, "noise by layer");
    m.applyTransform(request.subject.transform);
    hooks.check();
    const auto t0 = Clock::now();
    const torch::Tensor w = m.subjectWs(request.subject);
    NoiseByLayerResult result;
    result.timings.mapping_ms = msSince(t0);
    result.total_layers = static_cast<int>(g.noiseLayers().size());
    result.samples = request.samples;
    const auto t1 = Clock::now();
    ByLayerRun run{g, w, request, hooks, jobSizes(request.samples, /*first_small=*/false, m.sizing()), result.total_layers};
    // The chain: every noise layer at the request's own noise (the "others" of every layer).
    NoiseSpec others = request.noise;
    others.realisations = {0};
    const std::vector<int> first = firstConsumers(g);
    SynthesisState chain = g.startState(1, request.subject.transform);
    for (int i = 0; i < result.total_layers; ++i) {
        const int at = first[static_cast<std::size_t>(i)];
        if (at < chain.next_layer) chain = g.startState(1, request.subject.transform);   // not in layer order
        g.runLayers(chain, w, at, others);
        result.layers.push_back(layerStddev(run, i, chain));
        if (on_partial && i + 1 < result.total_layers) on_partial(result);
    }
    result.timings.forward_passes = static_cast<int>(run.forward_passes);
    result.timings.cells_ms = msSince(t1);
    result.timings.image_layers = chain.next_layer + run.image_layers;
    result.timings.total_ms = msSince(t0);
    return result;
}

}  // namespace stylemix
