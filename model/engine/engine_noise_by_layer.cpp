// PLACEHOLDER (being written)
#include "model/engine/engine.h"
#include "model/engine/engine_impl.h"
#include <stdexcept>
namespace stylemix {
NoiseByLayerResult Engine::noiseByLayer(const NoiseByLayerRequest&, const ProgressHooks&, const std::function<void(const NoiseByLayerResult&)>&) { throw std::logic_error("noise by layer: not written yet"); }
}  // namespace stylemix
