// Offscreen canvases: views lay out what a canvas shows (tiles, a heat map, a
// split view) as plain draw lists; the app renders them with the shaders in
// shaders/ into a texture before ImGui draws the frame. Views therefore hold
// no GL state and run unchanged in headless panel tests.
#pragma once

#include <cstdint>

#include <imgui.h>

#include <functional>
#include <tuple>
#include <vector>

namespace stylemix::gui {

// Which uploaded image a draw samples, and which canvas a view draws into.
// Each view numbers its own in its folder (views/<view>/<view>_slots.h) from
// the base it reports (View::slotBase(), a multiple of kSlotsPerView; a test
// checks that no two views share one), so a new view edits nothing here.
enum class ImageSlot : std::uint32_t { None = 0 };
enum class CanvasId : std::uint32_t {};
inline constexpr std::uint32_t kSlotsPerView = 32;

struct ImageKey {
    ImageSlot slot = ImageSlot::None;
    int a = 0;   // row, or realisation index
    int b = 0;   // column
    bool operator<(const ImageKey& o) const { return std::tie(slot, a, b) < std::tie(o.slot, o.a, o.b); }
    bool operator==(const ImageKey& o) const { return slot == o.slot && a == o.a && b == o.b; }
};

enum class PassKind {
    Tile,        // `image`, nearest or linear, optionally dimmed (tile.frag)
    Fill,        // a flat `color` rect (tile.frag)
    HeatMap,     // `image` (grey std-dev x kStdDevTexelScale) x `gain` through the colour map (heatmap.frag)
    HeatLegend,  // the colour map as a left-to-right ramp (heatmap.frag)
    Split,       // `image` left of `split`, `image2` right of it (split.frag)
};

struct CanvasDraw {
    PassKind pass = PassKind::Tile;
    ImageKey image, image2;
    ImVec2 p0, p1;                            // destination, ImGui units from the canvas' top-left
    ImVec2 uv0{0, 0}, uv1{1, 1};              // source rect, v = 0 is the image's top row
    bool nearest = true;
    float dim = 0.f;
    float gain = 1.f;
    float split = 0.5f;
    ImVec4 color{0, 0, 0, 1};
};

struct CanvasJob {
    CanvasId id{};
    ImVec2 size;                               // ImGui units
    ImVec2 screen_pos;                         // where it was placed this frame (layout tests; not compared)
    ImVec4 clear{0.11f, 0.11f, 0.13f, 1.f};
    std::vector<CanvasDraw> draws;
};

// Exact equality of what the texture holds (every field but screen_pos), so an
// unchanged canvas need not be redrawn.
bool operator==(const CanvasDraw& a, const CanvasDraw& b);
bool operator==(const CanvasJob& a, const CanvasJob& b);
inline bool operator!=(const CanvasJob& a, const CanvasJob& b) { return !(a == b); }

// One frame's canvases. The app fills in the callbacks; tests use stubs.
struct CanvasFrame {
    std::function<ImTextureID(CanvasId)> texture;      // the canvas' texture (created on demand)
    std::function<bool(const ImageKey&)> has_image;   // is this image uploaded?
    std::function<ImVec2(const ImageKey&)> image_size; // its size in pixels, {0,0} if absent
    std::vector<CanvasJob> jobs;

    // Places the canvas at the cursor as an ImGui image of `size` and returns
    // its job, to be filled with draws before the frame is rendered.
    CanvasJob& image(CanvasId id, ImVec2 size);
    bool has(const ImageKey& key) const { return has_image && has_image(key); }
    ImVec2 sizeOf(const ImageKey& key) const { return image_size ? image_size(key) : ImVec2(0, 0); }
};

}  // namespace stylemix::gui
