// The layer view's pure side (no GL, no drawing): its job from its settings
// and the panels' state (the lab's subject in the grid, the grid's noise),
// the layer list's filter, the channel numbers the controls show, and the
// panels' titles. Tested headless.
#pragma once

#include "gui/request_builder.h"
#include "gui/views/layers/layers_state.h"
#include "model/core/layer_view.h"

#include <optional>
#include <string>
#include <vector>

namespace stylemix::gui {

// The layer `state` names in `facts`, else the last one (the visualizer's
// default, "output"); null when the model lists none.
const ActivationInfo* chosenLayer(const LayersState& state, const ModelFacts& facts);

// Channels the selection holds: 3 for RGB (1 when the layer has fewer, as the
// visualizer), 1 for one channel; mean |x| reads them all but sends 1.
int selectedChannels(LayerShow show, const ActivationInfo& layer);
// The largest base channel: channels - selected, at least 0.
int baseChannelMax(LayerShow show, const ActivationInfo& layer);

// What the engine shows: `state` on `layer`, the base channel clamped; FFT's
// range, beta and "all channels" only while the FFT is on (else the defaults,
// so moving a greyed slider renders nothing); untransform only for a model
// with an input transform; mean |x| ignores the base channel.
LayerViewSettings layerSettings(const LayersState& state, const ActivationInfo& layer, bool has_input_transform);

// The view's job: the lab's selection in the grid (A; B and the mix for a
// cell) with the grid's noise, at chosenLayer. nullopt without a selection
// in the grid or without layers.
std::optional<LayerRequest> buildLayerRequest(const LayersState& state, const PanelStates& panels, const ModelFacts& facts);

// Indices of the layers whose name, or "HxW" resolution, contains `filter`
// (any case); all of them for an empty filter.
std::vector<int> matchingLayers(const std::vector<ActivationInfo>& layers, const std::string& filter);
// "512x16x16" (channels x height x width), and "16x16".
std::string layerShapeText(const ActivationInfo& layer);
std::string layerResolutionText(const ActivationInfo& layer);

// The base channel that shows `channel` (first of the RGB three where it
// can, so the picked channel is red), within baseChannelMax.
int baseChannelFor(int channel, LayerShow show, const ActivationInfo& layer);
// "channels 3-5 as RGB", "channel 7", "mean |x| of 512 channels".
std::string selectionText(const LayerViewSettings& view, const ActivationInfo& layer);

// The titles of `request`'s panels: "A seed 85", "B seed 821", "mix: ws 0-3 from B";
// a plain source: its label alone.
std::vector<std::string> layerPanelTitles(const LayerRequest& request, const ModelFacts* facts);

}  // namespace stylemix::gui
