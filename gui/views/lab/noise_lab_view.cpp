#include "gui/views/lab/noise_lab_view.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace stylemix::gui {

const char* splitNoiseName(SplitNoise s) {
    switch (s) {
    case SplitNoise::Current: return "knobs";
    case SplitNoise::All: return "all layers";
    case SplitNoise::None: return "no noise";
    case SplitNoise::FineOnly: return "fine only";
    case SplitNoise::CoarseOnly: return "coarse only";
    }
    return "?";
}

CropRect defaultLabCrop(int resolution) {
    const int size = std::max(4, resolution / 4);
    return {(resolution - size) / 2, (resolution - size) / 2, size, size};
}

CropRect clampCrop(CropRect c, int resolution) {
    if (resolution <= 0) return c;
    c.width = std::clamp(c.width, 2, resolution);
    c.height = std::clamp(c.height, 2, resolution);
    c.x = std::clamp(c.x, 0, resolution - c.width);
    c.y = std::clamp(c.y, 0, resolution - c.height);
    return c;
}

NoiseSpec splitNoiseSpec(SplitNoise side, const NoiseState& noise, const std::vector<NoiseLayerInfo>& layers) {
    NoiseState s = noise;
    s.fitTo(static_cast<int>(layers.size()));
    if (s.mode == NoiseMode::None) s.mode = NoiseMode::Const;   // a comparison needs some noise
    switch (side) {
    case SplitNoise::Current: break;
    case SplitNoise::All: s.applyPreset(layers, NoisePreset::All); break;
    case SplitNoise::None: s.applyPreset(layers, NoisePreset::None); break;
    case SplitNoise::FineOnly: s.applyPreset(layers, NoisePreset::FineOnly); break;
    case SplitNoise::CoarseOnly: s.applyPreset(layers, NoisePreset::CoarseOnly); break;
    }
    return toNoiseSpec(s);
}

Image stddevTexelImage(const NoiseLabResult& result, int resolution) {
    Image out = makeImage(resolution, resolution, 1);
    const std::size_t n = std::min(out.pixels.size(), result.stddev_levels.size());
    for (std::size_t i = 0; i < n; ++i)
        out.pixels[i] = static_cast<std::uint8_t>(std::clamp(std::lround(result.stddev_levels[i] * kStdDevTexelScale), 0L, 255L));
    return out;
}

float autoStdDevGain(float max_stddev) {
    if (!(max_stddev > 0.f)) return 32.f;
    return std::clamp(std::round(255.f / max_stddev * 10.f) / 10.f, 1.f, 256.f);
}

LabGeometry labGeometry(const LabGeometryInput& in) {
    LabGeometry g;
    const float w = std::max(in.width, 1.f), sp = in.spacing;
    g.views_per_row = 1;
    for (int n = 3; n >= 2; --n)
        if ((w - (n - 1) * sp) / n >= in.min_view) {
            g.views_per_row = n;
            break;
        }
    const float fit = (w - (g.views_per_row - 1) * sp) / g.views_per_row;
    // At most half the view's height, but never narrower than the controls need (then it scrolls).
    g.side = std::max(1.f, std::floor(std::max(std::min(fit, in.height * 0.5f), std::min(in.min_view, fit))));
    const int shown = std::max(in.shown, 1);
    const float by_width = (w - sp * (shown - 1)) / shown;
    const float by_height = std::max(in.em * 3, (in.height - g.side) * 0.3f);
    g.tile = std::max(1.f, std::floor(std::min(std::max(std::min(by_width, by_height), in.em * 3), w)));
    g.tiles_per_row = std::clamp(static_cast<int>((w + sp) / (g.tile + sp)), 1, shown);
    return g;
}

