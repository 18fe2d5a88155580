#include "gui/views/layers/layers_request.h"

#include "gui/widgets/labels.h"

#include <algorithm>
#include <cctype>

namespace stylemix::gui {

const ActivationInfo* chosenLayer(const LayersState& state, const ModelFacts& facts) {
    if (facts.activations.empty()) return nullptr;
    if (const ActivationInfo* named = facts.activation(state.layer)) return named;
    return &facts.activations.back();
}

int selectedChannels(LayerShow show, const ActivationInfo& layer) {
    return show == LayerShow::Rgb && layer.channels >= 3 ? 3 : 1;
}

int baseChannelMax(LayerShow show, const ActivationInfo& layer) {
    return std::max(layer.channels - selectedChannels(show, layer), 0);
}

LayerViewSettings layerSettings(const LayersState& state, const ActivationInfo& layer, bool has_input_transform) {
    LayerViewSettings s;
    s.display = state.show == LayerShow::MeanAbs ? LayerDisplay::MeanAbs : LayerDisplay::Channels;
    s.sel_channels = state.show == LayerShow::MeanAbs ? 1 : selectedChannels(state.show, layer);
    s.base_channel = state.show == LayerShow::MeanAbs ? 0 : std::clamp(state.base_channel, 0, baseChannelMax(state.show, layer));
    s.normalize = state.normalize;
    s.gain_db = std::clamp(state.gain_db, LayersState::kMinGainDb, LayersState::kMaxGainDb);
    s.fft = state.fft;
    if (state.fft) {   // else the defaults: greyed FFT sliders render nothing new
        s.fft_all = state.fft_all;
        s.fft_range_db = std::clamp(state.fft_range_db, LayersState::kMinFftRangeDb, LayersState::kMaxFftRangeDb);
        s.fft_beta = std::clamp(state.fft_beta, 0.f, LayersState::kMaxFftBeta);
    }
    s.untransform = has_input_transform && state.untransform;
    return s;
}

std::optional<LayerRequest> buildLayerRequest(const LayersState& state, const PanelStates& panels, const ModelFacts& facts) {
    const ActivationInfo* layer = chosenLayer(state, facts);
    if (!layer || facts.num_ws <= 0) return std::nullopt;
    const MixRequest grid = buildMixRequest(panels, facts);
    auto subject = buildLabSubject(panels.lab.selection, grid);
    if (!subject) return std::nullopt;
    LayerRequest request;
    request.subject = std::move(*subject);
    request.layer = layer->name;
    request.noise = grid.noise;   // the activations of the tile the grid shows
    request.view = layerSettings(state, *layer, facts.has_input_transform);
    return request;
}

namespace {
std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}
}  // namespace

std::vector<int> matchingLayers(const std::vector<ActivationInfo>& layers, const std::string& filter) {
    const std::string needle = lower(filter);
    std::vector<int> out;
    for (int i = 0; i < static_cast<int>(layers.size()); ++i) {
        const ActivationInfo& l = layers[i];
        const std::string resolution = layerResolutionText(l);
        if (lower(l.name).find(needle) != std::string::npos || resolution.find(needle) != std::string::npos)
            out.push_back(i);
    }
    return out;
}

std::string layerShapeText(const ActivationInfo& layer) {
    return std::to_string(layer.channels) + "x" + std::to_string(layer.height) + "x" + std::to_string(layer.width);
}

std::string layerResolutionText(const ActivationInfo& layer) {
    return std::to_string(layer.height) + "x" + std::to_string(layer.width);
}

int baseChannelFor(int channel, LayerShow show, const ActivationInfo& layer) {
    return std::clamp(channel, 0, baseChannelMax(show, layer));
}

std::string selectionText(const LayerViewSettings& view, const ActivationInfo& layer) {
    if (view.display == LayerDisplay::MeanAbs) return "mean |x| of " + std::to_string(layer.channels) + " channels";
    if (view.sel_channels == 3)
        return "channels " + std::to_string(view.base_channel) + "-" + std::to_string(view.base_channel + 2) + " as RGB";
    return "channel " + std::to_string(view.base_channel);
}

std::vector<std::string> layerPanelTitles(const LayerRequest& request, const ModelFacts* facts) {
    const LabSubject& s = request.subject;
    if (!s.mix_with) return {s.source.label()};
    return {"A " + s.source.label(), "B " + s.mix_with->label(), "mix: " + stylesText(facts, s.styles) + " from B"};
}

}  // namespace stylemix::gui
