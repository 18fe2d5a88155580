// The Motion view's pure side (no GL, no drawing): its settings, the animation
// they describe for the grid's current state (or why there is none), the
// playback request and its memory bound, and the export's recipe and path.
// Tested headless.
#pragma once

#include "gui/request_builder.h"
#include "gui/views/strip/strip_state.h"
#include "model/core/animation_spec.h"
#include "model/core/recipe.h"

#include <cstddef>
#include <optional>
#include <string>

namespace stylemix::gui {

enum class MotionFormat { WebP, Gif };
const char* motionFormatExtension(MotionFormat format);   // ".webp", ".gif"
// Why `format` cannot play at `fps` (GIF delays are whole hundredths: at most 50 fps), or empty.
std::string motionFormatBlocked(MotionFormat format, int fps);

// What the user chose in the Motion tab (the tab's own state).
struct MotionState {
    static constexpr int kMinFrames = 2, kMaxFrames = 240, kMinFps = 1, kMaxFps = 60;
    AnimationKind kind = AnimationKind::NoiseCycle;
    int frames = 30;
    int fps = 15;
    bool loop = true;
    // The latent walk's ends, among the grid's sources (as the interpolation strip's).
    StripEnd walk_from{SourceSide::Rows, 0};
    StripEnd walk_to{SourceSide::Cols, 0};
    InterpolationSpace space = InterpolationSpace::W;   // the walk's; W while an end has no single z
    MotionFormat format = MotionFormat::WebP;
};

// Playback keeps every frame as a texture: frames x resolution² x 4 bytes stay
// within this budget (at 1024² that is 64 frames; at 64² the kMaxFrames cap).
constexpr std::size_t kPlaybackBudgetBytes = std::size_t(256) << 20;
int maxPlaybackFrames(int resolution);

// The animation the settings describe for the grid's sources, truncation,
// noise and input transform and the selected tile (LabState::selection):
//  - noise cycle: the selected face, noise Random from the noise panel's seed
//    (frame f = realisation f), every w fixed;
//  - crossover sweep: the selected cell (A, B and the ws it takes from B, which move);
//  - latent walk: walk_from to walk_to in `space`.
// Frames are clamped to kMinFrames..maxPlaybackFrames, fps to kMinFps..kMaxFps.
// No spec: `blocked` says why and what to do.
struct MotionPlan {
    std::optional<AnimationSpec> spec;
    std::string blocked;
};
MotionPlan buildMotionPlan(const MotionState& state, const PanelStates& panels, const ModelFacts& facts);

// Playback asks for `spec`'s frames with fps fixed at the default: the rate
// changes no frame, so a new rate renders nothing again.
AnimationRequest playbackRequest(const AnimationSpec& spec);

// The "animation" recipe `stylemix animate` renders `spec` from.
Recipe motionRecipe(const AnimationSpec& spec, const ModelFacts& facts);
// Next "<dir>/stylemix-motion-NNN<ext>" that does not exist yet (dir empty: the working folder).
std::string suggestMotionPath(const std::string& dir, MotionFormat format);
// The format a path asks for: GIF for ".gif", else WebP (as the CLI decides).
MotionFormat motionFormatOf(const std::string& path);
// `path` with the format's extension (replacing .webp / .gif, else appended).
std::string withMotionExtension(const std::string& path, MotionFormat format);

// One line for the tab: "noise cycle of A 85 x B 55 (ws 0-3 from B)", "sweep from A 85 to B 55", ...
std::string describeMotion(const MotionState& state, const PanelStates& panels, const ModelFacts& facts);

}  // namespace stylemix::gui
