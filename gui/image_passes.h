// Renders canvas jobs (canvas.h) into render targets with the shaders from
// shaders/: tile.frag for tiles and fills, heatmap.frag for the std-dev map,
// split.frag for the split view. UI thread only, with the GL context current.
#pragma once

#include "gui/canvas.h"
#include "gui/gl_objects.h"
#include "gui/texture_store.h"

namespace stylemix::gui {

class ImagePasses {
public:
    // Compiles the programs; throws with the shader name and GL log.
    void init();
    bool ready() const { return tile_.id() != 0; }

    // Draws `job` into `target` (resized to job.size x pixel_scale). Draws
    // whose images are missing are skipped. Leaves framebuffer 0 bound.
    void run(const CanvasJob& job, RenderTarget& target, const TextureStore& textures, float pixel_scale);

private:
    Program tile_, heatmap_, split_;
    VertexArray vao_;
};

}  // namespace stylemix::gui