namespace {

// `full` when it fits `width`, else `brief` with `full` as its tooltip (never clipped).
void fittedText(const char* full, const char* brief, float width) {
    const bool fits = ImGui::CalcTextSize(full).x <= width;
    ImGui::TextUnformatted(fits ? full : brief);
    if (!fits && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", full);
}

// Width of the std-dev view's "gain" label and "auto" checkbox beside the slider.
float gainExtrasWidth() {
    const ImGuiStyle& st = ImGui::GetStyle();
    return ImGui::CalcTextSize("gain").x + st.ItemInnerSpacing.x + st.ItemSpacing.x + ImGui::GetFrameHeight() +
           st.ItemInnerSpacing.x + ImGui::CalcTextSize("auto").x;
}

float widestSplitName() {
    float w = 0;
    for (SplitNoise s : {SplitNoise::Current, SplitNoise::All, SplitNoise::None, SplitNoise::FineOnly, SplitNoise::CoarseOnly})
        w = std::max(w, ImGui::CalcTextSize(splitNoiseName(s)).x);
    return w;
}

// The narrowest view whose controls stay usable: a gain slider of 5 em, both
// split-view names in their corners, short titles.
float minViewWidth() {
    const float em = ImGui::GetFontSize();
    const float gain_row = em * 5 + gainExtrasWidth();
    const float split_names = 2 * (widestSplitName() + 8) + em;
    return std::ceil(std::max({em * 9, gain_row, split_names}));
}

// The big image with the crop rectangle: drag inside it to move it, drag
// elsewhere to draw a new one.
void cropEditor(LabState& state, int res, CanvasFrame& canvases, float side) {
    CanvasJob& job = canvases.image(LabSlot::SubjectCanvas, ImVec2(side, side));
    job.draws.push_back({PassKind::Tile, {LabSlot::Realisation, 0, 0}, {}, {0, 0}, job.size});
    const ImVec2 p0 = ImGui::GetItemRectMin();
    const float scale = job.size.x / res;
    const ImGuiIO& io = ImGui::GetIO();
    auto toImage = [&](ImVec2 p) { return ImVec2((p.x - p0.x) / scale, (p.y - p0.y) / scale); };
    ImGuiStorage* storage = ImGui::GetStateStorage();
    const ImGuiID mode_id = ImGui::GetID("crop-mode"), ax = ImGui::GetID("crop-ax"), ay = ImGui::GetID("crop-ay");
    if (ImGui::IsItemHovered() && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
        const ImVec2 m = toImage(io.MousePos);
        const CropRect& c = state.crop;
        const bool inside = m.x >= c.x && m.x < c.x + c.width && m.y >= c.y && m.y < c.y + c.height;
        storage->SetInt(mode_id, inside ? 1 : 2);
        storage->SetFloat(ax, inside ? m.x - c.x : m.x);
        storage->SetFloat(ay, inside ? m.y - c.y : m.y);
    }
    const int mode = storage->GetInt(mode_id, 0);
    if (mode != 0 && ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
        const ImVec2 m = toImage(io.MousePos);
        if (mode == 1) {
            state.crop.x = static_cast<int>(std::lround(m.x - storage->GetFloat(ax)));
            state.crop.y = static_cast<int>(std::lround(m.y - storage->GetFloat(ay)));
        } else {
            const float x0 = std::min(m.x, storage->GetFloat(ax)), x1 = std::max(m.x, storage->GetFloat(ax));
            const float y0 = std::min(m.y, storage->GetFloat(ay)), y1 = std::max(m.y, storage->GetFloat(ay));
            state.crop = {static_cast<int>(std::floor(x0)), static_cast<int>(std::floor(y0)),
                          static_cast<int>(std::ceil(x1) - std::floor(x0)), static_cast<int>(std::ceil(y1) - std::floor(y0))};
        }
        state.crop = clampCrop(state.crop, res);
    } else if (mode != 0) {
        storage->SetInt(mode_id, 0);
    }
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 a(p0.x + state.crop.x * scale, p0.y + state.crop.y * scale);
    const ImVec2 b(a.x + state.crop.width * scale, a.y + state.crop.height * scale);
    draw->AddRect(ImVec2(a.x - 1, a.y - 1), ImVec2(b.x + 1, b.y + 1), IM_COL32(0, 0, 0, 160), 0, 0, 3.f);
    draw->AddRect(a, b, IM_COL32(255, 60, 60, 255), 0, 0, 1.5f);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("crop %d,%d %dx%d\ndrag inside to move it, elsewhere to draw a new one", state.crop.x,
                          state.crop.y, state.crop.width, state.crop.height);
}

// Over the map while it is not the finished map of the current settings: an
// older request's map is dimmed ("computing K = 256...", Cancel); the current
// request's map so far is not ("K = 40 of 256...", Cancel); a cancelled one
// says so (Recompute).
void mapOverlay(LabState& state, const LabViewInput& in) {
    const bool refining = in.refining && !in.cancelled;
    const ImVec2 p0 = ImGui::GetItemRectMin(), p1 = ImGui::GetItemRectMax();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    char text[64];
    if (in.cancelled) std::snprintf(text, sizeof text, "stale (cancelled)");
    else if (refining) std::snprintf(text, sizeof text, "K = %d of %d...", in.result_samples, in.computing_samples);
    else std::snprintf(text, sizeof text, "computing K = %d...", in.computing_samples);
    if (refining) {   // the map itself is current: only the text gets a backdrop
        const ImVec2 ts = ImGui::CalcTextSize(text);
        draw->AddRectFilled(ImVec2(p0.x + 2, p0.y + 2), ImVec2(p0.x + 10 + ts.x, p0.y + 10 + ts.y), IM_COL32(0, 0, 0, 150));
    } else {
        draw->AddRectFilled(p0, p1, IM_COL32(0, 0, 0, 150));
    }
    draw->AddText(ImVec2(p0.x + 6, p0.y + 6), IM_COL32_WHITE, text);
    const ImVec2 after = ImGui::GetCursorScreenPos();
    ImGui::SetCursorScreenPos(ImVec2(p0.x + 6, p0.y + 12 + ImGui::GetTextLineHeight()));
    if (in.cancelled) {
        if (ImGui::SmallButton("Recompute")) state.recompute_requested = true;
    } else if (ImGui::SmallButton("Cancel")) {
        state.cancel_requested = true;
    }
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip(in.cancelled ? "Compute the std-dev map for the current settings"
                          : refining   ? "Stop computing; keep showing this map (marked stale)"
                                       : "Stop computing; keep showing the old map (marked stale)");
    ImGui::SetCursorScreenPos(after);
}

void heatMap(LabState& state, const LabViewInput& in, const NoiseLabResult* result, CanvasFrame& canvases, float side) {
    CanvasJob& job = canvases.image(LabSlot::StdDevCanvas, ImVec2(side, side));
    CanvasDraw d{PassKind::HeatMap, {LabSlot::StdDevRaw, 0, 0}, {}, {0, 0}, job.size};
    d.gain = state.gain / kStdDevTexelScale;   // texel -> levels -> colour-map position
    job.draws.push_back(d);
    if (result && (in.stale || in.cancelled)) mapOverlay(state, in);
    CanvasJob& legend = canvases.image(LabSlot::LegendCanvas, ImVec2(side, ImGui::GetFontSize() * 0.6f));
    legend.draws.push_back({PassKind::HeatLegend, {}, {}, {0, 0}, legend.size});
    ImGui::TextDisabled("0");
    ImGui::SameLine(side - ImGui::CalcTextSize("255.0 levels").x);
    ImGui::TextDisabled("%.1f levels", 255.f / state.gain);
    if (result && state.auto_gain) state.gain = autoStdDevGain(result->max_stddev);
    ImGui::SetNextItemWidth(side - gainExtrasWidth());
    if (ImGui::SliderFloat("gain", &state.gain, 1.f, 256.f, "x%.1f", ImGuiSliderFlags_Logarithmic)) {
        state.gain = std::round(state.gain * 10.f) / 10.f;   // short numbers in recipes
        state.auto_gain = false;
    }
    ImGui::SameLine();
    ImGui::Checkbox("auto", &state.auto_gain);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Scale so the largest std-dev reaches the top of the colour map");
    if (result) {
        char full[64], brief[32];
        std::snprintf(full, sizeof full, "max std-dev %.2f levels", result->max_stddev);
        std::snprintf(brief, sizeof brief, "max %.2f", result->max_stddev);
        ImGui::BeginDisabled();
        fittedText(full, brief, side);
        ImGui::EndDisabled();
    }
}

// The split view: two noise configurations of the subject, a divider that
// follows the pointer while the button is held (press anywhere on the view).
void splitView(LabState& state, CanvasFrame& canvases, float side) {
    ImGui::Checkbox("Split view", &state.split_enabled);
    if (!state.split_enabled) return;
    CanvasJob& job = canvases.image(LabSlot::SplitCanvas, ImVec2(side, side));
    CanvasDraw d{PassKind::Split, {LabSlot::SplitLeft, 0, 0}, {LabSlot::SplitRight, 0, 0}, {0, 0}, job.size};
    const ImVec2 p0 = ImGui::GetItemRectMin(), p1 = ImGui::GetItemRectMax();
    state.split_min = p0;
    state.split_max = p1;
    const bool hovered = ImGui::IsItemHovered();
    ImGuiStorage* storage = ImGui::GetStateStorage();
    const ImGuiID dragging = ImGui::GetID("split-drag");
    if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) storage->SetBool(dragging, true);
    if (!ImGui::IsMouseDown(ImGuiMouseButton_Left)) storage->SetBool(dragging, false);
    if (storage->GetBool(dragging, false))
        state.split = std::clamp((ImGui::GetIO().MousePos.x - p0.x) / side, 0.f, 1.f);
    d.split = state.split;
    job.draws.push_back(d);
    if (hovered || storage->GetBool(dragging, false)) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
    if (hovered)
        ImGui::SetTooltip("left: %s\nright: %s\npress and drag to move the divider", splitNoiseName(state.split_left),
                          splitNoiseName(state.split_right));
    // Name each half in its top corner.
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const char* left = splitNoiseName(state.split_left);
    const char* right = splitNoiseName(state.split_right);
    const float pad = 4.f, rw = ImGui::CalcTextSize(right).x, lh = ImGui::GetTextLineHeight();
    draw->AddRectFilled(p0, ImVec2(p0.x + ImGui::CalcTextSize(left).x + 2 * pad, p0.y + lh + 2 * pad), IM_COL32(0, 0, 0, 150));
    draw->AddText(ImVec2(p0.x + pad, p0.y + pad), IM_COL32_WHITE, left);
    draw->AddRectFilled(ImVec2(p1.x - rw - 2 * pad, p0.y), ImVec2(p1.x, p0.y + lh + 2 * pad), IM_COL32(0, 0, 0, 150));
    draw->AddText(ImVec2(p1.x - rw - pad, p0.y + pad), IM_COL32_WHITE, right);
    // The two choices side by side when their names fit, else one under the other.
    const float half = std::floor((side - ImGui::GetStyle().ItemSpacing.x) / 2);
    const bool beside = half >= widestSplitName() + ImGui::GetFrameHeight() + 2 * ImGui::GetStyle().FramePadding.x;
    for (int i = 0; i < 2; ++i) {
        SplitNoise& sn = i == 0 ? state.split_left : state.split_right;
        if (i == 1 && beside) ImGui::SameLine();
        ImGui::PushID(i);
        ImGui::SetNextItemWidth(beside ? half : side);
        if (ImGui::BeginCombo("##side", splitNoiseName(sn))) {
            for (SplitNoise c : {SplitNoise::Current, SplitNoise::All, SplitNoise::None, SplitNoise::FineOnly,
                                 SplitNoise::CoarseOnly})
                if (ImGui::Selectable(splitNoiseName(c), c == sn)) sn = c;
            ImGui::EndCombo();
        }
        ImGui::PopID();
    }
}

// A row of the crop, magnified, one tile per realisation, from `slot`
// (the realisations, or their differences from the mean).
// The tiles wrap after `g.tiles_per_row`.
void cropStrip(CanvasId id, ImageSlot slot, const LabState& state, int res, int shown, const LabGeometry& g,
               CanvasFrame& canvases) {
    const float spacing = ImGui::GetStyle().ItemSpacing.x, tile = g.tile;
    const int per_row = std::max(1, std::min(g.tiles_per_row, shown)), rows = (shown + per_row - 1) / per_row;
    CanvasJob& strip = canvases.image(id, ImVec2(tile * per_row + spacing * (per_row - 1), tile * rows + spacing * (rows - 1)));
    const ImVec2 uv0(static_cast<float>(state.crop.x) / res, static_cast<float>(state.crop.y) / res);
    const ImVec2 uv1(static_cast<float>(state.crop.x + state.crop.width) / res,
                     static_cast<float>(state.crop.y + state.crop.height) / res);
    for (int i = 0; i < shown; ++i) {
        const float x = (i % per_row) * (tile + spacing), y = (i / per_row) * (tile + spacing);
        CanvasDraw d{PassKind::Tile, {slot, i, 0}, {}, {x, y}, {x + tile, y + tile}, uv0, uv1};
        if (!canvases.has(d.image)) d = CanvasDraw{PassKind::Fill, {}, {}, {x, y}, {x + tile, y + tile}};
        d.color = ImVec4(0.16f, 0.16f, 0.19f, 1.f);
        strip.draws.push_back(d);
    }
}

// Places the next group of `width` beside the last one when it fits, else below.
void nextGroup(float& x, float width, float avail) {
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    if (x > 0 && x + spacing + width <= avail) {
        ImGui::SameLine();
        x += spacing + width;
    } else {
        x = width;
    }
}

// Subject, K, how many realisations to show, progress: they wrap like the views.
void labControls(LabState& state, const LabViewInput& in, float avail) {
    ImGui::TextWrapped("Subject: %s", in.subject_text.c_str());
    const float em = ImGui::GetFontSize();
    const float inner = ImGui::GetStyle().ItemInnerSpacing.x;
    float x = 0;
    nextGroup(x, em * 10 + inner + ImGui::CalcTextSize("K realisations").x, avail);
    ImGui::SetNextItemWidth(em * 10);
    ImGui::SliderInt("K realisations", &state.samples, 2, LabState::kMaxSamples, "%d", ImGuiSliderFlags_Logarithmic);
    nextGroup(x, em * 6 + inner + ImGui::CalcTextSize("shown").x, avail);
    ImGui::SetNextItemWidth(em * 6);
    ImGui::SliderInt("shown", &state.keep, 1, 12);
    state.keep = std::min(state.keep, state.samples);
    if (in.busy) {
        nextGroup(x, em * 8, avail);
        ImGui::ProgressBar(in.progress, ImVec2(em * 8, 0), "rendering...");
    }
}

// Row(s) 1: realisation 0 with the crop | std-dev heat map | split view, wrapping as `g` says.
void labViews(LabState& state, const LabViewInput& in, int res, const LabGeometry& g, float avail, CanvasFrame& canvases) {
    const bool have = in.result && !in.result->realisations.empty();
    const float side = g.side;
    float x = 0;
    nextGroup(x, side, avail);
    ImGui::BeginGroup();
    fittedText("Realisation 0 (drag a crop)", "Realisation 0", side);
    cropEditor(state, res, canvases, side);
    ImGui::EndGroup();
    nextGroup(x, side, avail);
    ImGui::BeginGroup();
    char full[64], brief[32];
    std::snprintf(full, sizeof full, "Std-dev over K = %d", have ? in.result_samples : 0);
    std::snprintf(brief, sizeof brief, "Std-dev, K = %d", have ? in.result_samples : 0);
    fittedText(full, brief, side);
    heatMap(state, in, have ? in.result : nullptr, canvases, side);
    ImGui::EndGroup();
    nextGroup(x, side, avail);
    ImGui::BeginGroup();
    splitView(state, canvases, side);
    ImGui::EndGroup();
}

// Rows below: the crop of each kept realisation, magnified, then its
// difference from the mean of the kept realisations x N.
void labStrips(LabState& state, const LabViewInput& in, int res, int shown, const LabGeometry& g, float avail,
               CanvasFrame& canvases) {
    const bool have = in.result && !in.result->realisations.empty();
    ImGui::Spacing();
    ImGui::TextWrapped("Crop %dx%d at %d,%d in %d noise realisations", state.crop.width, state.crop.height, state.crop.x,
                       state.crop.y, have ? shown : 0);
    cropStrip(LabSlot::CropsCanvas, LabSlot::Realisation, state, res, shown, g, canvases);
    const char* label = "Difference from the mean x";
    const float em = ImGui::GetFontSize(), spacing = ImGui::GetStyle().ItemSpacing.x;
    const float label_w = ImGui::CalcTextSize(label).x;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(label);
    const bool beside = label_w + spacing + em * 5 <= avail;   // else the slider goes under the label
    if (beside) ImGui::SameLine();
    ImGui::SetNextItemWidth(std::min(em * 8, beside ? avail - label_w - spacing : avail));
    ImGui::SliderInt("##diffgain", &state.difference_gain, 1, 64, "%d", ImGuiSliderFlags_Logarithmic);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("|realisation - mean of the %d shown| x N per channel: shows where the noise changes the "
                          "image, even when the change is a few levels", shown);
    cropStrip(LabSlot::DifferenceCanvas, LabSlot::Difference, state, res, shown, g, canvases);
}

}  // namespace

