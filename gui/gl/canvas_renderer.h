// The views' offscreen canvases (views/canvas.h) on the GPU: one render
// target per canvas, drawn with our shaders (image_passes.h) from the
// uploaded images before ImGui draws the frame. Needs the GL context.
#pragma once

#include "gui/gl/gl_objects.h"
#include "gui/gl/image_passes.h"
#include "gui/gl/texture_store.h"
#include "gui/views/canvas.h"

#include <map>

namespace stylemix::gui {

class CanvasRenderer {
public:
    void init() { passes_.init(); }   // compiles the shaders
    // A frame's canvases over `textures` (they must outlive it).
    CanvasFrame frame(const TextureStore& textures);
    // Draws the frame's canvases; true when any was redrawn.
    bool render(const CanvasFrame& canvases, const TextureStore& textures, float pixel_scale);

private:
    ImagePasses passes_;
    std::map<CanvasId, RenderTarget> targets_;
};

}  // namespace stylemix::gui
