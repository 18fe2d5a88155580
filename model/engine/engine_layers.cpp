// PLACEHOLDER (being written)
#include "model/engine/engine.h"
#include "model/engine/engine_impl.h"
#include <stdexcept>
namespace stylemix {
LayerResult Engine::layerView(const LayerRequest&, const ProgressHooks&) { throw std::logic_error("layer view: not written yet"); }
std::vector<float> Engine::captureActivation(const LabSubject&, const NoiseSpec&, const std::string&) { throw std::logic_error("capture: not written yet"); }
}  // namespace stylemix
