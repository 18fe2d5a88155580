#include "gui/views/motion/motion_view.h"

#include "gui/views/motion/motion_slots.h"
#include "gui/views/strip/strip_request.h"
#include "gui/widgets/disabled_reason.h"
#include "gui/widgets/labels.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace stylemix::gui {
namespace {

constexpr float kMinCanvas = 48.f;
const ImVec4 kErrorColour(1.f, 0.45f, 0.4f, 1.f);

float textWidth(const char* s) { return ImGui::CalcTextSize(s, nullptr, true).x; }
float radioWidth(const char* s) {
    return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + textWidth(s);
}

// The next group on this line when `width` still fits, else on the next line.
void flowNext(float width) {
    ImGui::SameLine(0, ImGui::GetFontSize());
    if (ImGui::GetContentRegionAvail().x < width) ImGui::NewLine();
}

void kindChoice(MotionState& state, const MotionViewInput& in) {
    const bool no_noise = in.facts && !in.facts->hasNoise();
    const std::string why = no_noise ? (in.facts->family_label.empty() ? std::string("This model") : in.facts->family_label) +
                                           " has no noise inputs: there is no noise to cycle."
                                     : std::string();
    if (no_noise && state.kind == AnimationKind::NoiseCycle) state.kind = AnimationKind::CrossoverSweep;
    ImGui::BeginDisabled(no_noise);
    if (ImGui::RadioButton("Noise cycle", state.kind == AnimationKind::NoiseCycle)) state.kind = AnimationKind::NoiseCycle;
    ImGui::EndDisabled();
    if (!disabledReason(no_noise, why.c_str()) && ImGui::IsItemHovered())
        ImGui::SetTooltip("The selected face with every w fixed: frame f is noise realisation f\n"
                          "(identity fixed, hair and skin texture moving).");
    ImGui::SameLine();
    if (ImGui::RadioButton("Crossover sweep", state.kind == AnimationKind::CrossoverSweep))
        state.kind = AnimationKind::CrossoverSweep;
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("The selected cell: from A to the cell and back, the ws it takes from B\n"
                          "switching over one by one as a crossover point sweeps across them.");
    ImGui::SameLine();
    if (ImGui::RadioButton("Latent walk", state.kind == AnimationKind::LatentWalk)) state.kind = AnimationKind::LatentWalk;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("From one of the grid's sources to another, in w (lerp) or z (slerp).");
}

// "From" / "To" among the grid's sources.
void endCombo(const char* label, StripEnd& end, const MixRequest& grid) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(label);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
    ImGui::PushID(label);
    if (ImGui::BeginCombo("##end", stripEndLabel(end, grid).c_str())) {
        for (const StripEnd& choice : stripEndChoices(grid))
            if (ImGui::Selectable(stripEndLabel(choice, grid).c_str(), choice == end)) end = choice;
        ImGui::EndCombo();
    }
    ImGui::PopID();
}

void walkSettings(MotionState& state, const MotionViewInput& in) {
    const float em = ImGui::GetFontSize(), gap = ImGui::GetStyle().ItemSpacing.x;
    flowNext(2 * (em * 7 + gap) + textWidth("From") + textWidth("To") + gap);
    endCombo("From", state.walk_from, *in.grid);
    ImGui::SameLine();
    endCombo("To", state.walk_to, *in.grid);
    flowNext(radioWidth("w") + radioWidth("z") + gap);
    const InterpolationSpace space = in.z_blocked.empty() ? state.space : InterpolationSpace::W;
    if (ImGui::RadioButton("w", space == InterpolationSpace::W)) state.space = InterpolationSpace::W;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Lerp between the two sources' ws (any kind of source).");
    ImGui::SameLine();
    ImGui::BeginDisabled(!in.z_blocked.empty());
    if (ImGui::RadioButton("z", space == InterpolationSpace::Z)) state.space = InterpolationSpace::Z;
    ImGui::EndDisabled();
    if (!disabledReason(!in.z_blocked.empty(), in.z_blocked.c_str()) && ImGui::IsItemHovered())
        ImGui::SetTooltip("Slerp between the two seeds' latents z, each frame mapped (and truncated) like a seed.");
}

