// Renders canvas jobs (canvas.h) into render targets with the shaders from
// shaders/: tile.frag for tiles and fills, heatmap.frag for the std-dev map,
// split.frag for the split view. UI thread only, with the GL context current.
#pragma once

#include "gui/views/canvas.h"
#include "gui/gl/gl_objects.h"
#include "gui/gl/texture_store.h"

#include <cstdint>
#include <map>

namespace stylemix::gui {

class ImagePasses {
public:
    // Compiles the programs; throws with the shader name and GL log.
    void init();
    bool ready() const { return tile_.id() != 0; }

    // Draws `job` into `target` (resized to job.size x pixel_scale). Draws
    // whose images are missing are skipped. Leaves framebuffer 0 bound.
    // Draws nothing when `target` already holds this very job drawn from the
    // same textures at the same scale (an unchanged canvas costs no fill;
    // software GL makes that worth a few ms a frame).
    // Returns whether it drew.
    bool run(const CanvasJob& job, RenderTarget& target, const TextureStore& textures, float pixel_scale);

private:
    struct Drawn {
        CanvasJob job;
        std::uint64_t texture_version = 0;
        float pixel_scale = 0;
        unsigned int target = 0;   // the render target's texture name
    };
    Program tile_, heatmap_, split_;
    VertexArray vao_;
    std::map<CanvasId, Drawn> drawn_;
};

}  // namespace stylemix::gui
