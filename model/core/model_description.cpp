#include "model/core/model_description.h"

#include <algorithm>

namespace stylemix {
namespace {
WsRange clampRange(int begin, int end, int num_ws) {
    return {std::min(begin, num_ws), std::min(end, num_ws)};
}
}  // namespace

const ActivationInfo* ModelDescription::activation(const std::string& name) const {
    for (const auto& a : activations)
        if (a.name == name) return &a;
    return nullptr;
}

WsRange coarseRange(int num_ws) { return clampRange(0, 4, num_ws); }
WsRange middleRange(int num_ws) { return clampRange(4, 8, num_ws); }
WsRange fineRange(int num_ws) { return clampRange(8, num_ws, num_ws); }

}  // namespace stylemix