// Kind, frames, fps (and the walk's ends and space); they wrap where the line is full.
void controls(MotionState& state, const MotionViewInput& in) {
    const float em = ImGui::GetFontSize(), inner = ImGui::GetStyle().ItemInnerSpacing.x;
    kindChoice(state, in);
    flowNext(em * 8 + inner + textWidth("frames"));
    ImGui::SetNextItemWidth(em * 8);
    state.frames = std::min(state.frames, in.max_frames);
    ImGui::SliderInt("frames", &state.frames, MotionState::kMinFrames, in.max_frames, "%d", ImGuiSliderFlags_AlwaysClamp);
    if (ImGui::IsItemHovered() && in.facts && in.max_frames < MotionState::kMaxFrames)
        ImGui::SetTooltip("At %dx%d, %d frames fill the %d MiB playback cache.", in.facts->img_resolution,
                          in.facts->img_resolution, in.max_frames, static_cast<int>(kPlaybackBudgetBytes >> 20));
    flowNext(em * 6 + inner + textWidth("fps"));
    ImGui::SetNextItemWidth(em * 6);
    ImGui::SliderInt("fps", &state.fps, MotionState::kMinFps, MotionState::kMaxFps, "%d", ImGuiSliderFlags_AlwaysClamp);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Playback and export rate; a new rate renders nothing again.");
    if (state.kind == AnimationKind::LatentWalk && in.grid) walkSettings(state, in);
    const std::string text = in.blocked.empty() ? in.description : std::string();
    if (!text.empty()) {
        const std::string shown = fitText(text, ImGui::GetContentRegionAvail().x);
        ImGui::TextDisabled("%s", shown.c_str());
        if (shown != text && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", text.c_str());
    }
}

// The frame on screen, centred; a click plays or pauses.
void frameCanvas(const MotionViewInput& in, float side, CanvasFrame& canvases, MotionViewEvents& events) {
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.f, std::floor((ImGui::GetContentRegionAvail().x - side) / 2)));
    CanvasJob& job = canvases.image(MotionSlot::Canvas, ImVec2(side, side));
    job.clear = ImGui::GetStyleColorVec4(ImGuiCol_WindowBg);
    CanvasDraw d{PassKind::Tile, ImageKey{MotionSlot::Frame, in.shown, 0}, {}, ImVec2(0, 0), ImVec2(side, side)};
    d.nearest = true;
    d.dim = in.stale ? 0.45f : 0.f;
    if (in.held == 0 || !canvases.has(d.image)) {
        d.pass = PassKind::Fill;
        d.color = ImVec4(0.17f, 0.17f, 0.2f, 1.f);
    }
    job.draws.push_back(d);
    const ImVec2 p0 = ImGui::GetItemRectMin();
    if (in.held > 0) {
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("frame %d of %d\nclick: %s", in.shown + 1, in.total, in.playing ? "pause" : "play");
        if (ImGui::IsItemClicked()) events.toggle_play = true;
    }
    const char* note = in.held > 0 ? nullptr : !in.error.empty() ? "render failed" : in.rendering ? "rendering..." : nullptr;
    if (note) ImGui::GetWindowDrawList()->AddText(ImVec2(p0.x + 6, p0.y + 6), IM_COL32(200, 200, 210, 255), note);
}

// Line 1: Play / Pause, Loop, the scrubber over what the line leaves.
void transport(MotionState& state, const MotionViewInput& in, MotionViewEvents& events) {
    ImGui::BeginDisabled(in.held == 0);
    const float play_w = std::max(textWidth("Pause"), textWidth("Play")) + 2 * ImGui::GetStyle().FramePadding.x;
    if (ImGui::Button(in.playing ? "Pause###play" : "Play###play", ImVec2(play_w, 0))) events.toggle_play = true;
    ImGui::SameLine();
    ImGui::Checkbox("Loop", &state.loop);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(std::max(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 4));
    int frame = in.shown + 1;
    const std::string format = "frame %d of " + std::to_string(std::max(in.total, 1));
    if (ImGui::SliderInt("##frame", &frame, 1, std::max(in.held, 1), format.c_str(), ImGuiSliderFlags_AlwaysClamp))
        events.seek = frame - 1;
    ImGui::EndDisabled();
}

// Line 2: the render's state (Stop / Render), then Export or the export's progress (Cancel).
void statusLine(MotionViewState& view, const MotionViewInput& in, MotionViewEvents& events) {
    const float em = ImGui::GetFontSize();
    if (!in.error.empty()) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextColored(kErrorColour, "%s", fitText("failed: " + in.error, em * 20).c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", in.error.c_str());
    } else if (in.stopped) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextDisabled("stopped at %d of %d", in.held, in.total);
        ImGui::SameLine();
        if (ImGui::Button("Render")) events.resume_render = true;
    } else if (in.rendering) {
        char text[48];
        std::snprintf(text, sizeof text, "frame %d of %d", in.held, in.total);
        ImGui::ProgressBar(in.total > 0 ? static_cast<float>(in.held) / in.total : 0.f, ImVec2(em * 9, 0), text);
        ImGui::SameLine();
        if (ImGui::Button("Stop")) events.stop_render = true;
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Stop rendering; the frames so far keep playing.");
    } else if (!in.blocked.empty()) {   // the frames on screen are for earlier settings
        ImGui::AlignTextToFramePadding();
        const std::string shown = fitText(in.blocked, em * 20);
        ImGui::TextDisabled("%s", shown.c_str());
        if (shown != in.blocked && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", in.blocked.c_str());
    } else if (in.held > 0) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextDisabled("%d frames", in.held);
    }
    if (in.exporting) {
        flowNext(em * 14 + textWidth("Cancel"));
        char text[64];
        std::snprintf(text, sizeof text, "exporting %d of %d", in.export_done, in.export_total);
        ImGui::ProgressBar(in.export_total > 0 ? static_cast<float>(in.export_done) / in.export_total : 0.f,
                           ImVec2(em * 12, 0), in.export_total > 0 ? text : "exporting...");
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s: frames encoded by stylemix animate", in.export_name.c_str());
        ImGui::SameLine();
        if (ImGui::Button("Cancel###cancel-export")) events.cancel_export = true;
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Stop the export; nothing is written.");
        return;
    }
    flowNext(textWidth("Export...") + 2 * ImGui::GetStyle().FramePadding.x);
    ImGui::BeginDisabled(!in.export_blocked.empty());
    if (ImGui::Button("Export...")) view.open_export = true;
    ImGui::EndDisabled();
    if (!disabledReason(!in.export_blocked.empty(), in.export_blocked.c_str()) && ImGui::IsItemHovered())
        ImGui::SetTooltip("As animated WebP (lossless) or GIF with its recipe; `stylemix animate` renders it again.");
}

