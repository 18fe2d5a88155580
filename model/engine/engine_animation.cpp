// PLACEHOLDER (being written)
#include "model/engine/engine.h"
#include "model/engine/engine_impl.h"
#include <stdexcept>
namespace stylemix {
Image Engine::animationFrame(const AnimationSpec&, int, const ProgressHooks&) { throw std::logic_error("animation: not written yet"); }
void Engine::animate(const AnimationSpec&, const ProgressHooks&, const std::function<bool(int, const Image&)>&) { throw std::logic_error("animation: not written yet"); }
}  // namespace stylemix
