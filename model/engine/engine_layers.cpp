// The layer view (layer_view.h) and `stylemix layers`: one activation of a
// subject captured by the generator's tap (Generator::captureActivation), and
// shown as NVIDIA's visualizer shows it (layer_display.h). A, B and the mix
// run as one batch; the last capture is kept so a display-only change (channel,
// gain, FFT, ...) does not run synthesis again.
#include "model/engine/engine.h"
#include "model/engine/engine_impl.h"
#include "model/engine/layer_display.h"
#include "model/io/message_text.h"
#include "model/nets/stylegan3/stylegan3_generator.h"

#include <algorithm>
#include <numeric>

namespace stylemix {

// The captured activations of one request (Engine::Impl::last_layer_capture).
struct LayerCapture {
    LabSubject subject;
    NoiseSpec noise;
    std::string layer;
    torch::Tensor activations;   // [k, C, H, W] float32 on the CPU: A (, B, mix)
};

namespace {

const ActivationInfo& checkedLayer(const Engine::Impl& m, const std::string& name) {
    const ModelDescription& d = m.g().description();
    const ActivationInfo* info = d.activation(name);
    if (!info)
        throw std::invalid_argument("no layer " + quoteText(name) + " in this " + d.family_label + " model (it has " +
                                    std::to_string(d.activations.size()) + " layers; see stylemix layers --list)");
    return *info;
}

// ws of A, and for a mixing cell also B and the mix (A with B's styles), as the grid makes them
// (Engine::gridTileWs): [1 or 3, num_ws, w_dim].
torch::Tensor panelWs(Engine::Impl& m, const LabSubject& s) {
    std::vector<Source> sources = {s.source};
    if (s.mix_with) sources.push_back(*s.mix_with);
    const torch::Tensor ws = m.wsOf(sources, s.truncation, /*mixing_style=*/true);
    if (!s.mix_with) return ws.slice(0, 0, 1);
    torch::Tensor mix = ws.slice(0, 0, 1).clone();
    for (int idx : s.styles) mix.select(1, idx).copy_(ws.select(1, idx).slice(0, 1, 2));
    return torch::cat({ws.slice(0, 0, 2), mix}, 0);
}

// Every batch item sees the same noise: one realisation given for the subject applies to all.
NoiseSpec batchNoise(NoiseSpec noise, int64_t n) {
    if (noise.mode == NoiseMode::Random && noise.realisations.size() == 1)
        noise.realisations.assign(static_cast<std::size_t>(n), noise.realisations[0]);
    return noise;
}

torch::Tensor capture(Engine::Impl& m, const torch::Tensor& ws, const NoiseSpec& noise, const LabSubject& subject,
                      const std::string& layer) {
    return m.g().captureActivation(ws, batchNoise(noise, ws.size(0)), subject.transform, layer).to(torch::kCPU).contiguous();
}

// Whether the activation `layer` is computed before any layer that reads one of B's styles: the mix is
// then A itself (as the grid's cells resume from A's activations up to their first B style).
bool beforeCrossover(const Engine::Impl& m, const LabSubject& s, const std::string& layer) {
    const ModelDescription& d = m.g().description();
    const int after = d.activation(layer)->after_layer;
    for (int li = 0; li <= after && li < static_cast<int>(d.layers.size()); ++li)
        if (std::find(s.styles.begin(), s.styles.end(), d.layers[static_cast<std::size_t>(li)].ws_index) != s.styles.end())
            return false;
    return true;
}

// A (, B, mix) for the panels: before the crossover the mix is A's activation exactly (a separate batch
// item could round differently and show a difference the styles do not make), after it its own capture.
torch::Tensor captureMixed(Engine::Impl& m, const torch::Tensor& ws, const NoiseSpec& noise, const LabSubject& s,
                           const std::string& layer) {
    if (ws.size(0) < 3 || !beforeCrossover(m, s, layer)) return capture(m, ws, noise, s, layer);
    const torch::Tensor ab = capture(m, ws.slice(0, 0, 2), noise, s, layer);
    return torch::cat({ab, ab.slice(0, 0, 1)}, 0);
}

// The request's activations, from the last capture when only the display changed. The capture is kept
// only when it fits a quarter of the cache budget (a 1024² model's finest layer for A, B and the mix is
// ~400 MB): beyond that a display change captures again rather than holding it.
torch::Tensor capturedActivations(Engine::Impl& m, const LayerRequest& r, const ProgressHooks& hooks) {
    const auto& last = m.last_layer_capture;
    if (last && last->subject == r.subject && last->noise == r.noise && last->layer == r.layer) return last->activations;
    m.last_layer_capture.reset();   // bounded: one subject's activations at a time
    hooks.check();
    torch::Tensor acts = captureMixed(m, panelWs(m, r.subject), r.noise, r.subject, r.layer);
    const double bytes = static_cast<double>(acts.numel()) * static_cast<double>(acts.element_size());
    if (bytes <= static_cast<double>(m.cache_budget) / 4) {
        auto entry = std::make_shared<LayerCapture>();
        entry->subject = r.subject;
        entry->noise = r.noise;
        entry->layer = r.layer;
        entry->activations = acts;
        m.last_layer_capture = entry;
    }
    return acts;
}

// The network's input transform buffer for the visualizer's untransform (undefined when not
// asked for, or the model has no input transform: the visualizer ignores the switch there).
torch::Tensor untransformBuffer(const Engine::Impl& m, const LayerRequest& r) {
    if (!r.view.untransform || !m.facts.has_input_transform) return {};
    const auto* sg3 = dynamic_cast<const StyleGan3Generator*>(&m.g());
    if (!sg3)
        throw std::invalid_argument("untransform: not available for " + m.facts.family_label +
                                    " (only StyleGAN3's input transform can be undone)");
    return sg3->transformBuffer(r.subject.transform).to(torch::kCPU);
}

// Channel indices by mean |x| over the panels, largest first (ties by index).
std::vector<int> channelsByMagnitude(const torch::Tensor& acts) {
    const torch::Tensor mag = acts.abs().mean(std::vector<int64_t>{0, 2, 3}).contiguous();
    const float* v = mag.data_ptr<float>();
    std::vector<int> order(static_cast<std::size_t>(mag.numel()));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return v[a] > v[b]; });
    return order;
}

}  // namespace

