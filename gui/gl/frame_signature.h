// What a frame would put on screen, as one number: the ImGui draw lists
// (vertices, indices, commands with their clip rectangles and textures), the
// display size and the version of the textures they show. Two frames with the
// same signature draw the same pixels, so the second needs no GL work and no
// swap; under software GL (llvmpipe, Xvfb) that is most of a frame's cost,
// which would otherwise be taken from the renders.
#pragma once

#include <cstdint>
#include <optional>

struct ImDrawData;

namespace stylemix::gui {

// None when a draw command holds a user callback (its output is unknowable).
std::optional<std::uint64_t> frameSignature(const ImDrawData& draw_data, std::uint64_t texture_version);

}  // namespace stylemix::gui
