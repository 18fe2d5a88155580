#include "gui/gl/canvas_renderer.h"

namespace stylemix::gui {

CanvasFrame CanvasRenderer::frame(const TextureStore& textures) {
    CanvasFrame canvases;
    canvases.texture = [this](CanvasId id) {
        RenderTarget& target = targets_[id];
        target.ensureCreated();
        return static_cast<ImTextureID>(target.texture().imguiId());
    };
    canvases.has_image = [&textures](const ImageKey& key) { return textures.has(key); };
    canvases.image_size = [&textures](const ImageKey& key) {
        const Texture* t = textures.get(key);
        return t ? ImVec2(static_cast<float>(t->width()), static_cast<float>(t->height())) : ImVec2(0, 0);
    };
    return canvases;
}

bool CanvasRenderer::render(const CanvasFrame& canvases, const TextureStore& textures, float pixel_scale) {
    bool drew = false;
    for (const CanvasJob& job : canvases.jobs) drew = passes_.run(job, targets_[job.id], textures, pixel_scale) || drew;
    return drew;
}

}  // namespace stylemix::gui