std::size_t Engine::Impl::layerCaptureBytes() const {
    if (!last_layer_capture) return 0;
    const torch::Tensor& t = last_layer_capture->activations;
    return static_cast<std::size_t>(t.numel()) * static_cast<std::size_t>(t.element_size());
}

std::vector<float> Engine::captureActivation(const LabSubject& subject, const NoiseSpec& noise, const std::string& layer) {
    c10::InferenceMode guard;
    Impl& m = *impl_;
    checkedLayer(m, layer);
    m.checkSubject(subject, noise, {});
    m.applyTransform(subject.transform);
    const torch::Tensor ws = panelWs(m, subject);
    const torch::Tensor act = capture(m, ws.slice(0, ws.size(0) - 1), noise, subject, layer);   // the mix for a cell
    return std::vector<float>(act.data_ptr<float>(), act.data_ptr<float>() + act.numel());
}

LayerResult Engine::layerView(const LayerRequest& request, const ProgressHooks& hooks) {
    c10::InferenceMode guard;
    Impl& m = *impl_;
    checkedLayer(m, request.layer);
    m.checkSubject(request.subject, request.noise, hooks);
    m.applyTransform(request.subject.transform);
    const torch::Tensor buffer = untransformBuffer(m, request);
    const torch::Tensor acts = capturedActivations(m, request, hooks);

    LayerResult out;
    out.layer = request.layer;
    out.channels = static_cast<int>(acts.size(1));
    out.height = static_cast<int>(acts.size(2));
    out.width = static_cast<int>(acts.size(3));
    const char* labels[] = {"A", "B", "mix"};
    for (int64_t i = 0; i < acts.size(0); ++i) {
        out.panels.push_back(displayActivation(acts[i], request.view, buffer));
        out.panels.back().label = labels[i];
    }
    out.channels_by_magnitude = channelsByMagnitude(acts);
    if (acts.size(0) == 3) {
        const torch::Tensor diff = (acts[2] - acts[0]).abs();
        out.max_diff_from_a = diff.max().item<float>();
        out.fraction_differing = (diff > 0).to(torch::kFloat64).mean().item<float>();
    }
    hooks.report(1.0f);
    return out;
}

}  // namespace stylemix
