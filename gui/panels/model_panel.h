// Model panel: path field + Load, recent models, device and precision, and
// the loaded model's facts. It only asks for loads; the worker does them.
#pragma once

#include "model/core/render_types.h"
#include "model/core/worker_protocol.h"

#include <optional>
#include <string>
#include <vector>

namespace stylemix::gui {

struct ModelPanelState {
    std::string path;                 // the path field
    DeviceChoice device = DeviceChoice::Auto;
    PrecisionChoice precision = PrecisionChoice::FP32;
    bool browse_requested = false;    // the "..." button: the app opens its file browser
};

struct ModelPanelView {
    const ModelFacts* facts = nullptr;          // loaded model, or null
    bool loading = false;
    float progress = 0.f;
    const std::vector<std::string>* recent = nullptr;
};

// Returns a load request when the user asks for one (Load, Enter, a recent entry).
std::optional<LoadRequest> drawModelPanel(ModelPanelState& state, const ModelPanelView& view);

const char* deviceLabel(DeviceChoice device);
const char* precisionLabel(PrecisionChoice precision);

}  // namespace stylemix::gui