void exportDialog(MotionState& state, MotionViewState& view, const MotionViewInput& in, MotionViewEvents& events) {
    if (std::exchange(view.open_export, false)) {
        const std::string dir = view.export_path.empty() ? std::string()
                                                         : std::filesystem::path(view.export_path).parent_path().string();
        view.export_path = suggestMotionPath(dir, state.format);
        ImGui::OpenPopup("Export animation");
    }
    ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 30, 0), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal("Export animation", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
    ImGui::TextWrapped("%d frames at %d fps: %s. `stylemix animate` renders them again on the CPU and writes the "
                       "file with its recipe inside it and beside it (.json).",
                       std::min(state.frames, in.max_frames), state.fps, in.description.c_str());
    ImGui::PopTextWrapPos();
    const MotionFormat before = state.format;
    if (ImGui::RadioButton("WebP (lossless)", state.format == MotionFormat::WebP)) state.format = MotionFormat::WebP;
    ImGui::SameLine();
    if (ImGui::RadioButton("GIF", state.format == MotionFormat::Gif)) state.format = MotionFormat::Gif;
    if (state.format != before) view.export_path = withMotionExtension(view.export_path, state.format);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 30);
    ImGui::InputText("##path", &view.export_path);
    const std::string blocked = view.export_path.empty() ? std::string("Name the file to write.")
                                                         : motionFormatBlocked(state.format, state.fps);
    if (!blocked.empty() && !view.export_path.empty()) {
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
        ImGui::TextColored(kErrorColour, "%s", blocked.c_str());
        ImGui::PopTextWrapPos();
    }
    ImGui::BeginDisabled(!blocked.empty());
    if (ImGui::Button("Export")) {
        events.export_to = withMotionExtension(view.export_path, state.format);
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndDisabled();
    disabledReason(!blocked.empty(), blocked.c_str());
    ImGui::SameLine();
    if (ImGui::Button("Close")) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

}  // namespace

float motionCanvasSide(ImVec2 avail, float line, int lines) {
    return std::floor(std::max(kMinCanvas, std::min(avail.x, avail.y - lines * line)));
}

int motionTransportLines(const MotionViewInput& in, float width) {
    const float em = ImGui::GetFontSize();
    const float status = in.error.empty() && in.blocked.empty() ? em * 13 : em * 21;   // the render's state, widest case
    const float right = in.exporting ? em * 15 + textWidth("Cancel") : em * 6;   // the export's progress, or Export...
    return status + em + right > width ? 3 : 2;
}

MotionViewEvents drawMotionView(MotionState& state, MotionViewState& view, const MotionViewInput& in,
                                CanvasFrame& canvases) {
    MotionViewEvents events;
    ImGui::PushID("motion");
    if (!in.facts) {
        ImGui::TextDisabled("Load a model first.");
        ImGui::PopID();
        return events;
    }
    controls(state, in);
    if (!in.blocked.empty() && in.held == 0) {
        ImGui::Spacing();
        ImGui::PushTextWrapPos(0);
        ImGui::TextDisabled("%s", in.blocked.c_str());
        ImGui::PopTextWrapPos();
    } else {
        const ImVec2 avail = ImGui::GetContentRegionAvail();
        const float side = motionCanvasSide(avail, ImGui::GetFrameHeightWithSpacing(), motionTransportLines(in, avail.x));
        frameCanvas(in, side, canvases, events);
        transport(state, in, events);
        statusLine(view, in, events);
    }
    exportDialog(state, view, in, events);
    ImGui::PopID();
    return events;
}

}  // namespace stylemix::gui