void drawNoiseLabView(LabState& state, const LabViewInput& in, CanvasFrame& canvases) {
    ImGui::PushID("lab");
    const int res = in.facts ? in.facts->img_resolution : 0;
    if (in.facts && !in.facts->hasNoise()) {
        ImGui::Spacing();
        ImGui::TextWrapped("The noise lab is not available for this model: %s has no noise inputs, so its images "
                           "depend on w alone.", in.facts->family_label.empty() ? "it" : in.facts->family_label.c_str());
        ImGui::PopID();
        return;
    }
    if (res <= 0 || state.selection.kind == LabSelection::Kind::None) {
        ImGui::Spacing();
        ImGui::TextDisabled(res <= 0 ? "Load a model first." : "Click a face in the grid to study its noise here.");
        ImGui::PopID();
        return;
    }
    if (state.crop.width <= 0) state.crop = defaultLabCrop(res);
    state.crop = clampCrop(state.crop, res);
    // The vertical scrollbar's space is always reserved: a layout sized from a
    // width that changes with the scrollbar can flip it on and off every frame.
    ImGui::BeginChild("lab-scroll", ImVec2(0, 0), false,
                      ImGuiWindowFlags_HorizontalScrollbar | ImGuiWindowFlags_AlwaysVerticalScrollbar |
                          ImGuiWindowFlags_NoBackground);
    const float avail = ImGui::GetContentRegionAvail().x;
    const bool have = in.result && !in.result->realisations.empty();
    const int shown = have ? static_cast<int>(in.result->realisations.size()) : state.keep;
    LabGeometryInput gi;
    gi.width = avail;
    gi.height = ImGui::GetWindowHeight();
    gi.em = ImGui::GetFontSize();
    gi.spacing = ImGui::GetStyle().ItemSpacing.x;
    gi.min_view = minViewWidth();
    gi.shown = shown;
    const LabGeometry g = labGeometry(gi);
    labControls(state, in, avail);
    labViews(state, in, res, g, avail, canvases);
    labStrips(state, in, res, shown, g, avail, canvases);
    ImGui::EndChild();
    ImGui::PopID();
}

}  // namespace stylemix::gui
